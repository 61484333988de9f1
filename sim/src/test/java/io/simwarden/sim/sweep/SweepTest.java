package io.simwarden.sim.sweep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simwarden.sim.archetype.FleetLayout;
import io.simwarden.sim.attack.AttackKind;
import io.simwarden.sim.attack.AttackPlan;
import io.simwarden.sim.driver.Runs;
import io.simwarden.sim.report.SweepReport;
import io.simwarden.sim.scenario.AttackSpec;
import io.simwarden.sim.truth.Label;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SweepTest {

  private static final String SCENARIO = """
      seed = 5
      duration = 14h
      fleet {
        smart-meter { count = 30 }, asset-tracker { count = 20 }, ip-camera { count = 20 }
        vehicle-telematics { count = 20 }, payment-terminal { count = 10 }, medical-wearable { count = 20 }
      }
      attacks = [
        { type = sms-fraud, name = pump, start = 8h, duration = 4h, sms-per-hour = 2, targets { sims = 6 } }
        { type = mirai, start = 8h, initial-bots = 2, targets { archetypes = [ip-camera] } }
        { type = exfiltration, name = leak-a, start = 9h, targets { sims = 2 } }
        { type = exfiltration, name = leak-b, start = 9h, targets { sims = 2 } }
      ]
      """;

  private static Path scenario(Path dir) throws IOException {
    Path file = dir.resolve("sweep-test.conf");
    Files.writeString(file, SCENARIO);
    return file;
  }

  private static String problem(Path file, String attack, String param, int steps) {
    return assertThrows(SweepException.class, () -> Sweep.plan(file.toString(), attack, param, steps, false,
        Sweep.Overrides.NONE)).getMessage();
  }

  @Test
  void everyStepIsTheScenarioWithOneAttackAndOneValueChanged(@TempDir Path dir) throws IOException {
    Sweep sweep = Sweep.plan(scenario(dir).toString(), "sms-fraud", "sms-per-hour=0.5..8", 4, true,
        Sweep.Overrides.NONE);
    assertEquals("pump", sweep.attack().name());
    assertEquals(List.of("0.5", "1.26", "3.17", "8"), sweep.steps().stream().map(Sweep.Step::text).toList());
    double[] rates = new double[4];
    for (Sweep.Step s : sweep.steps()) {
      assertEquals(1, s.scenario().attacks().size(), "the other attacks are left out");
      AttackSpec.SmsFraud f = (AttackSpec.SmsFraud) s.scenario().attacks().get(0);
      assertEquals("pump", f.name());
      assertEquals(Integer.valueOf(6), f.targets().sims());
      rates[s.index()] = f.smsPerHour();
    }
    assertArrayEquals(new double[] {0.5, 1.26, 3.17, 8}, rates, 1e-9);
    Sweep linear = Sweep.plan(scenario(dir).toString(), "leak-b", "data-per-hour=100kB..400kB", 4, false,
        new Sweep.Overrides(9L, 100, null));
    long[] bytes = linear.steps().stream().mapToLong(s -> ((AttackSpec.Exfiltration) s.scenario().attacks().get(0))
        .bytesPerHour()).toArray();
    assertArrayEquals(new long[] {100_000, 200_000, 300_000, 400_000}, bytes);
    assertEquals(9L, linear.steps().get(3).scenario().seed());
    assertEquals(100, linear.steps().get(3).scenario().devices());
  }

  @Test
  void badInputNamesTheFlagAndTheFix(@TempDir Path dir) throws IOException {
    Path file = scenario(dir);
    assertTrue(problem(file, "smsfraud", "sms-per-hour=1..2", 3).startsWith("--attack: scenario sweep-test has no "
        + "attack 'smsfraud'; its attacks: pump (sms-fraud), mirai-2 (mirai), leak-a (exfiltration)"));
    assertTrue(problem(file, "exfiltration", "data-per-hour=1MB..2MB", 3)
        .startsWith("--attack: scenario sweep-test has 2 attacks of type exfiltration; name one"));
    assertTrue(problem(file, "pump", "sms-rate=1..2", 3).startsWith("--param: an attack of type sms-fraud has no "
        + "parameter 'sms-rate'; give one of start, duration, targets, sms-per-hour"));
    assertTrue(problem(file, "pump", "sms-per-hour=1-2", 3).startsWith("--param: must be KEY=FROM..TO"));
    assertTrue(problem(file, "pump", "sms-per-hour=2..2", 3).startsWith("--param: FROM and TO are the same"));
    assertTrue(problem(file, "leak-a", "data-per-hour=100kB..2MB", 3)
        .startsWith("--param: FROM and TO must have the same unit, got 'kB' and 'MB'"));
    assertTrue(problem(file, "pump", "sms-per-hour=1..2", 1).startsWith("--steps: must be 2-50"));
    assertTrue(problem(file, "pump", "sms-per-hour=0..100000", 3).startsWith("--param: sms-per-hour = 0 (step 1) is "
        + "refused: must be from 0.1 to 36000"), problem(file, "pump", "sms-per-hour=0..100000", 3));
    assertTrue(assertThrows(SweepException.class, () -> Sweep.plan(file.toString(), "pump", "sms-per-hour=0..2", 3,
        true, Sweep.Overrides.NONE)).getMessage().startsWith("--log: needs FROM and TO above 0"));
  }

  @Test
  void theFloorIsTheFirstValueFromWhichEveryStepIsDetected() {
    assertEquals(3, SweepResult.floor(new double[] {0, 0.95, 0.5, 0.9, 1}));
    assertEquals(0, SweepResult.floor(new double[] {0.9, 1, 1}));
    assertEquals(-1, SweepResult.floor(new double[] {0.2, 1, 0.8}));
    assertEquals(-1, SweepResult.floor(new double[] {1, Double.NaN}));
  }

  private static List<Integer> victims(Sweep.Step step) {
    return AttackPlan.plan(step.scenario(), FleetLayout.create(step.scenario().counts(), step.scenario().seed()))
        .labels().stream().map(Label::sim).toList();
  }

  /**
   * A short sweep of SMS pumping in a small fleet: the same SIMs are pumped at every step, no clean SIM is flagged,
   * the weakest step (a pump of 0.3 SMS an hour for four hours) is missed and the loudest (60 an hour) is found.
   */
  @Test
  void aSweepRunsEachStepOnTheSameFleetAndFindsTheFloor(@TempDir Path dir) throws IOException {
    Sweep sweep = Sweep.plan(scenario(dir).toString(), "pump", "sms-per-hour=0.3..60", 3, true, Sweep.Overrides.NONE);
    SweepResult result = sweep.run(Runs::run, step -> {});
    List<SweepResult.Point> points = result.points();
    assertEquals(3, points.size());
    for (SweepResult.Point p : points) {
      assertEquals(6, p.score().labels());
      assertEquals(0, p.falseAlarmSimDays(), "no clean SIM is flagged at " + p.step().text());
      assertEquals(AttackKind.SMS_FRAUD, p.score().kind());
    }
    assertTrue(points.get(0).score().recall() < Sweep.FLOOR_RECALL, "0.3 SMS/h for 4 h is too quiet to see");
    assertEquals(1.0, points.get(2).score().recall(), "60 SMS/h is found on every SIM");
    SweepResult.Floor floor = result.floors().get(0);
    assertEquals("sms-fraud", floor.label());
    assertTrue(floor.step() >= 1, "floor " + floor);
    assertEquals(victims(sweep.steps().get(0)), victims(sweep.steps().get(2)), "every step pumps the same SIMs");

    StringWriter out = new StringWriter();
    SweepReport.print(result, new PrintWriter(out));
    assertTrue(out.toString().contains("detection floor (recall ≥ 0.9"), out.toString());
    List<Path> files = SweepReport.write(result, "./simwarden sweep ...", dir.resolve("out"));
    String html = Files.readString(files.get(0));
    assertTrue(html.contains("<svg") && html.contains("Recall of pump by sms-per-hour"), "chart in the page");
    assertTrue(Files.readString(files.get(1)).contains("| sms-fraud | " + result.floorText(floor) + " |"));
  }
}
