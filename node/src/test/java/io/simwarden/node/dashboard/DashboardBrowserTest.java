package io.simwarden.node.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simwarden.node.HttpApi;
import io.simwarden.node.PortScanAttack;
import io.simwarden.node.SharedNode;
import io.simwarden.node.TestSims;
import io.simwarden.node.security.Role;
import io.simwarden.persistence.cassandra.CassandraExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in headless Chromium against a real node on the real Cassandra: an operator logs in, watches an
 * attack's alert arrive live, and suspends the SIM from its page; a viewer sees the SIM without the buttons.
 * Screenshots go to {@code target/screenshots/}.
 */
@ExtendWith({CassandraExtension.class, SharedNode.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardBrowserTest {
  private static final String ORG = "dashboard-acme";
  private static final int ATTACKED = 8_200_001;
  private static final int QUIET = 8_200_002;
  private static final Path SCREENSHOTS = Path.of("target", "screenshots");
  /** Tag views lag the journal (1 s in tests) and the stream polls each second: patience for a busy machine. */
  private static final Duration LIVE = Duration.ofSeconds(90);

  private HttpApi api;
  private String operator;
  private String viewer;
  private ChromeDriver browser;

  @BeforeAll
  void start() throws IOException {
    Chromium.install();
    SharedNode.Running node = SharedNode.get();
    api = node.api();
    operator = node.key(Role.OPERATOR, ORG);
    viewer = node.key(Role.VIEWER, ORG);
    api.post("/api/v1/sims", operator, TestSims.provision(QUIET, null, true)).assertOk();
    Files.createDirectories(SCREENSHOTS);
    browser = Chromium.start(Path.of("target", "chromium-profile"));
  }

  @AfterAll
  void stop() {
    if (browser != null) {
      browser.quit();
    }
  }

  /** Every page must run without script errors or blocked resources (the content security policy is strict). */
  @AfterEach
  void consoleIsClean() {
    List<String> severe = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
        .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
        .map(LogEntry::getMessage)
        .filter(m -> !m.contains("/api/v1/")) // refused API calls the test provokes (a bad key) are logged too
        .toList();
    assertEquals(List.of(), severe);
  }

  @Test
  @Order(1)
  void aBadKeyIsRefusedWithAReason() {
    browser.get(api.base() + "/");
    WebElement key = waitFor(By.id("login-key"));
    key.sendKeys(viewer.substring(0, viewer.length() - 4) + "AAAA");
    browser.findElement(By.id("login-submit")).click();
    WebElement error = new WebDriverWait(browser, Duration.ofSeconds(30))
        .until(ExpectedConditions.visibilityOfElementLocated(By.id("login-error")));
    assertTrue(error.getText().contains("not accepted"), error.getText());
    assertFalse(browser.findElement(By.id("fleet-view")).isDisplayed());
  }

  @Test
  @Order(2)
  void anOperatorSeesAnAttackLiveAndSuspendsTheSimFromItsPage() {
    logIn(operator);
    assertEquals("operator", browser.findElement(By.id("who-role")).getText().toLowerCase());
    new WebDriverWait(browser, LIVE).until(ExpectedConditions.textToBe(By.id("feed-state"), "LIVE"));
    // A marker that a reload would wipe: the alert must arrive in this same page.
    js("window.sameDocument = true;");

    PortScanAttack.run(api, operator, ATTACKED);
    String imsi = TestSims.imsi(ATTACKED);
    // The scan also trips the firewall-violation detector: wait for the port-scan alert among them.
    By detections = By.cssSelector("#alert-feed li[data-imsi='" + imsi + "'][data-type='AnomalyDetected']");
    WebElement alert = new WebDriverWait(browser, LIVE).until(d -> d.findElements(detections).stream()
        .filter(li -> li.getText().contains("Port scan")).findFirst().orElse(null));
    assertEquals(Boolean.TRUE, js("return window.sameDocument === true;"), "the page was reloaded");
    assertFalse(browser.getCurrentUrl().contains(operator.substring(operator.indexOf('.') + 1)), "key in the URL");

    waitFor(By.cssSelector("#top-sims tr[data-imsi='" + imsi + "']"));
    assertFalse(browser.findElements(By.cssSelector("#alert-chart rect.sev")).isEmpty(), "no bars in the chart");
    // The summary cards are redrawn every 15 s, so an element found may be replaced before it is read.
    new WebDriverWait(browser, LIVE).ignoring(StaleElementReferenceException.class).until(d -> Integer.parseInt(
        d.findElement(By.cssSelector("[data-status='ACTIVE'] .stat-value")).getText().replace(",", "")) >= 2);
    screenshot("fleet.png");

    alert.findElement(By.cssSelector("a.imsi")).click();
    WebElement status = waitFor(By.cssSelector("#sim-status[data-status='ACTIVE']"));
    assertEquals("ACTIVE", status.getText());
    waitFor(By.cssSelector("#sim-timeline li[data-type='AnomalyDetected']"));
    assertTrue(browser.findElement(By.id("sim-firewall")).getText().contains("headend"));
    assertTrue(browser.findElement(By.id("sim-lock")).getText().contains("First seen"));
    assertFalse(browser.findElement(By.id("sim-resume")).isDisplayed());

    browser.findElement(By.id("sim-reason")).sendKeys("port scan seen on the dashboard");
    browser.findElement(By.id("sim-suspend")).click();
    waitFor(By.cssSelector("#sim-status[data-status='SUSPENDED']"));
    assertTrue(waitFor(By.id("sim-resume")).isDisplayed());
    assertFalse(browser.findElement(By.id("sim-suspend")).isDisplayed());
    waitFor(By.cssSelector("#sim-timeline li[data-type='Suspended']"));
    assertEquals("SUSPENDED", api.get("/api/v1/sims/" + imsi, operator).assertOk().path("status").asText());
    assertTrue(api.get("/api/v1/sims/" + imsi + "/events?from=1&limit=100", operator).body()
        .contains("port scan seen on the dashboard"));
    screenshot("sim.png");

    browser.findElement(By.id("logout")).click();
    waitFor(By.id("login-key"));
    assertEquals(null, js("return sessionStorage.getItem('simwarden.apiKey');"));
  }

  @Test
  @Order(3)
  void aViewerSeesTheSimWithoutTheButtons() {
    logIn(viewer);
    waitFor(By.id("alerts-denied"));
    browser.get(api.base() + "/dashboard/#/sims/" + TestSims.imsi(QUIET));
    assertEquals("ACTIVE", waitFor(By.cssSelector("#sim-status[data-status='ACTIVE']")).getText());
    waitFor(By.id("sim-firewall"));
    assertFalse(browser.findElement(By.id("sim-actions")).isDisplayed());
    assertFalse(browser.findElement(By.id("sim-suspend")).isDisplayed());
    assertFalse(browser.findElement(By.id("sim-resume")).isDisplayed());
    assertTrue(browser.findElement(By.id("timeline-denied")).isDisplayed());
    screenshot("sim-viewer.png");
    browser.findElement(By.id("logout")).click();
    waitFor(By.id("login-key"));
  }

  @Test
  @Order(4)
  void theStreamParserHandlesLinesSplitAcrossChunks() {
    browser.get(api.base() + "/dashboard/");
    waitFor(By.id("login-key"));
    // Chunks cut inside a CRLF, inside a field and between events, with a comment (heartbeat) and two data lines.
    Object events = js("""
        const seen = [];
        const parser = new SseParser(e => seen.push(e.id + '|' + e.event + '|' + e.data));
        for (const chunk of [':\\r', '\\ndata:{"a"', ':1}\\r', '\\nid: c1\\r\\n\\r', '\\n', 'event: x\\ndata: one\\n',
                             'data:two\\n\\n', 'data: open']) {
          parser.push(chunk);
        }
        return seen.join('\\n');
        """);
    assertEquals("c1|message|{\"a\":1}\nc1|x|one\ntwo", events);
  }

  private void logIn(String key) {
    browser.get(api.base() + "/");
    js("sessionStorage.clear();");
    browser.navigate().refresh();
    waitFor(By.id("login-key")).sendKeys(key);
    browser.findElement(By.id("login-submit")).click();
    waitFor(By.id("fleet-view"));
    waitFor(By.cssSelector("[data-status='TOTAL']"));
  }

  private WebElement waitFor(By locator) {
    return new WebDriverWait(browser, Duration.ofSeconds(30))
        .until(ExpectedConditions.visibilityOfElementLocated(locator));
  }

  private Object js(String script) {
    return ((JavascriptExecutor) browser).executeScript(script);
  }

  private void screenshot(String name) {
    try {
      Files.write(SCREENSHOTS.resolve(name), browser.getScreenshotAs(OutputType.BYTES));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
