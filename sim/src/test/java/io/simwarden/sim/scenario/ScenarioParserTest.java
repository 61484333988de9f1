package io.simwarden.sim.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simwarden.core.policy.CallDestination;
import io.simwarden.sim.archetype.Archetype;
import io.simwarden.sim.attack.AttackKind;
import io.simwarden.sim.attack.Pace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScenarioParserTest {

  private static final String FLEET = "fleet { smart-meter { count = 60 }, ip-camera { count = 40 } }\n";

  private static ScenarioException error(String text) {
    return assertThrows(ScenarioException.class, () -> ScenarioParser.parseText(text, "bad.conf", "bad"));
  }

  @Test
  void everyBuiltInScenarioParsesAndLetsTheDetectorsLearnFirst() {
    for (String name : BuiltInScenarios.names()) {
      Scenario s = BuiltInScenarios.load(name);
      assertEquals(name, s.name());
      assertFalse(s.description().isEmpty(), name);
      assertTrue(s.warnings().isEmpty(), name + ": " + s.warnings());
      for (AttackSpec a : s.attacks()) {
        assertTrue(a.start().compareTo(Scenario.LEARNING) >= 0, name + ": " + a.name() + " starts before 8h");
      }
    }
    assertTrue(BuiltInScenarios.load("clean-week").attacks().isEmpty());
    assertEquals(Duration.ofDays(7), BuiltInScenarios.load("clean-week").duration());
    assertEquals(List.of(AttackKind.values()), BuiltInScenarios.load("quickstart").attacks().stream()
        .map(AttackSpec::kind).distinct().sorted().toList(), "quickstart has one attack of each kind");
  }

  @Test
  void stealthKnobsPaceAnAttackAndTieAnUploadToTheDevicesOwnVolume() {
    Scenario s = ScenarioParser.parseText(FLEET + "\nattacks = [{ type = exfiltration, start = 9h, destination = usual,"
        + " relative-volume = 0.5, hours = \"22-6\", ramp-per-day = 0.1 }, { type = sms-fraud, start = 9h,"
        + " sms-per-hour = 2, hours = \"8-20\" }]", "s.conf", "s");
    AttackSpec.Exfiltration x = (AttackSpec.Exfiltration) s.attacks().get(0);
    assertTrue(x.toUsual());
    assertEquals(0.5, x.relativeVolume());
    assertEquals(new Pace(22, 6, 0.1), x.pace());
    long day = 86_400_000L;
    assertEquals(0, x.pace().factor(12 * 3_600_000L, 0));
    assertEquals(1.1, x.pace().factor(day + 23 * 3_600_000L, 23 * 3_600_000L), 1e-9);
    assertEquals(new Pace(8, 20, 0), ((AttackSpec.SmsFraud) s.attacks().get(1)).pace());
  }

  @Test
  void badStealthKnobsSayWhatToFix() {
    String attack = FLEET + "\nattacks = [{ type = exfiltration, start = 9h, ";
    assertTrue(error(attack + "hours = \"25-3\" }]").getMessage().contains("hours: must be \"FROM-TO\""));
    assertTrue(error(attack + "hours = \"6-6\" }]").getMessage().contains("hours"));
    assertTrue(error(attack + "data-per-hour = 1MB, relative-volume = 0.1 }]").getMessage()
        .contains("either data-per-hour or relative-volume"));
    assertTrue(error(attack + "destination = usual, port = 443 }]").getMessage().contains("leave port out"));
    assertTrue(error(attack + "ramp-per-day = -1 }]").getMessage().contains("ramp-per-day"));
  }

  @Test
  void defaultsFillWhatAFileLeavesOut() {
    Scenario s = ScenarioParser.parseText(FLEET, "min.conf", "min");
    assertEquals("min", s.name());
    assertEquals(1, s.seed());
    assertEquals(Duration.ofHours(24), s.duration());
    assertEquals(Duration.ofMinutes(5), s.reportInterval());
    assertEquals(100, s.devices());
    assertEquals(Duration.ofHours(2), s.grace());
    assertEquals(ScenarioParser.DEFAULT_START, s.start());
  }

  @Test
  void sharesOfDevicesAreRoundedToTheExactFleetSize() {
    Scenario s = ScenarioParser.parseText("devices = 1001\nfleet { smart-meter { share = 0.5 }, "
        + "ip-camera { share = 0.25 }, payment-terminal { share = 0.25 } }", "s.conf", "s");
    int[] counts = s.counts();
    assertEquals(1001, Arrays.stream(counts).sum());
    assertEquals(501, counts[Archetype.SMART_METER.ordinal()], 1);
    Scenario big = s.withDevices(1_000_000);
    assertEquals(250_000, big.counts()[Archetype.IP_CAMERA.ordinal()]);
  }

  @Test
  void anUnknownKeyIsNamedWithItsLineAndTheNearestValidKey() {
    ScenarioException e = error(FLEET + "attacks = [\n  {\n    type = mirai\n    strat = 10h\n  }\n]\n");
    assertEquals("bad.conf", e.source());
    assertEquals(5, e.line());
    assertEquals("attacks[0].strat", e.key());
    assertTrue(e.getMessage().startsWith("bad.conf:5: attacks[0].strat: unknown key; did you mean 'start'?"),
        e.getMessage());
  }

  @Test
  void aValueOfTheWrongTypeIsNamedWithItsLine() {
    ScenarioException e = error(FLEET + "duration = soon\n");
    assertEquals(2, e.line());
    assertEquals("duration", e.key());
    assertTrue(e.problem().contains("must be a duration such as"), e.problem());
  }

  @Test
  void aMissingRequiredKeyPointsAtItsObject() {
    ScenarioException e = error(FLEET + "attacks = [\n  { type = sim-theft }\n]\n");
    assertEquals("attacks[0].start", e.key());
    assertEquals(3, e.line());
    assertTrue(e.problem().startsWith("required"), e.problem());
  }

  @Test
  void syntaxErrorsNameTheLine() {
    ScenarioException e = error("fleet {\n  smart-meter { count = 3 }\n\n  ip-camera { count = \n");
    assertTrue(e.line() >= 4, e.getMessage());
    assertTrue(e.problem().startsWith("not valid HOCON"), e.problem());
  }

  @Test
  void fleetMistakesAreExplained() {
    assertTrue(error("fleet { smart-meters { count = 3 } }").getMessage()
        .contains("fleet.smart-meters: unknown archetype; did you mean 'smart-meter'?"));
    assertTrue(error("devices = 10\nfleet { smart-meter { share = 0.5 }, ip-camera { share = 0.4 } }").problem()
        .contains("shares add up to 0.9"));
    assertTrue(error("fleet { smart-meter { share = 0.5 }, ip-camera { count = 4 } }").problem().contains("mixes"));
    assertTrue(error("fleet { smart-meter { share = 1 } }").getMessage().contains("devices: required"));
    assertTrue(error("duration = 1h").getMessage().contains("fleet: required"));
  }

  @Test
  void attackMistakesAreExplained() {
    assertTrue(error(FLEET + "attacks = [ { type = ransomware, start = 9h } ]").problem()
        .contains("unknown attack type 'ransomware'"));
    assertTrue(error(FLEET + "duration = 12h\nattacks = [ { type = sms-fraud, start = 20h } ]").problem()
        .contains("not inside the run"));
    ScenarioException theft = error(FLEET + "attacks = [ { type = sim-theft, start = 9h, "
        + "targets { archetypes = [medical-wearable] } } ]");
    assertTrue(theft.problem().contains("embedded eSIM"), theft.problem());
    assertTrue(error(FLEET + "attacks = [ { type = mirai, start = 9h, ddos { start = 8h } } ]").getMessage()
        .contains("attacks[0].ddos.start"));
    assertTrue(error(FLEET + "attacks = [ { type = mirai, start = 9h, ddos { start = 10h, vectors = [dns] } } ]")
        .problem().contains("unknown vector 'dns'"));
    assertTrue(error(FLEET + "attacks = [ { type = exfiltration, start = 9h, destination = \"10.0.0\" } ]")
        .getMessage().contains("attacks[0].destination"));
    assertTrue(error(FLEET + "attacks = [ { type = sms-fraud, start = 9h }, { type = sms-fraud, start = 9h, "
        + "name = sms-fraud-1 } ]").problem().contains("already called 'sms-fraud-1'"));
    assertTrue(error(FLEET + "attacks = [ { type = mirai, start = 9h, targets { sims = 3 } } ]").getMessage()
        .contains("targets.sims: unknown key"));
  }

  @Test
  void voiceFraudTakesItsRateCallLengthAndDestinationsOrTheirDefaults() {
    AttackSpec.VoiceFraud defaults = (AttackSpec.VoiceFraud) ScenarioParser.parseText(FLEET
        + "attacks = [ { type = voice-fraud, start = 9h } ]", "v.conf", "v").attacks().get(0);
    assertEquals(20, defaults.callsPerHour());
    assertEquals(Duration.ofMinutes(2), defaults.callDuration());
    assertEquals(Duration.ofHours(8), defaults.duration());
    assertEquals(Map.of(CallDestination.IRSF_RANGE, 0.8, CallDestination.INTERNATIONAL, 0.2), defaults.destinations());
    assertEquals(1, defaults.targets().sims());
    Scenario s = ScenarioParser.parseText(FLEET + """
        attacks = [ { type = voice-fraud, start = 9h, duration = 3h, calls-per-hour = 1.5, call-duration = 4m
          targets { archetypes = [smart-meter], sims = 2 }
          destinations { international = 0.5, premium-rate = 0.25, domestic = 0.25 } } ]
        """, "v.conf", "v");
    AttackSpec.VoiceFraud v = (AttackSpec.VoiceFraud) s.attacks().get(0);
    assertEquals(1.5, v.callsPerHour());
    assertEquals(Duration.ofMinutes(4), v.callDuration());
    assertEquals(Map.of(CallDestination.INTERNATIONAL, 0.5, CallDestination.PREMIUM_RATE, 0.25,
        CallDestination.DOMESTIC, 0.25), v.destinations());
    assertEquals(List.of(), s.warnings(), "a data-only target is allowed: its refused calls are what is detected");
  }

  @Test
  void voiceFraudMistakesNameTheirFileLineAndKey() {
    String attack = FLEET + "attacks = [\n  {\n    type = voice-fraud\n    start = 9h\n    %s\n  }\n]\n";
    ScenarioException shares = error(attack.formatted("destinations { irsf-range = 0.5, international = 0.4 }"));
    assertTrue(shares.getMessage().startsWith("bad.conf:6: attacks[0].destinations: shares add up to 0.9; they must "
        + "add up to 1"), shares.getMessage());
    ScenarioException unknown = error(attack.formatted("destinations { irsf = 1 }"));
    assertTrue(unknown.getMessage().startsWith("bad.conf:6: attacks[0].destinations.irsf: unknown key; did you "
        + "mean 'irsf-range'?"), unknown.getMessage());
    ScenarioException emergency = error(attack.formatted("destinations { emergency = 1 }"));
    assertEquals("attacks[0].destinations.emergency", emergency.key(), "fraud has no use for emergency numbers");
    ScenarioException line = error(attack.formatted("calls-per-hour = 30\n    call-duration = 3m"));
    assertEquals("attacks[0].calls-per-hour", line.key());
    assertEquals(6, line.line());
    assertTrue(line.problem().contains("a SIM has one line: 30 calls an hour of 3m each"), line.problem());
    ScenarioException rate = error(attack.formatted("calls-per-hour = 0"));
    assertTrue(rate.getMessage().startsWith("bad.conf:6: attacks[0].calls-per-hour: must be from 0.1"),
        rate.getMessage());
    ScenarioException length = error(attack.formatted("call-duration = 3h"));
    assertEquals("attacks[0].call-duration", length.key());
    ScenarioException misspelt = error(attack.formatted("call-per-hour = 5"));
    assertTrue(misspelt.problem().contains("did you mean 'calls-per-hour'?"), misspelt.problem());
    ScenarioException share = error(attack.formatted("destinations { irsf-range = 1.5 }"));
    assertEquals("attacks[0].destinations.irsf-range", share.key());
  }

  @Test
  void theReportIntervalMustDivideAnHour() {
    assertTrue(error(FLEET + "report-interval = 7m").problem().contains("must divide an hour evenly"));
    assertTrue(error(FLEET + "report-interval = 30m\nduration = 45m").problem()
        .contains("whole number of report intervals"));
  }

  @Test
  void anEarlyAttackIsAllowedWithAWarning() {
    Scenario s = ScenarioParser.parseText(FLEET + "attacks = [ { type = sms-fraud, start = 2h } ]", "early.conf",
        "early");
    assertEquals(1, s.warnings().size());
    assertTrue(s.warnings().get(0).startsWith("early.conf:2: attacks[0].start: starts at 2h"), s.warnings().get(0));
  }

  @Test
  void aShorterRunLeavesOutLaterAttacksWithAWarning() {
    Scenario s = BuiltInScenarios.load("quickstart").withDuration(Duration.ofHours(12));
    assertEquals(2, s.attacks().size());
    assertEquals(4, s.warnings().size());
    assertTrue(s.warnings().get(0).contains("--duration 12h: attack 'meter-sim-theft'"), s.warnings().get(0));
    ScenarioException e = assertThrows(ScenarioException.class,
        () -> s.withDuration(Duration.ofMinutes(7)));
    assertEquals("--duration", e.source());
    assertThrows(ScenarioException.class, () -> s.withDevices(0));
  }

  @Test
  void filesAreNamedByTheirPathAndUnknownNamesAreExplained(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("mine.conf");
    Files.writeString(file, FLEET + "seed = x\n");
    ScenarioException e = assertThrows(ScenarioException.class, () -> BuiltInScenarios.resolve(file.toString()));
    assertTrue(e.getMessage().startsWith(file + ":2: seed: must be a number from"), e.getMessage());
    Files.writeString(file, FLEET);
    assertEquals("mine", BuiltInScenarios.resolve(file.toString()).name());
    ScenarioException missing = assertThrows(ScenarioException.class, () -> BuiltInScenarios.resolve("quikstart"));
    assertTrue(missing.getMessage().contains("neither a built-in scenario (quickstart,"), missing.getMessage());
  }
}
