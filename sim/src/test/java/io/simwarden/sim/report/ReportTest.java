package io.simwarden.sim.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.simwarden.core.detect.AnomalyKind;
import io.simwarden.core.detect.Response;
import io.simwarden.core.event.RejectReason;
import io.simwarden.sim.driver.SimCommand;
import io.simwarden.sim.driver.SimulationResult;
import io.simwarden.sim.scenario.BuiltInScenarios;
import io.simwarden.sim.scenario.Scenario;
import io.simwarden.sim.score.Detected;
import io.simwarden.sim.truth.Label;
import io.simwarden.sim.attack.AttackKind;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reports of a hand-made result: self-contained HTML with its charts, JSON, CSV and the terminal summary. */
class ReportTest {

  static Report sample() {
    Scenario s = BuiltInScenarios.load("quickstart");
    int steps = s.clock().steps();
    long[] normal = new long[steps];
    long[] attack = new long[steps];
    for (int i = 0; i < steps; i++) {
      normal[i] = 1_000_000_000L + i;
      attack[i] = i > 120 ? 5_000_000 : 0;
    }
    long t0 = s.start().toEpochMilli();
    List<Label> labels = List.of(new Label(3, AttackKind.MIRAI, "mirai-cameras", t0 + 36_000_000, t0 + 86_400_000),
        new Label(8, AttackKind.SMS_FRAUD, "sms-pumping", t0 + 54_000_000, t0 + 68_400_000));
    List<Detected> found = List.of(new Detected(3, AnomalyKind.PORT_SCAN, t0 + 36_600_000, 4.2, Response.QUARANTINE),
        new Detected(77, AnomalyKind.VOLUME_SPIKE, t0 + 20_000_000, 1.4, Response.ALERT));
    SimulationResult r = new SimulationResult(s, "memory", s.counts(), labels, List.of("a note <b>escaped</b>"), found,
        new SimulationResult.Series(normal, attack, new long[steps], new long[steps], new long[steps]),
        Map.of(SimCommand.Kind.REPORT, 1000L), Map.of(RejectReason.SUSPENDED, 3L), 900, 12, 1_234, 5_000, "ab".repeat(32),
        1, 512);
    return Report.of(r);
  }

  @Test
  void theHtmlReportIsOneFileWithItsChartsAndNothingFetched() {
    String html = HtmlReport.render(sample());
    assertTrue(html.startsWith("<!DOCTYPE html>"));
    Matcher m = Pattern.compile("<svg ").matcher(html);
    int charts = 0;
    while (m.find()) {
      charts++;
    }
    assertEquals(4, charts, "traffic, refusals, detections by kind, latency");
    assertFalse(Pattern.compile("(src|href)\\s*=", Pattern.CASE_INSENSITIVE).matcher(html).find(),
        "no external resource");
    assertFalse(html.contains("<script"));
    assertTrue(html.contains("Confusion table"));
    assertTrue(html.contains("a note &lt;b&gt;escaped&lt;/b&gt;"));
    assertTrue(html.contains("PORT_SCAN"));
  }

  @Test
  void theJsonReportHasTheScoresAndTheGroundTruth() throws Exception {
    JsonNode json = new ObjectMapper().readTree(JsonReport.render(sample()));
    assertEquals("quickstart", json.at("/scenario/name").asText());
    assertEquals(2, json.at("/scores/overall/sims").asInt());
    assertEquals(1, json.at("/scores/overall/detected").asInt());
    assertEquals(0.5, json.at("/scores/overall/precision").asDouble(), 1e-9);
    assertEquals(2, json.at("/groundTruth").size());
    assertTrue(json.at("/groundTruth/1/firstDetection").isNull());
    assertEquals(1, json.at("/scores/falsePositiveSimDays").asInt());
    assertEquals(6, json.at("/scenario/attacks").size());
  }

  @Test
  void allFilesAreWrittenAndTheTerminalSummaryShowsTheScores(@TempDir Path dir) throws Exception {
    Report report = sample();
    List<Path> files = ReportFiles.write(report, dir.resolve("out"));
    assertEquals(4, files.size());
    for (Path f : files) {
      assertTrue(Files.size(f) > 0, f.toString());
    }
    assertEquals(3, Files.readAllLines(dir.resolve("out/ground-truth.csv")).size());
    assertEquals(3, Files.readAllLines(dir.resolve("out/detections.csv")).size());
    StringWriter text = new StringWriter();
    TerminalReport.print(report, new PrintWriter(text));
    assertTrue(text.toString().contains("mirai"), text.toString());
    assertTrue(text.toString().contains("false-positive SIM-days: 1"), text.toString());
    assertTrue(text.toString().contains("note: a note <b>escaped</b>"), text.toString());
  }
}
