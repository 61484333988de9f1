package io.simwarden.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tarball as a user installs it: unpacked with {@code tar} into a directory outside the checkout and run through
 * its own {@code bin/simwarden}, with nothing but a Java runtime (the test's own {@code java.home}) on the PATH.
 */
class DistributionIT {

  @TempDir
  static Path installDir;

  private static Path home;

  @BeforeAll
  static void unpack() throws Exception {
    Path tarball = Path.of(System.getProperty("simwarden.tarball"));
    assertTrue(Files.isRegularFile(tarball), "the package phase did not produce " + tarball);
    Result untar = run(installDir, List.of("tar", "-xzf", tarball.toString(), "-C", installDir.toString()));
    assertEquals(0, untar.exitCode(), untar.output());
    try (var entries = Files.list(installDir)) {
      home = entries.filter(Files::isDirectory).findFirst().orElseThrow();
    }
  }

  @Test
  void unpackedTreeHasLauncherLibrariesAndConfigs() throws IOException {
    assertTrue(Files.isExecutable(home.resolve("bin/simwarden")));
    assertTrue(Files.isRegularFile(home.resolve("README.md")));
    assertTrue(Files.isRegularFile(home.resolve("conf/local1.conf")));
    assertTrue(Files.isRegularFile(home.resolve("conf/simwarden-node.conf")));
    try (var jars = Files.list(home.resolve("lib/cassandra"))) {
      assertTrue(jars.anyMatch(jar -> jar.getFileName().toString().startsWith("cassandra-all-")),
          "lib/cassandra holds Cassandra's own jars");
    }
    try (var jars = Files.list(home.resolve("lib"))) {
      assertTrue(jars.anyMatch(jar -> jar.getFileName().toString().startsWith("simwarden-cli-")));
    }
  }

  @Test
  void versionNamesTheReleaseNotDevelopment() throws Exception {
    Result version = simwarden("--version");
    assertEquals(0, version.exitCode(), version.output());
    assertTrue(version.output().startsWith("simwarden " + System.getProperty("simwarden.version", "")),
        version.output());
    assertTrue(!version.output().contains("development"), version.output());
  }

  @Test
  void simulatesAFleetOnTheMemoryJournal() throws Exception {
    Result run = simwarden("simulate", "--scenario", "quickstart", "--journal", "memory", "--devices", "300",
        "--duration", "6h", "--no-progress");
    assertEquals(0, run.exitCode(), run.output());
    assertTrue(run.output().contains("recall"), run.output());
    assertTrue(Files.isRegularFile(installDir.resolve("work/var/reports/quickstart/report.html")),
        "the report is written under the working directory");
  }

  private static Result simwarden(String... args) throws Exception {
    Path work = Files.createDirectories(installDir.resolve("work"));
    List<String> command = new ArrayList<>(List.of(home.resolve("bin/simwarden").toString()));
    command.addAll(List.of(args));
    return run(work, command);
  }

  private record Result(int exitCode, String output) {}

  private static Result run(Path dir, List<String> command) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
    builder.environment().put("PATH", Path.of(System.getProperty("java.home"), "bin") + ":/usr/bin:/bin");
    builder.environment().remove("SIMWARDEN_JAVA_OPTS");
    Process process = builder.start();
    byte[] output = process.getInputStream().readAllBytes();
    if (!process.waitFor(5, TimeUnit.MINUTES)) {
      process.destroyForcibly();
    }
    return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
  }
}
