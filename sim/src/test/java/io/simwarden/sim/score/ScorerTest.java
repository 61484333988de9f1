package io.simwarden.sim.score;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simwarden.core.detect.AnomalyKind;
import io.simwarden.core.detect.Response;
import io.simwarden.sim.attack.AttackKind;
import io.simwarden.sim.clock.VirtualClock;
import io.simwarden.sim.truth.Label;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Scoring against hand-made ground truth and detections. */
class ScorerTest {

  private static final VirtualClock CLOCK = new VirtualClock(Instant.parse("2026-01-05T00:00:00Z"),
      5 * VirtualClock.MINUTE, 288 * 2);
  private static final long T0 = CLOCK.startMillis();
  private static final long H = VirtualClock.HOUR;
  private static final long GRACE = 2 * H;

  private static Label label(int sim, AttackKind kind, long startHour, long endHour) {
    return new Label(sim, kind, kind.id(), T0 + startHour * H, T0 + endHour * H);
  }

  private static Detected seen(int sim, AnomalyKind kind, long atMillis) {
    return new Detected(sim, kind, atMillis, 3.0, Response.ALERT);
  }

  @Test
  void aDetectionInsideTheAttackOrItsGraceDetectsTheLabelWithItsLatency() {
    List<Label> labels = List.of(label(1, AttackKind.MIRAI, 10, 20), label(2, AttackKind.MIRAI, 10, 12),
        label(3, AttackKind.MIRAI, 10, 20));
    List<Detected> found = List.of(
        seen(1, AnomalyKind.PORT_SCAN, T0 + 10 * H + 15 * VirtualClock.MINUTE),
        seen(1, AnomalyKind.DDOS_SOURCE, T0 + 19 * H),
        seen(2, AnomalyKind.PORT_SCAN, T0 + 13 * H + 59 * VirtualClock.MINUTE),
        seen(3, AnomalyKind.PORT_SCAN, T0 + 9 * H));
    Scorecard c = Scorer.score(labels, found, CLOCK, GRACE, 1_000);
    Scorecard.KindScore mirai = c.perKind().get(0);
    assertEquals(AttackKind.MIRAI, mirai.kind());
    assertEquals(3, mirai.labels());
    assertEquals(2, mirai.detected(), "SIM 3 was only seen before its infection");
    assertEquals(1, mirai.falseAlarms(), "the early detection on SIM 3 is a false alarm");
    assertEquals(2 / 3.0, mirai.precision(), 1e-9);
    assertEquals(2 / 3.0, mirai.recall(), 1e-9);
    assertEquals(3.0, c.outcomes().get(0).latencyIntervals(), 1e-9);
    assertEquals(List.of(AnomalyKind.PORT_SCAN, AnomalyKind.DDOS_SOURCE), c.outcomes().get(0).kinds());
    assertEquals(47.8, c.outcomes().get(1).latencyIntervals(), 1e-9);
    assertFalse(c.outcomes().get(2).detected());
    assertEquals(1, c.missed().get(AttackKind.MIRAI));
  }

  @Test
  void aDetectionAfterTheGraceIsAFalseAlarmChargedToTheKindItPointsAt() {
    List<Label> labels = List.of(label(5, AttackKind.SMS_FRAUD, 10, 12));
    List<Detected> found = List.of(seen(5, AnomalyKind.SMS_SPIKE, T0 + 14 * H),
        seen(9, AnomalyKind.VOLUME_SPIKE, T0 + 3 * H), seen(9, AnomalyKind.VOLUME_SPIKE, T0 + 5 * H),
        seen(9, AnomalyKind.NEW_DESTINATION, T0 + 30 * H));
    Scorecard c = Scorer.score(labels, found, CLOCK, GRACE, 1_000);
    Scorecard.KindScore sms = c.perKind().stream().filter(k -> k.kind() == AttackKind.SMS_FRAUD).findFirst()
        .orElseThrow();
    assertEquals(0, sms.detected());
    assertEquals(1, sms.falseAlarms());
    assertEquals(0.0, sms.precision());
    assertEquals(0.0, sms.f1());
    Scorecard.KindScore exfil = c.perKind().stream().filter(k -> k.kind() == AttackKind.EXFILTRATION).findFirst()
        .orElseThrow();
    assertEquals(0, exfil.labels());
    assertEquals(1, exfil.falseAlarms(), "one SIM, however many alarms");
    assertTrue(Double.isNaN(exfil.recall()));
    assertEquals(2, c.falseAlarmSims());
    assertEquals(3, c.falsePositiveSimDays(), "SIM 9 on day 1 and day 2, SIM 5 on day 1");
    assertEquals(2_000.0, c.simDays(), 1e-9);
    assertEquals(1.5, c.falsePositiveRate(), 1e-9);
    assertEquals(3, c.confusion().get(null).size(), "three anomaly kinds among the false alarms");
  }

  @Test
  void latencyPercentilesAndHistogramUseNearestRank() {
    List<Label> labels = List.of(label(1, AttackKind.SIGNALLING_STORM, 10, 14),
        label(2, AttackKind.SIGNALLING_STORM, 10, 14), label(3, AttackKind.SIGNALLING_STORM, 10, 14),
        label(4, AttackKind.SIGNALLING_STORM, 10, 14));
    long i = CLOCK.intervalMillis();
    List<Detected> found = List.of(seen(1, AnomalyKind.SIGNALLING_STORM, T0 + 10 * H),
        seen(2, AnomalyKind.SIGNALLING_STORM, T0 + 10 * H + i), seen(3, AnomalyKind.SIGNALLING_STORM, T0 + 10 * H + 3 * i),
        seen(4, AnomalyKind.SIGNALLING_STORM, T0 + 10 * H + 40 * i));
    Scorecard.KindScore s = Scorer.score(labels, found, CLOCK, GRACE, 10).perKind().get(0);
    assertEquals(1.0, s.latencyP50());
    assertEquals(40.0, s.latencyP95());
    assertEquals(List.of(1, 1, 1, 0, 0, 0, 1), java.util.Arrays.stream(s.latencyHistogram()).boxed().toList());
    assertEquals(1.0, s.f1());
  }

  @Test
  void nothingToScoreGivesUndefinedRatiosNotZeros() {
    Scorecard c = Scorer.score(List.of(), List.of(), CLOCK, GRACE, 10);
    assertTrue(c.perKind().isEmpty());
    assertTrue(Double.isNaN(c.overall().precision()));
    assertTrue(Double.isNaN(c.overall().recall()));
    assertEquals(0, c.falsePositiveSimDays());
  }
}
