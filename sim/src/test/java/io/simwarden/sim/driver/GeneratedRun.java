package io.simwarden.sim.driver;

import io.simwarden.core.entity.SimEntity;
import io.simwarden.sim.archetype.FleetChanges;
import io.simwarden.sim.archetype.FleetLayout;
import io.simwarden.sim.attack.AttackPlan;
import io.simwarden.sim.clock.VirtualClock;
import io.simwarden.sim.scenario.Scenario;
import io.simwarden.sim.scenario.ScenarioParser;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Runs the generator of a scenario without any actor system, for tests of what the simulator sends:
 * every command is built with a {@code null} reply address and handed over in per-SIM order. No network
 * answers, so devices believe every attach succeeded.
 */
public final class GeneratedRun {

  /** One generated command with the SIM and step it belongs to. */
  public record Sent(int sim, int step, SimCommand.Kind kind, long at, SimEntity.Command command) {}

  public final Scenario scenario;
  public final FleetLayout fleet;
  public final AttackPlan plan;
  public final VirtualClock clock;
  public final RunRecorder recorder;
  private final FleetGenerator generator;

  public GeneratedRun(Scenario scenario) {
    this.scenario = scenario;
    this.fleet = FleetLayout.create(scenario.counts(), scenario.seed());
    this.plan = AttackPlan.plan(scenario, fleet);
    this.clock = scenario.clock();
    this.recorder = new RunRecorder(fleet, clock.steps());
    this.generator = new FleetGenerator(scenario.seed(), fleet, plan,
        new FleetChanges(scenario.seed(), clock.startMillis(), scenario.changes()), clock, recorder);
  }

  public static GeneratedRun of(String scenarioText) {
    return new GeneratedRun(ScenarioParser.parseText(scenarioText, "test.conf", "test"));
  }

  /** Generates the whole run interval by interval, as the driver would, passing every command to {@code sink}. */
  public void run(Consumer<Sent> sink) {
    for (int step = 0; step < clock.steps(); step++) {
      for (int sim = 0; sim < fleet.size(); sim++) {
        SimBatch b = generator.batch(sim, step);
        if (b == null) {
          continue;
        }
        for (SimCommand c : b.commands()) {
          sink.accept(new Sent(sim, step, c.kind(), at(c), build(c)));
        }
      }
    }
  }

  /** All commands of the run, in generation order. */
  public List<Sent> all() {
    List<Sent> out = new ArrayList<>();
    run(out::add);
    return out;
  }

  private static long at(SimCommand c) {
    if (c instanceof SimCommand.Report r) {
      return r.at();
    }
    return c instanceof SimCommand.Network n ? n.at() : -1;
  }

  private static SimEntity.Command build(SimCommand c) {
    if (c instanceof SimCommand.Report r) {
      return new SimEntity.ReportTraffic(r.flows(), Instant.ofEpochMilli(r.at()), null);
    }
    if (c instanceof SimCommand.Network n) {
      return n.build().apply(null);
    }
    if (c instanceof SimCommand.Operator o) {
      return o.build().apply(null);
    }
    return new SimEntity.GetState(null);
  }
}
