package io.simwarden.persistence.forensics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simwarden.core.detect.AnomalyKind;
import io.simwarden.core.detect.Response;
import io.simwarden.core.event.SimEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutbreakTest {

  private static final Instant T0 = Instant.parse("2026-01-01T09:00:00Z");

  private static Recorded scan(String imsi, long minutes) {
    return new Recorded(imsi, 1, new SimEvent.AnomalyDetected(T0.plusSeconds(minutes * 60), AnomalyKind.PORT_SCAN, 5,
        "scan", Response.ALERT, "c"));
  }

  private static Outbreak outbreak() {
    Outbreak o = new Outbreak();
    for (Recorded r : List.of(scan("c", 130), scan("a", 10), scan("b", 10), scan("a", 5), scan("d", 20),
        scan("e", 200))) {
      o.add(r);
    }
    return o;
  }

  @Test
  void eachSimCountsOnceAtItsFirstMatch() {
    List<Outbreak.Affected> affected = outbreak().affected();
    assertEquals(List.of("a", "b", "d", "c", "e"), affected.stream().map(Outbreak.Affected::imsi).toList());
    assertEquals(new Outbreak.Affected("a", T0.plusSeconds(300), 2), affected.get(0));
  }

  @Test
  void patientZeroCandidatesAreTheFirstSimsWithTies() {
    Outbreak o = outbreak();
    assertEquals(List.of("a"), o.patientZeroCandidates(1).stream().map(Outbreak.Affected::imsi).toList());
    assertEquals(List.of("a", "b"), o.patientZeroCandidates(2).stream().map(Outbreak.Affected::imsi).toList());
    Outbreak tie = new Outbreak();
    tie.add(scan("x", 1));
    tie.add(scan("y", 1));
    tie.add(scan("z", 2));
    assertEquals(2, tie.patientZeroCandidates(1).size(), "a tie at the cut cannot be broken");
  }

  @Test
  void theCurveCountsNewAndTotalPerBucketWithEmptyBucketsKept() {
    List<Outbreak.Point> curve = outbreak().curve(Duration.ofHours(1));
    assertEquals(List.of(new Outbreak.Point(T0, 3, 3), new Outbreak.Point(T0.plusSeconds(3600), 0, 3),
        new Outbreak.Point(T0.plusSeconds(7200), 1, 4), new Outbreak.Point(T0.plusSeconds(10800), 1, 5)), curve);
    assertEquals(List.of(), new Outbreak().curve(Duration.ofHours(1)));
  }

  @Test
  void theHtmlReportIsOneFileWithAnInlineChart() {
    String html = OutbreakReport.html("kind port-scan <x>", outbreak(), 2, Duration.ofHours(1));
    assertTrue(html.contains("<svg") && html.contains("<polyline"), html);
    assertTrue(html.contains("kind port-scan &lt;x&gt;"), "escaped");
    assertFalse(html.contains("<script") || html.contains("src=") || html.contains("<link"), "no external asset");
    String json = ForensicsJson.pretty(OutbreakReport.json("kind port-scan", outbreak(), 2, Duration.ofHours(1)));
    assertTrue(json.contains("\"affectedSims\" : 5"), json);
    assertTrue(json.contains("\"first\" : \"2026-01-01T09:05:00Z\""), json);
  }
}
