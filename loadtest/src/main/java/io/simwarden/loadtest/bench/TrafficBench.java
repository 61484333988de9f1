package io.simwarden.loadtest.bench;

import io.simwarden.core.decision.NetworkContext;
import io.simwarden.core.decision.NetworkDecider;
import io.simwarden.core.decision.NetworkDecision;
import io.simwarden.core.decision.UsageWindows;
import io.simwarden.core.detect.Detectors;
import io.simwarden.core.detect.WindowWatch;
import io.simwarden.core.entity.SimEntity;
import io.simwarden.core.entity.SimFleet;
import io.simwarden.core.entity.SimSettings;
import io.simwarden.core.event.EventChain;
import io.simwarden.core.event.SimEvent;
import io.simwarden.core.firewall.Firewall;
import io.simwarden.core.policy.FleetPolicy;
import io.simwarden.core.state.SimState;
import io.simwarden.core.traffic.UsageAccumulator;
import io.simwarden.loadtest.harness.BenchRun;
import io.simwarden.loadtest.harness.Benchmark;
import io.simwarden.loadtest.harness.Figure;
import io.simwarden.persistence.journal.EmbeddedCluster;
import io.simwarden.persistence.journal.JournalMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pekko.actor.typed.ActorSystem;

/** Traffic reports through Cluster Sharding into SimEntity (memory journal) vs the same decisions in a plain loop. */
public final class TrafficBench implements Benchmark {

  @Override
  public String name() {
    return "traffic";
  }

  @Override
  public String description() {
    return "Traffic reports per second through Cluster Sharding into the SIM entities (one-node embedded cluster, "
        + "memory journal, 1000 reports in flight; quick 500 SIMs and 10 k reports, full 10 k SIMs and 2 M "
        + "reports) beside a plain single-threaded loop that applies the same pure decisions "
        + "(`NetworkDecider.traffic`, usage windows, `EventChain.seal`, `SimState.apply`) to the same SIM states in "
        + "a `HashMap`, timed on its second pass over the same reports (the first warms its JIT up).";
  }

  @Override
  public String reading() {
    return "The loop is bound by one core doing the decision itself (firewall match, usage window, detectors); the "
        + "sharded path pays per report for an ask (temporary actor, future, timeout), the shard region and shard "
        + "hops, the entity's mailbox and dispatcher, and the garbage all of that leaves, on the same two cores. "
        + "The ratio is the cost of the actor path, not of the decision.";
  }

  @Override
  public boolean needsCassandra() {
    return false;
  }

  @Override
  public boolean warmUpRun() {
    return true;
  }

  @Override
  public List<Figure> run(BenchRun run) throws Exception {
    int sims = run.profile().pick(500, 10_000);
    int reports = run.profile().pick(10_000, 2_000_000);
    long base = run.simBase();
    ActorSystem<Void> system = EmbeddedCluster.start("bench-traffic", JournalMode.MEMORY.config());
    double sharded;
    Map<Long, SimState> states = new ConcurrentHashMap<>();
    SimSettings settings;
    try {
      settings = SimSettings.fromConfig(system.settings().config());
      SimEntity.init(system, settings, () -> FleetPolicy.EMPTY);
      SimFleet fleet = new SimFleet(system, Duration.ofSeconds(30));
      BenchFleet.inFlight(0, sims, 500, i -> BenchFleet.enroll(fleet, base + i));
      BenchFleet.inFlight(0, sims, 500, i -> fleet.<SimState>ask(BenchFleet.imsi(base + i), SimEntity.GetState::new)
          .thenAccept(s -> states.put(i, s)));
      long start = System.nanoTime();
      BenchFleet.inFlight(0, reports, 1000, k -> BenchFleet.report(fleet, base + k % sims, BenchFleet.READING,
          at(k / sims)));
      sharded = reports / seconds(start);
    } finally {
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().join();
    }
    // The loop does the same reports on twins of the same states twice and is timed the second time: once was over
    // before the JIT had finished with it (three runs measured 1.3, 2.5 and 3.8 M reports/s).
    new PlainLoop(settings, states, sims).reports(0, reports);
    PlainLoop loop = new PlainLoop(settings, states, sims);
    long start = System.nanoTime();
    loop.reports(0, reports);
    double plain = reports / seconds(start);
    return List.of(new Figure("traffic.reports", "traffic reports through sharding", sharded,
        "plain loop, 1 thread", plain, "reports/s"));
  }

  /** Event time of report round {@code round}: one report a minute, so a usage window closes every hour. */
  private static Instant at(long round) {
    return BenchFleet.T0.plusSeconds(2 + round * 60);
  }

  static double seconds(long startNanos) {
    return Math.max(1e-9, (System.nanoTime() - startNanos) / 1e9);
  }

  /** The entity's traffic path without the entity: what {@code SimEntity.network} does, on a map of twins. */
  private static final class PlainLoop {
    private final NetworkDecider network;
    private final Twin[] twins;

    PlainLoop(SimSettings settings, Map<Long, SimState> states, int sims) {
      network = new NetworkDecider(settings.maxBlockedEndpoints(),
          new Detectors(settings.learningWindows(), settings.usageWindow()));
      twins = new Twin[sims];
      for (int i = 0; i < sims; i++) {
        SimState s = states.get((long) i);
        twins[i] = new Twin(s, new UsageAccumulator(settings.usageWindow().toMillis(), settings.maxWindowEndpoints()),
            new WindowWatch(), Firewall.compile(s.profile().firewallRules(), s.firewallRules(),
            s.profile().defaultAction()));
      }
    }

    void reports(long from, long to) {
      for (long k = from; k < to; k++) {
        Twin t = twins[(int) (k % twins.length)];
        Instant at = at(k / twins.length);
        List<SimEvent> closed = UsageWindows.closeIfDue(t.window, at);
        NetworkDecision decision = network.traffic(
            new NetworkContext(t.state.applyAll(closed), FleetPolicy.EMPTY, t.window, t.watch, at), t.firewall,
            BenchFleet.READING);
        List<SimEvent> events = decision.events();
        if (!closed.isEmpty()) {
          events = new ArrayList<>(closed);
          events.addAll(decision.events());
        }
        for (SimEvent e : EventChain.seal(t.state.chain(), events)) {
          t.state = t.state.apply(e);
        }
      }
    }
  }

  private static final class Twin {
    SimState state;
    final UsageAccumulator window;
    final WindowWatch watch;
    final Firewall firewall;

    Twin(SimState state, UsageAccumulator window, WindowWatch watch, Firewall firewall) {
      this.state = state;
      this.window = window;
      this.watch = watch;
      this.firewall = firewall;
    }
  }
}
