package io.simwarden.sim.attack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simwarden.core.policy.FormFactor;
import io.simwarden.sim.archetype.FleetLayout;
import io.simwarden.sim.scenario.BuiltInScenarios;
import io.simwarden.sim.scenario.Scenario;
import io.simwarden.sim.truth.Label;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AttackPlanTest {

  private static List<Label> labels(Scenario s) {
    return AttackPlan.plan(s, FleetLayout.create(s.counts(), s.seed())).labels();
  }

  @Test
  void theSameScenarioAndSeedGiveTheSameGroundTruth() {
    Scenario s = BuiltInScenarios.load("quickstart");
    assertEquals(labels(s), labels(s));
    assertNotEquals(labels(s), labels(s.withSeed(43)));
  }

  @Test
  void everyCompromisedSimHasOneLabelOfTheRightKindAndEligibility() {
    Scenario s = BuiltInScenarios.load("quickstart").withDevices(20_000);
    FleetLayout fleet = FleetLayout.create(s.counts(), s.seed());
    List<Label> labels = AttackPlan.plan(s, fleet).labels();
    Set<Integer> sims = new HashSet<>();
    for (Label l : labels) {
      assertTrue(sims.add(l.sim()), "SIM " + l.sim() + " has two labels");
      assertTrue(l.start() < l.end());
      switch (l.kind()) {
        case MIRAI -> assertTrue(fleet.telnetVulnerable(l.sim()));
        case SIM_THEFT -> assertEquals(FormFactor.REMOVABLE, fleet.model(l.sim()).formFactor());
        default -> { }
      }
    }
    assertEquals(3, labels.stream().filter(l -> l.kind() == AttackKind.SIM_THEFT).count());
    long storm = labels.stream().filter(l -> l.kind() == AttackKind.SIGNALLING_STORM).count();
    long before = labels.stream().filter(l -> l.kind() != AttackKind.SIGNALLING_STORM
        && l.kind() != AttackKind.SMS_FRAUD).count();
    assertEquals(Math.round(0.03 * (20_000 - before)), storm, "3 % of the SIMs earlier attacks left");
  }

  @Test
  void anAttackWithoutEligibleSimsIsANoteNotAFailure() {
    Scenario s = io.simwarden.sim.scenario.ScenarioParser.parseText("""
        fleet { smart-meter { count = 50 } }
        attacks = [ { type = mirai, start = 9h }, { type = sms-fraud, start = 9h, targets { sims = 2 } } ]
        """, "t.conf", "t");
    AttackPlan plan = AttackPlan.plan(s, FleetLayout.create(s.counts(), s.seed()));
    assertTrue(plan.labels().isEmpty());
    assertEquals(2, plan.notes().size(), plan.notes().toString());
  }
}
