package io.simwarden.loadtest.bench;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.simwarden.core.entity.SimEntity;
import io.simwarden.core.entity.SimProtocol.CommandResult;
import io.simwarden.core.entity.SimFleet;
import io.simwarden.core.entity.SimSettings;
import io.simwarden.core.policy.FleetPolicy;
import io.simwarden.core.policy.ImeiLock;
import io.simwarden.core.state.SimState;
import io.simwarden.loadtest.harness.BenchRun;
import io.simwarden.loadtest.harness.Benchmark;
import io.simwarden.loadtest.harness.Figure;
import io.simwarden.loadtest.harness.ForkedTask;
import io.simwarden.loadtest.harness.Heap;
import io.simwarden.loadtest.harness.Profile;
import io.simwarden.persistence.journal.EmbeddedCluster;
import java.lang.ref.Reference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;

/**
 * Heap per resident SIM entity, and the heap of a node whose passivation limit bounds the resident SIMs while many
 * more SIMs are touched (this folds in the former TagWriterHeapBench: every touched SIM writes a tagged event, and
 * pekko-persistence-cassandra issue #410 is the tag writer's per-persistence-id record that outlives passivation).
 */
public final class MemoryBench implements Benchmark {

  @Override
  public String name() {
    return "memory";
  }

  @Override
  public String description() {
    return "Each phase in a fresh JVM on the Cassandra journal, heap measured after full collections. Resident: "
        + "SIMs provisioned (one untagged event each) and kept resident (quick 1 k and 2 k, full 100 k and 1 M; "
        + "-Xmx2g / -Xmx16g), counted from a baseline taken with 200 warm-up SIMs resident; heap per SIM beside "
        + "the heap per SIM of the same `SimState`s (deserialized copies) held in a `HashMap`, the data without "
        + "the entity. Passivation: SIMs provisioned and given an IMEI lock "
        + "(an audit-tagged event) one after the other (quick 500 touched with a limit of 100, full 2 M with the "
        + "default limit of 100 k); heap after the last beside the heap when the first `limit` SIMs were resident. "
        + "At full size it is not part of `bench all` (30–37 minutes a run on 2 cores): `./simwarden bench memory "
        + "--profile full`.";
  }

  @Override
  public String reading() {
    return "Per resident SIM the entity costs its state plus the actor, its persistence machinery and the shard's "
        + "bookkeeping; the ratio to the bare state is that overhead. With passivation the resident SIMs stay "
        + "bounded, so heap above the at-limit figure is memory kept per SIM ever touched (the tag writer's "
        + "progress records, pekko-persistence-cassandra #410) — that, not the entities, is what grows with the fleet. At the quick "
        + "sizes the differences are a few MiB, of the order of what a full GC leaves behind anyway, and the "
        + "shards' own actors are spread over few SIMs: only the full sizes measure the entity.";
  }

  @Override
  public boolean needsCassandra() {
    return true;
  }

  /**
   * Not at the full profile: its 1 M resident and 2 M touched SIMs each start an entity that reads and writes
   * Cassandra, 30–37 minutes a run on 2 cores where both processes are CPU-bound, and three runs would not fit
   * {@code all}'s 45 minutes. Heap after full collections does not depend on that speed.
   */
  @Override
  public boolean inAll(Profile profile) {
    return profile == Profile.QUICK;
  }

  @Override
  public List<Figure> run(BenchRun run) throws Exception {
    String xmx = run.profile().pick("-Xmx2g", "-Xmx16g");
    List<Figure> figures = new ArrayList<>(run.fork(Resident.class, List.of(xmx, "-XX:+UseParallelGC"), List.of()));
    figures.addAll(run.fork(Passivation.class, List.of(xmx, "-XX:+UseParallelGC"), List.of()));
    return figures;
  }

  private static ActorSystem<Void> start(BenchRun run, int activeEntityLimit) {
    Config config = ConfigFactory.parseMap(Map.of(
        "pekko.cluster.sharding.passivation.default-strategy.active-entity-limit", activeEntityLimit,
        "simwarden.sim.snapshot-every", 0)).withFallback(run.journal().config());
    ActorSystem<Void> system = EmbeddedCluster.start("bench-memory", config);
    SimEntity.init(system, SimSettings.fromConfig(system.settings().config()), () -> FleetPolicy.EMPTY);
    return system;
  }

  /**
   * Runs {@code task(i)} for every {@code i} in {@code [from, to)}, {@value #IN_FLIGHT} at a time, and prints the
   * rate every {@value #PROGRESS_EVERY} SIMs. The first {@value #RAMP_UP} SIMs of a JVM go fewer at a time, as in
   * {@link BenchFleet#warmUp}. A SIM whose command failed (a journal query timed out, so its entity stopped and
   * restarts) is tried once more, and counted: this benchmark measures heap, and a run of an hour should not end
   * on one slow query; a second failure ends it.
   */
  private static void drive(BenchRun run, String what, long from, long to, LongFunction<CompletionStage<?>> task)
      throws InterruptedException {
    AtomicLong retried = new AtomicLong();
    LongFunction<CompletionStage<?>> once = i -> task.apply(i).<Object>thenApply(x -> x).exceptionallyCompose(e -> {
      retried.incrementAndGet();
      return task.apply(i).thenApply(x -> x);
    });
    for (long at = from; at < to; ) {
      boolean rampUp = at < RAMP_UP;
      long end = Math.min(to, rampUp ? RAMP_UP : at + PROGRESS_EVERY);
      long started = System.nanoTime();
      BenchFleet.inFlight(at, end, rampUp ? BenchFleet.WARM_UP_IN_FLIGHT : IN_FLIGHT, once);
      run.out().printf("%s %,d SIMs: %,.0f SIMs/s (%,d retried after a failure)%n", what, end,
          (end - at) / TrafficBench.seconds(started), retried.get());
      at = end;
    }
  }

  /**
   * SIMs in flight. The journal is CPU-bound on this box well below this; more in flight only lengthens Cassandra's
   * queues, and at 500 a query waited beyond the driver's 5 s timeout a few minutes into 1 M SIMs.
   */
  private static final int IN_FLIGHT = 100;
  private static final int RAMP_UP = 2_000;
  private static final int PROGRESS_EVERY = 100_000;

  /** Heap per resident SIM at each size, beside the bare states. */
  public static final class Resident implements ForkedTask {
    @Override
    public List<Figure> run(BenchRun run, List<String> args) throws Exception {
      List<Integer> sizes = run.profile().pick(List.of(1_000, 2_000), List.of(100_000, 1_000_000));
      long base = run.simBase();
      ActorSystem<Void> system = start(run, sizes.get(sizes.size() - 1) + WARM_UP);
      SimFleet fleet = new SimFleet(system, Duration.ofSeconds(60));
      // The first SIMs of a JVM allocate what every later one shares (prepared statements, serializers, the shard
      // regions' structures, the tag writers); they stay resident and are not counted, so that the baseline holds
      // them too. Without this, a small run's first figure was negative on a slower machine.
      long warmUpBase = base + WARM_UP_OFFSET;
      BenchFleet.warmUp(WARM_UP, i -> BenchFleet.provision(fleet, warmUpBase + i));
      long empty = Heap.usedAfterGc();
      int done = 0;
      List<long[]> perSize = new ArrayList<>();
      for (int size : sizes) {
        drive(run, "provisioned", done, size, i -> BenchFleet.provision(fleet, base + i));
        done = size;
        long grown = Heap.usedAfterGc() - empty;
        if (grown > 0) {
          run.out().printf("%,d resident SIMs: %,d bytes each%n", size, grown / size);
        } else {
          run.out().printf("%,d resident SIMs: the heap grew by %,d bytes, below what full collections resolve at "
              + "this size; reported as 0 (only the full sizes measure the entity)%n", size, grown);
        }
        perSize.add(new long[] {size, Math.max(0, grown) / size});
      }
      double state = bareStateBytes(system, fleet, base, sizes.get(0));
      List<Figure> figures = new ArrayList<>();
      for (long[] s : perSize) {
        figures.add(new Figure("memory.resident." + s[0], String.format("heap per resident SIM, %,d SIMs", s[0]),
            s[1], "the bare SimState in a HashMap", state, "bytes"));
      }
      return figures;
    }

    /**
     * Bytes per state of {@code count} SIMs' states, copied through serialization and held in a map. At least
     * {@value #MIN_COPIES} copies are held (the states are copied round-robin), so that the heap difference is
     * tens of megabytes and background allocation of the actor system cannot swamp it.
     */
    private static double bareStateBytes(ActorSystem<Void> system, SimFleet fleet, long base, int count)
        throws Exception {
      Serialization serialization = SerializationExtension.get(Adapter.toClassic(system));
      Map<Long, byte[]> serialized = new ConcurrentHashMap<>();
      BenchFleet.inFlight(0, count, 500, i -> fleet.<SimState>ask(BenchFleet.imsi(base + i), SimEntity.GetState::new)
          .thenAccept(s -> serialized.put(i, serialization.serialize(s).get())));
      if (serialized.size() != count) {
        throw new IllegalStateException("read " + serialized.size() + " states of " + count);
      }
      byte[][] states = serialized.values().toArray(byte[][]::new);
      int copies = Math.max(count, MIN_COPIES);
      Map<Integer, SimState> held = new HashMap<>(2 * copies);
      long before = Heap.usedAfterGc();
      for (int i = 0; i < copies; i++) {
        held.put(i, serialization.deserialize(states[i % states.length], SimState.class).get());
      }
      long after = Heap.usedAfterGc();
      // The serialized states must be in both readings. Once the loop has run, a compiled frame no longer holds them,
      // and the second reading would not count them: at 100 k states that took most of the copies' growth out of
      // the difference (the full run of 2026-12-02 measured 288 bytes per state, the quick runs ~1.6 kB).
      Reference.reachabilityFence(states);
      Reference.reachabilityFence(serialized);
      if (held.size() != copies) {
        throw new IllegalStateException("copied " + held.size() + " states of " + copies);
      }
      return Math.max(0, after - before) / (double) copies;
    }

    private static final int MIN_COPIES = 20_000;

    /** SIMs provisioned before the empty-node baseline, and where their identities start (beyond the measured). */
    private static final int WARM_UP = 200;
    private static final long WARM_UP_OFFSET = 20_000_000L;
  }

  /** Heap while SIMs beyond the passivation limit are touched. */
  public static final class Passivation implements ForkedTask {
    @Override
    public List<Figure> run(BenchRun run, List<String> args) throws Exception {
      int limit = run.profile().pick(100, 100_000);
      int touched = run.profile().pick(500, 2_000_000);
      long base = run.simBase() + 50_000_000L;
      ActorSystem<Void> system = start(run, limit);
      SimFleet fleet = new SimFleet(system, Duration.ofSeconds(60));
      ImeiLock lock = ImeiLock.firstSeen(ImeiLock.MismatchAction.REJECT_ATTACH, false);
      long atLimit = 0;
      int milestone = Math.max(limit, touched / 10);
      long started = System.nanoTime();
      for (int from = 0; from < touched; ) {
        int to = Math.min(touched, from == 0 ? limit : from + milestone);
        drive(run, "touched", from, to, i -> BenchFleet.provision(fleet, base + i).thenCompose(x ->
            fleet.<CommandResult>ask(BenchFleet.imsi(base + i), r -> new SimEntity.SetImeiLock(lock, BenchFleet.BY,
                BenchFleet.T0, r))));
        long heap = Heap.usedAfterGc();
        if (from == 0) {
          atLimit = heap;
        }
        run.out().printf("%,d SIMs touched (limit %,d): heap %,d MiB after %.0f s%n", to, limit, heap >> 20,
            (System.nanoTime() - started) / 1e9);
        from = to;
      }
      long end = Heap.usedAfterGc();
      return List.of(new Figure("memory.passivation", String.format("heap, %,d SIMs touched, limit %,d", touched,
          limit), end / 1048576.0, String.format("heap with %,d resident", limit), atLimit / 1048576.0, "MiB"));
    }
  }
}
