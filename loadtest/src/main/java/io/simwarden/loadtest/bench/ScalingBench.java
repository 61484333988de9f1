package io.simwarden.loadtest.bench;

import io.simwarden.loadtest.harness.BenchRun;
import io.simwarden.loadtest.harness.Benchmark;
import io.simwarden.loadtest.harness.Chart;
import io.simwarden.loadtest.harness.Figure;
import io.simwarden.loadtest.harness.Summary;
import io.simwarden.loadtest.harness.ForkedTask;
import io.simwarden.persistence.journal.JournalMode;
import io.simwarden.sim.driver.Simulation;
import io.simwarden.sim.driver.SimulationResult;
import io.simwarden.sim.scenario.BuiltInScenarios;
import io.simwarden.sim.scenario.Scenario;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Wall time and commands per second of one simulation scenario at growing fleet sizes, each in a JVM of its own. */
public final class ScalingBench implements Benchmark {

  private static final String SCENARIO = "quickstart";

  @Override
  public String name() {
    return "scaling";
  }

  @Override
  public String description() {
    return "The `" + SCENARIO + "` scenario (six archetypes, one attack of each kind) on the memory journal, each "
        + "fleet size in a fresh JVM: quick 1 k and 4 k SIMs for 1 simulated hour (-Xmx2g); full 10 k, 100 k and "
        + "1 M SIMs for 1 simulated hour (-Xmx20g: the memory journal keeps each SIM's newest snapshot and the events "
        + "after it on the heap, so the heap grows with the fleet). Each size's commands/s is printed beside "
        + "the smallest size's (perfect scaling keeps the ratio at 1), its wall time beside the smallest size's "
        + "scaled linearly by fleet size.";
  }

  @Override
  public String reading() {
    return "Commands are independent per SIM, so cost should grow linearly with the fleet; a ratio below 1 means "
        + "per-command cost rises with size: more resident entities (more GC work, colder caches) and the "
        + "in-memory journal growing on the heap. A ratio above 1 means the smaller fleet did not fill the machine: "
        + "each simulated step has a fixed cost (the virtual clock waits for the slowest SIM), which only large "
        + "fleets amortize, so the quick sizes show that fixed cost rather than the growth. Both cores do the "
        + "driving, the deciding and the collecting.";
  }

  @Override
  public boolean needsCassandra() {
    return false;
  }

  @Override
  public List<Figure> run(BenchRun run) throws Exception {
    List<Integer> sizes = run.profile().pick(List.of(1_000, 4_000), List.of(10_000, 100_000, 1_000_000));
    List<String> jvm = List.of(run.profile().pick("-Xmx2g", "-Xmx20g"), "-XX:+UseParallelGC");
    List<Figure> figures = new ArrayList<>();
    double baseRate = 0;
    double baseWall = 0;
    for (int size : sizes) {
      List<Figure> one = run.fork(OneSize.class, jvm, List.of(Integer.toString(size)));
      double wall = one.get(0).value();
      double rate = one.get(1).value();
      if (baseRate == 0) {
        baseRate = rate;
        baseWall = wall;
      }
      String n = String.format("%,d", size);
      figures.add(new Figure("scaling.wall." + size, "wall time, " + n + " SIMs", wall,
          "smallest fleet scaled linearly", baseWall * size / sizes.get(0), "s"));
      figures.add(new Figure("scaling.rate." + size, "commands/s, " + n + " SIMs", rate, "smallest fleet", baseRate,
          "commands/s"));
    }
    return figures;
  }

  /** Commands/s over fleet size beside perfect scaling. */
  @Override
  public List<Chart> charts(List<Summary> medians) {
    List<Summary> rates = medians.stream().filter(s -> s.key().startsWith("scaling.rate.")).toList();
    return List.of(new Chart("scaling", "quickstart scenario: commands/s over fleet size (medians of the runs)",
        "SIMs", "commands/s", rates.stream().map(s -> String.format("%,d", Long.parseLong(s.key().substring(
            "scaling.rate.".length())))).toList(), List.of(
            new Chart.Series("measured", rates.stream().mapToDouble(s -> s.value().median()).toArray()),
            new Chart.Series("perfect scaling", rates.stream().mapToDouble(s -> s.limit().median()).toArray()))));
  }

  /** One simulation in this JVM; its two figures carry themselves as their limit (the parent compares sizes). */
  public static final class OneSize implements ForkedTask {
    @Override
    public List<Figure> run(BenchRun run, List<String> args) {
      int size = Integer.parseInt(args.get(0));
      Scenario scenario = BuiltInScenarios.load(SCENARIO).withDevices(size).withDuration(Duration.ofHours(1));
      SimulationResult result = Simulation.run(scenario, JournalMode.MEMORY.config(), "memory",
          new Simulation.Options(512, 100_000), Simulation.Listener.SILENT);
      run.out().printf("%,d SIMs: %,d commands in %.1f s%n", size, result.commandsSent(),
          result.wallMillis() / 1000.0);
      return SimulationFigures.wallAndRate(result);
    }
  }
}
