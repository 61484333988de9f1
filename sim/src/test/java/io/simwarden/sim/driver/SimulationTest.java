package io.simwarden.sim.driver;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simwarden.sim.attack.AttackKind;
import io.simwarden.sim.truth.Label;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Whole runs on an embedded cluster with the in-memory journal. */
class SimulationTest {

  /** Every attack kind, small and early, in a fleet of every archetype. */
  static final String EVERY_ATTACK = """
      seed = 5
      duration = 12h
      fleet {
        smart-meter { count = 60 }, asset-tracker { count = 30 }, ip-camera { count = 50 }
        vehicle-telematics { count = 30 }, payment-terminal { count = 40 }, medical-wearable { count = 30 }
      }
      attacks = [
        { type = mirai, start = 8h, initial-bots = 2, spread-per-hour = 0.2, targets { archetypes = [ip-camera] }
          ddos { start = 10h, duration = 30m, rate = 1Mbps } }
        { type = sim-theft, start = 8h, duration = 3h, targets { sims = 2 } }
        { type = exfiltration, start = 8h, duration = 3h, targets { sims = 2 } }
        { type = signalling-storm, start = 9h, outage = 10m, duration = 30m, targets { share = 0.1 } }
        { type = sms-fraud, start = 8h, duration = 2h, targets { sims = 2 } }
        { type = voice-fraud, start = 8h, duration = 2h, targets { sims = 2 } }
      ]
      """;

  @Test
  void theSameScenarioAndSeedGiveTheSameTruthJournalAndDetections() {
    SimulationResult a = Runs.run(EVERY_ATTACK);
    SimulationResult b = Runs.run(EVERY_ATTACK);
    Set<AttackKind> kinds = EnumSet.noneOf(AttackKind.class);
    a.labels().stream().map(Label::kind).forEach(kinds::add);
    assertEquals(EnumSet.allOf(AttackKind.class), kinds, "every attack kind is in the run");
    assertEquals(a.labels(), b.labels());
    assertEquals(a.journalDigest(), b.journalDigest(), "equal chain values: equal journals");
    assertEquals(a.detections(), b.detections());
    assertEquals(a.commands(), b.commands());
    assertEquals(a.refusals(), b.refusals());
    assertArrayEquals(a.series().normalBytes(), b.series().normalBytes());
    assertArrayEquals(a.series().attackBytes(), b.series().attackBytes());
    assertArrayEquals(a.series().blockedFlows(), b.series().blockedFlows());
    assertEquals(240, a.commands().get(SimCommand.Kind.PROVISION));
    assertEquals(240, a.commands().get(SimCommand.Kind.STATE), "every SIM's final state was read");
  }

  @Test
  void simulatingTheFleetInCohortsChangesNothingButMemory() {
    io.simwarden.sim.scenario.Scenario s = io.simwarden.sim.scenario.ScenarioParser.parseText(
        EVERY_ATTACK.replace("duration = 12h", "duration = 11h"), "test.conf", "test");
    SimulationResult whole = Runs.run(s);
    SimulationResult cohorts = Runs.run(s, 100);
    assertEquals(3, cohorts.cohorts());
    assertEquals(whole.journalDigest(), cohorts.journalDigest());
    assertEquals(whole.detections(), cohorts.detections());
    assertArrayEquals(whole.series().normalBytes(), cohorts.series().normalBytes());
  }

  @Test
  void aDifferentSeedGivesADifferentRun() {
    SimulationResult a = Runs.run(EVERY_ATTACK.replace("seed = 5", "seed = 6").replace("duration = 12h",
        "duration = 11h"));
    SimulationResult b = Runs.run(EVERY_ATTACK.replace("duration = 12h", "duration = 11h"));
    assertFalse(a.journalDigest().equals(b.journalDigest()));
  }

  @Test
  void aCleanFleetOfEveryArchetypeRunsAWeekWithoutADetectionOrARefusal() {
    SimulationResult r = Runs.run("""
        seed = 21
        duration = 7d
        fleet {
          smart-meter { count = 10 }, asset-tracker { count = 10 }, ip-camera { count = 10 }
          vehicle-telematics { count = 10 }, payment-terminal { count = 10 }, medical-wearable { count = 10 }
        }
        """);
    assertTrue(r.labels().isEmpty());
    assertEquals(0, r.blockedFlows(), "every clean flow is allowed by its profile");
    assertTrue(r.refusals().isEmpty(), "no command of a clean device is refused: " + r.refusals());
    assertTrue(r.commands().get(SimCommand.Kind.REPORT) > 40_000);
    assertTrue(r.commands().get(SimCommand.Kind.CALL) >= 5, "drivers and patients make calls, none refused: "
        + r.commands().get(SimCommand.Kind.CALL));
    assertEquals(java.util.List.of(), r.detections(), "a clean fleet raises no detection");
  }
}
