package io.simwarden.loadtest.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Installs a Debian package a test needs (as root, with apt-get) when its binary is missing, so that the test runs
 * on a fresh machine and never skips; fails with the command to run when it cannot.
 */
final class DebianPackages {

  private DebianPackages() {}

  static synchronized void require(Path binary, String... packages) {
    if (Files.isExecutable(binary)) {
      return;
    }
    List<String> install = new ArrayList<>(List.of("apt-get", "install", "-y"));
    install.addAll(List.of(packages));
    // A fresh machine may have no package lists yet: read them once if the first attempt fails.
    if (run(install) != 0 && (run(List.of("apt-get", "update")) != 0 || run(install) != 0)
        || !Files.isExecutable(binary)) {
      throw new IllegalStateException("this test needs " + binary + " and could not install it; as root run: "
          + String.join(" ", install));
    }
  }

  private static int run(List<String> command) {
    ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
    builder.environment().put("DEBIAN_FRONTEND", "noninteractive");
    try {
      Process process = builder.start();
      if (!process.waitFor(20, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        return -1;
      }
      return process.exitValue();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
