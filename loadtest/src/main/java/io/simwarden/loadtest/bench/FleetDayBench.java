package io.simwarden.loadtest.bench;

import io.simwarden.loadtest.harness.BenchJournal;
import io.simwarden.loadtest.harness.BenchRun;
import io.simwarden.loadtest.harness.Benchmark;
import io.simwarden.loadtest.harness.Figure;
import io.simwarden.loadtest.harness.ForkedTask;
import io.simwarden.loadtest.harness.Profile;
import io.simwarden.persistence.journal.JournalMode;
import io.simwarden.sim.archetype.FleetLayout;
import io.simwarden.sim.attack.AttackPlan;
import io.simwarden.sim.clock.VirtualClock;
import io.simwarden.sim.driver.FleetGenerator;
import io.simwarden.sim.driver.RunRecorder;
import io.simwarden.sim.driver.SimBatch;
import io.simwarden.sim.driver.Simulation;
import io.simwarden.sim.driver.SimulationResult;
import io.simwarden.sim.scenario.BuiltInScenarios;
import io.simwarden.sim.scenario.Scenario;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Issue #4's figure: a whole simulated day of a large fleet, end to end through the simulator, on the memory journal
 * and on the local Cassandra. Too long for {@code bench all} at full size; run on its own.
 */
public final class FleetDayBench implements Benchmark {

  private static final String SCENARIO = "quickstart";

  /**
   * The full-size heap, fixed: a young generation big enough that a cohort's live entities (~0.5 GB for 100 k SIMs)
   * are copied between survivor spaces every ~6 GB of allocation rather than every ~2, and an old generation of
   * 12 GB that the finished SIMs (~4.5 GB) fill without the adaptive policy's early full collections (15 of 7-17 s
   * each in a 1 M-SIM day with -Xmx16g alone).
   */
  static final List<String> FULL_HEAP = List.of("-Xms20g", "-Xmx20g", "-Xmn8g", "-XX:SurvivorRatio=6",
      "-XX:-UseAdaptiveSizePolicy");

  @Override
  public String name() {
    return "fleet-day";
  }

  @Override
  public String description() {
    return "The `" + SCENARIO + "` scenario (six archetypes, one attack of each kind) for 24 simulated hours, each "
        + "fleet in a fresh JVM (-XX:+UseParallelGC; quick -Xmx2g, full " + String.join(" ", FULL_HEAP) + "): on the "
        + "memory journal quick 2 k, full 1 M SIMs (10 cohorts of 100 k); on the local Cassandra quick 1 k, full "
        + "20 k SIMs. Wall time of the drive (cluster start-up excluded) beside the time the simulator alone takes "
        + "to generate the same commands with nothing answering them (one thread, the floor of the run); the "
        + "Cassandra run beside the same fleet on the memory journal, measured in the same run. Not part of `bench "
        + "all` (the full size alone takes a quarter of an hour or more): `./simwarden bench fleet-day --profile "
        + "full --runs 1`.";
  }

  @Override
  public String reading() {
    return "The memory-journal day is CPU-bound on two cores shared by the generator, the stream, sharding, the "
        + "entities' decisions and sealing, and the journal actor; generation alone is the part no system can "
        + "remove. Its heap is bounded by the fleet (each SIM keeps its newest snapshot and the events after it), "
        + "not by the day's history; with the fixed heap above, young collections copy the active cohort's "
        + "entities every ~6 GB allocated and the finished SIMs stay in the old generation without full "
        + "collections. On Cassandra the same commands also wait for journal writes on the same "
        + "two cores (Cassandra's own CPU): the ratio to the memory journal is the price of durability here, and a "
        + "1 M-SIM day on one 2-core box would take that ratio times the memory figure.";
  }

  @Override
  public boolean needsCassandra() {
    return true;
  }

  @Override
  public boolean inAll(Profile profile) {
    return false;
  }

  @Override
  public List<Figure> run(BenchRun run) throws Exception {
    int memorySims = run.profile().pick(2_000, 1_000_000);
    int cassandraSims = run.profile().pick(1_000, 20_000);
    List<String> jvm = new ArrayList<>(run.profile().pick(List.of("-Xmx2g"), FULL_HEAP));
    jvm.add("-XX:+UseParallelGC");
    List<Figure> memory = run.fork(OneDay.class, jvm, List.of(Integer.toString(memorySims), "memory", "alone"));
    List<Figure> twin = run.fork(OneDay.class, jvm, List.of(Integer.toString(cassandraSims), "memory", "-"));
    // The simulated IMSIs are fixed, so every Cassandra day needs a keyspace of its own.
    BenchJournal fresh = new BenchJournal(run.journal().contactPoint(), run.journal().datacenter(),
        run.journal().keyspace() + "_day" + run.runIndex());
    List<Figure> durable;
    try {
      durable = new BenchRun(run.profile(), run.benchIndex(), run.runIndex(), fresh, run.out())
          .fork(OneDay.class, jvm, List.of(Integer.toString(cassandraSims), "cassandra", "-"));
    } finally {
      fresh.drop();
    }
    String m = String.format("%,d SIMs × 24 h", memorySims);
    String c = String.format("%,d SIMs × 24 h", cassandraSims);
    return List.of(
        new Figure("day.memory.wall", "wall time, " + m + ", memory journal", memory.get(0).value(),
            "generating the same commands alone", memory.get(2).value(), "s"),
        new Figure("day.memory.rate", "commands/s, " + m + ", memory journal", memory.get(1).value(),
            "generating the same commands alone", memory.get(3).value(), "commands/s"),
        new Figure("day.cassandra.wall", "wall time, " + c + ", local Cassandra", durable.get(0).value(),
            "the same fleet on the memory journal", twin.get(0).value(), "s"),
        new Figure("day.cassandra.rate", "commands/s, " + c + ", local Cassandra", durable.get(1).value(),
            "the same fleet on the memory journal", twin.get(1).value(), "commands/s"));
  }

  /**
   * One simulated day in this JVM ({@code <sims> memory|cassandra alone|-}); figures: wall, commands/s and, with
   * {@code alone}, the generator-alone wall and commands/s (each carrying itself as its limit; the parent pairs
   * them).
   */
  public static final class OneDay implements ForkedTask {
    @Override
    public List<Figure> run(BenchRun run, List<String> args) {
      int sims = Integer.parseInt(args.get(0));
      boolean cassandra = args.get(1).equals("cassandra");
      Scenario scenario = BuiltInScenarios.load(SCENARIO).withDevices(sims);
      SimulationResult result = Simulation.run(scenario,
          cassandra ? run.journal().config() : JournalMode.MEMORY.config(), args.get(1),
          new Simulation.Options(512, 100_000), Simulation.Listener.SILENT);
      double wall = result.wallMillis() / 1000.0;
      run.out().printf("%,d SIMs × 24 h on %s: %,d commands in %.1f s (%,.0f commands/s)%n", sims, args.get(1),
          result.commandsSent(), wall, result.commandsPerSecond());
      List<Figure> figures = SimulationFigures.wallAndRate(result);
      if (args.get(2).equals("alone")) {
        long[] generated = new long[1];
        long started = System.nanoTime();
        generateAlone(scenario, generated);
        double alone = (System.nanoTime() - started) / 1e9;
        run.out().printf("generating them alone: %,d commands in %.1f s%n", generated[0], alone);
        figures.add(new Figure("alone", "alone", alone, "alone", alone, "s"));
        figures.add(new Figure("alone.rate", "alone", generated[0] / alone, "alone", generated[0] / alone,
            "commands/s"));
      }
      return figures;
    }

    /** Every command of the scenario, generated in the driver's order with no system answering. */
    private static void generateAlone(Scenario scenario, long[] commands) {
      FleetLayout fleet = FleetLayout.create(scenario.counts(), scenario.seed());
      AttackPlan plan = AttackPlan.plan(scenario, fleet);
      VirtualClock clock = scenario.clock();
      RunRecorder recorder = new RunRecorder(fleet, clock.steps());
      FleetGenerator generator = new FleetGenerator(scenario.seed(), fleet, plan, clock, recorder);
      int cohort = 100_000;
      for (int from = 0; from < fleet.size(); from += cohort) {
        int to = Math.min(fleet.size(), from + cohort);
        for (int step = 0; step < clock.steps(); step++) {
          for (Iterator<SimBatch> it = generator.batches(from, to, step); it.hasNext(); ) {
            commands[0] += it.next().commands().length;
          }
        }
      }
    }
  }
}
