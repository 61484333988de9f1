package io.simwarden.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/**
 * The version from the jar manifest ("development" when run from classes) and the git commit the build was made
 * from (recorded at build time in {@value #GIT_PROPERTIES}; absent when built outside a git checkout).
 */
final class Version implements IVersionProvider {

  static final String GIT_PROPERTIES = "simwarden/git.properties";

  @Override
  public String[] getVersion() {
    String v = Main.class.getPackage().getImplementationVersion();
    return new String[] {"simwarden " + (v == null ? "development" : v) + commit(),
        "Java " + System.getProperty("java.version")};
  }

  private static String commit() {
    Properties git = new Properties();
    try (InputStream in = Version.class.getClassLoader().getResourceAsStream(GIT_PROPERTIES)) {
      if (in == null) {
        return "";
      }
      git.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + GIT_PROPERTIES, e);
    }
    String id = git.getProperty("git.commit.id.abbrev", "");
    if (id.isEmpty()) {
      return "";
    }
    return " (commit " + id + ("true".equals(git.getProperty("git.dirty")) ? ", with local changes" : "") + ")";
  }
}
