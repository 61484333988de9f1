package io.simwarden.persistence.cassandra;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** Where the jars of the Cassandra JVM that {@link LocalCassandra} starts come from. */
final class CassandraClasspath {

  /** The resource of simwarden-cassandra-dist that lists the jars' absolute paths in the local Maven repository. */
  static final String RESOURCE = "simwarden/cassandra.classpath";
  /** A directory of Cassandra's jars to use instead of {@link #RESOURCE}; set by the distribution's launcher. */
  static final String LIB_PROPERTY = "simwarden.cassandra.lib";

  private CassandraClasspath() {}

  /**
   * Cassandra's jars: every jar in the directory named by system property {@value #LIB_PROPERTY} when it is set (the
   * distribution's {@code lib/cassandra}), else the paths recorded in {@value #RESOURCE} (a build from the
   * checkout, whose jars are in the local Maven repository).
   */
  static List<Path> jars() {
    String lib = System.getProperty(LIB_PROPERTY);
    return lib == null ? recordedClasspath() : jarsIn(Path.of(lib));
  }

  private static List<Path> jarsIn(Path lib) {
    List<Path> jars;
    try (var files = Files.list(lib)) {
      jars = files.filter(f -> f.getFileName().toString().endsWith(".jar")).sorted().toList();
    } catch (IOException e) {
      throw new CassandraLaunchException("Cannot read Cassandra's jars in " + lib + " (" + LIB_PROPERTY + "): " + e
          + ". Reinstall the distribution, or unset " + LIB_PROPERTY + " to use a build from the checkout.");
    }
    if (jars.stream().noneMatch(jar -> jar.getFileName().toString().startsWith("cassandra-all-"))) {
      throw new CassandraLaunchException("No cassandra-all jar in " + lib + " (" + LIB_PROPERTY
          + "): reinstall the distribution, whose lib/cassandra holds Cassandra's jars.");
    }
    return jars;
  }

  private static List<Path> recordedClasspath() {
    String text;
    try (InputStream in = CassandraClasspath.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new CassandraLaunchException("Resource " + RESOURCE + " is not on the classpath:"
            + " add a dependency on io.simwarden:simwarden-cassandra-dist (with an exclusion of *:*).");
      }
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
    List<Path> jars = Arrays.stream(text.split(File.pathSeparator)).map(Path::of).toList();
    List<Path> missing = jars.stream().filter(jar -> !Files.isRegularFile(jar)).toList();
    if (!missing.isEmpty()) {
      throw new CassandraLaunchException(missing.size() + " of Cassandra's " + jars.size()
          + " jars are missing from the local Maven repository (first: " + missing.get(0) + ")."
          + " Run: mvn -pl cassandra-dist -am install -DskipTests");
    }
    return jars;
  }
}
