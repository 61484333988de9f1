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
      "sms-fraud | { type = sms-fraud, start = 8h, duration = 3h, sms-per-hour = 120, targets { sims = 3 } }",
      "voice-fraud | { type = voice-fraud, start = 8h, duration = 4h, calls-per-hour = 12, targets { sims = 3 } }"})
  void everyCompromisedSimIsDetectedAndNoCleanOne(String kind, String attack) {
    Report report = Report.of(Runs.run(FLEET.formatted(kind.length(), attack)));
    Scorecard.KindScore score = report.card().perKind().stream()
        .filter(k -> k.kind() == Named.byId(AttackKind.class, kind)).findFirst().orElseThrow();
    assertTrue(score.labels() >= 3, kind + " compromised " + score.labels() + " SIMs");
    assertEquals(score.labels(), score.detected(), kind + ": every compromised SIM is detected");
    assertEquals(0, report.card().falseAlarmSims(), kind + ": no clean SIM is flagged");
  }

  /**
   * Voice fraud at rates and destinations the built-in scenarios do not use: a slow pump to ordinary foreign
   * numbers (no hot list knows them), premium-rate numbers only, and data-only SIMs whose every call is refused.
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "slow, international only | start = 8h, duration = 12h, calls-per-hour = 1, call-duration = 5m, "
          + "destinations { international = 1 }, targets { archetypes = [vehicle-telematics], sims = 3 }",
      "fast, premium rate | start = 9h, duration = 1h, calls-per-hour = 90, call-duration = 20s, "
          + "destinations { premium-rate = 1 }, targets { sims = 3 }",
      "data-only SIMs | start = 12h, duration = 3h, calls-per-hour = 4, "
          + "destinations { domestic = 0.5, international = 0.5 }, "
          + "targets { archetypes = [smart-meter, asset-tracker, ip-camera], sims = 4 }"})
  void voiceFraudIsDetectedAtOtherRatesAndDestinationsToo(String variant, String attack) {
    Report report = Report.of(Runs.run(FLEET.formatted(17, "{ type = voice-fraud, " + attack + " }")
        .replace("duration = 14h", "duration = 20h")));
    Scorecard.KindScore score = report.card().perKind().stream()
        .filter(k -> k.kind() == AttackKind.VOICE_FRAUD).findFirst().orElseThrow();
    assertTrue(score.labels() >= 3, variant + " compromised " + score.labels() + " SIMs");
    assertEquals(score.labels(), score.detected(), variant + ": every compromised SIM is detected");
    assertEquals(0, report.card().falseAlarmSims(), variant + ": no clean SIM is flagged");
  }
}
