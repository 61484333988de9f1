package io.simwarden.node.dashboard;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Headless Chromium driven through Debian's chromedriver. Both come from Debian's packages; when they are
 * missing (a fresh machine, a new CI runner) this installs them with apt-get, as root, so the browser tests
 * always run and never skip. The command line's tests open the simulator's reports in it too.
 */
public final class Chromium {
  static final Path BROWSER = Path.of("/usr/bin/chromium");
  static final Path DRIVER = Path.of("/usr/bin/chromedriver");
  private static final List<String> INSTALL = List.of("apt-get", "install", "-y", "chromium", "chromium-driver");

  private Chromium() {}

  /** Installs chromium and chromium-driver unless both are there; fails with what to do when it cannot. */
  public static synchronized void install() {
    if (installed()) {
      return;
    }
    // A fresh machine may have no package lists yet: read them once if the first attempt fails.
    if (run(INSTALL) != 0 && (run(List.of("apt-get", "update")) != 0 || run(INSTALL) != 0) || !installed()) {
      throw new IllegalStateException("the browser tests need Debian's chromium and chromium-driver (" + BROWSER
          + ", " + DRIVER + ") and could not install them; as root run: apt-get install -y chromium chromium-driver");
    }
  }

  private static boolean installed() {
    return Files.isExecutable(BROWSER) && Files.isExecutable(DRIVER);
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

  /** A new headless browser with its own profile in {@code profile}, recording the page's console. */
  public static ChromeDriver start(Path profile) {
    try {
      Files.createDirectories(profile);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
        .usingAnyFreePort().build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(BROWSER.toFile());
    options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
        "--window-size=1440,1500", "--user-data-dir=" + profile.toAbsolutePath());
    options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
    return new ChromeDriver(service, options);
  }
}
