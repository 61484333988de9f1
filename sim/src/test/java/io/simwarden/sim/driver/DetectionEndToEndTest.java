package io.simwarden.sim.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simwarden.sim.Named;
import io.simwarden.sim.attack.AttackKind;
import io.simwarden.sim.report.Report;
import io.simwarden.sim.score.Scorecard;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Each attack kind, alone in a small fleet, is detected by the SIMs' own detectors: every compromised
 * SIM is flagged during its attack and no clean SIM is.
 */
class DetectionEndToEndTest {

  private static final String FLEET = """
      seed = %d
      duration = 14h
      fleet {
        smart-meter { count = 40 }, asset-tracker { count = 20 }, ip-camera { count = 40 }
        vehicle-telematics { count = 20 }, payment-terminal { count = 20 }, medical-wearable { count = 20 }
      }
      attacks = [ %s ]
      """;

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "mirai | { type = mirai, start = 8h, initial-bots = 3, spread-per-hour = 0.1, targets { archetypes = [ip-camera] } }",
      "sim-theft | { type = sim-theft, start = 8h, duration = 4h, targets { sims = 3 } }",
      "exfiltration | { type = exfiltration, start = 8h, duration = 4h, data-per-hour = 10MB, targets { sims = 3 } }",
      "signalling-storm | { type = signalling-storm, start = 9h, outage = 15m, duration = 45m, targets { sims = 10 } }",
      "sms-fraud | { type = sms-fraud, start = 8h, duration = 3h, sms-per-hour = 120, targets { sims = 3 } }"})
  void everyCompromisedSimIsDetectedAndNoCleanOne(String kind, String attack) {
    Report report = Report.of(Runs.run(FLEET.formatted(kind.length(), attack)));
    Scorecard.KindScore score = report.card().perKind().stream()
        .filter(k -> k.kind() == Named.byId(AttackKind.class, kind)).findFirst().orElseThrow();
    assertTrue(score.labels() >= 3, kind + " compromised " + score.labels() + " SIMs");
    assertEquals(score.labels(), score.detected(), kind + ": every compromised SIM is detected");
    assertEquals(0, report.card().falseAlarmSims(), kind + ": no clean SIM is flagged");
  }
}
