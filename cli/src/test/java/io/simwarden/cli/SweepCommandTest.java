package io.simwarden.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simwarden.node.dashboard.Chromium;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogType;

class SweepCommandTest {

  private static final String SCENARIO = """
      seed = 11
      duration = 14h
      fleet { smart-meter { count = 40 }, asset-tracker { count = 20 }, vehicle-telematics { count = 20 } }
      attacks = [
        { type = sms-fraud, name = pump, start = 8h, duration = 4h, sms-per-hour = 2, targets { sims = 4 } }
        { type = signalling-storm, start = 9h, targets { sims = 3 } }
      ]
      """;

  /** A two-step sweep end to end; its page opens in headless Chromium with both charts drawn and no error. */
  @Test
  void sweepPrintsTheTableAndFloorsAndWritesAPageThatOpensInABrowser(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("pump.conf");
    Files.writeString(file, SCENARIO);
    Path out = dir.resolve("out");
    CliRun r = CliRun.of("sweep", "--scenario", file.toString(), "--attack", "pump", "--param", "sms-per-hour=0.2..40",
        "--steps", "2", "--out", out.toString());
    assertEquals(0, r.exitCode(), r.err());
    assertTrue(r.out().contains("sweep of pump (sms-fraud) in pump: sms-per-hour from 0.2 to 40 in 2 steps; seed 11, "
        + "80 SIMs, 14h each, the other attacks left out"), r.out());
    assertTrue(r.out().matches("(?s).*\n40 +4 +4 +1\\.00 +1\\.00 +0 +0\\.000 .*"), r.out());
    assertTrue(r.out().contains("detection floor (recall ≥ 0.9 at this value and at every later step):"), r.out());
    assertTrue(r.out().matches("(?s).*\n  sms-fraud +(≤ 0\\.2|40)\n.*"), r.out());
    assertTrue(Files.readString(out.resolve("sweep.md")).contains("./simwarden sweep --scenario " + file), "command");

    Chromium.install();
    ChromeDriver browser = Chromium.start(dir.resolve("chromium-profile"));
    try {
      browser.get(out.resolve("sweep.html").toUri().toString());
      List<WebElement> charts = browser.findElements(By.tagName("svg"));
      assertEquals(2, charts.size(), "the recall and the false-alarm chart");
      for (WebElement chart : charts) {
        assertTrue(chart.getSize().getWidth() > 600 && chart.getSize().getHeight() > 200, "drawn: " + chart.getSize());
      }
      assertTrue(browser.findElements(By.cssSelector("svg circle")).size() >= 4, "a point per step and series");
      assertTrue(browser.findElement(By.tagName("body")).getText().contains("Detection floors"));
      assertTrue(browser.manage().logs().get(LogType.BROWSER).getAll().stream()
          .noneMatch(e -> e.getLevel().intValue() >= Level.WARNING.intValue()), "no console error");
    } finally {
      browser.quit();
    }
  }

  @Test
  void badFlagsNameTheFlagAndTheFixAndExitWith2() {
    assertBad("--attack: scenario quickstart has no attack 'pump'; its attacks: ", "--scenario", "quickstart",
        "--attack", "pump", "--param", "sms-per-hour=1..2");
    assertBad("--param: an attack of type sms-fraud has no parameter 'rate'; give one of", "--scenario",
        "quickstart", "--attack", "sms-fraud", "--param", "rate=1..2");
    assertBad("--param: must be KEY=FROM..TO", "--scenario", "quickstart", "--attack", "sms-fraud", "--param",
        "sms-per-hour=1");
    assertBad("--param: FROM and TO are the same", "--scenario", "quickstart", "--attack", "sms-fraud", "--param",
        "sms-per-hour=3..3");
    assertBad("--steps: must be 2-50", "--scenario", "quickstart", "--attack", "sms-fraud", "--param",
        "sms-per-hour=1..8", "--steps", "1");
    assertBad("--journal: a sweep runs on the memory journal only", "--scenario", "quickstart", "--attack",
        "sms-fraud", "--param", "sms-per-hour=1..8", "--journal", "cassandra");
    assertBad("--devices: must be 1-", "--scenario", "quickstart", "--attack", "sms-fraud", "--param",
        "sms-per-hour=1..8", "--devices", "0");
    assertBad("--scenario: 'quikstart' is neither a built-in scenario", "--scenario", "quikstart", "--attack", "sms-fraud", "--param",
        "sms-per-hour=1..8");
  }

  private static void assertBad(String message, String... args) {
    String[] all = new String[args.length + 1];
    all[0] = "sweep";
    System.arraycopy(args, 0, all, 1, args.length);
    CliRun r = CliRun.of(all);
    assertEquals(2, r.exitCode(), r.err());
    assertTrue(r.err().contains("error: " + message), r.err());
    assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
  }
}
