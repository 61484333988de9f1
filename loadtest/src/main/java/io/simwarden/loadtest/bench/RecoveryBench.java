package io.simwarden.loadtest.bench;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.typesafe.config.ConfigFactory;
import io.simwarden.core.entity.SimEntity;
import io.simwarden.core.entity.SimFleet;
import io.simwarden.core.entity.SimSettings;
import io.simwarden.core.policy.FleetPolicy;
import io.simwarden.core.state.SimState;
import io.simwarden.loadtest.harness.BenchRun;
import io.simwarden.loadtest.harness.Benchmark;
import io.simwarden.loadtest.harness.Figure;
import io.simwarden.loadtest.harness.ForkedTask;
import io.simwarden.persistence.journal.EmbeddedCluster;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;

/** Recovery from the Cassandra journal in a restarted JVM: one long SIM, and a whole fleet, vs raw driver reads. */
public final class RecoveryBench implements Benchmark {

  @Override
  public String name() {
    return "recovery";
  }

  @Override
  public String description() {
    return "This JVM journals, once for all the runs, one SIM with many events (quick 200, full 20 k attaches) "
        + "and a fleet of SIMs (quick 500, full 100 k; provisioned), snapshots off so recovery replays every "
        + "event; then each run starts a fresh JVM (the restart) that asks each SIM for its state. Events/s of the "
        + "one SIM's recovery beside reading and deserializing the same rows with the DataStax driver; seconds "
        + "until the whole fleet is back (1000 SIMs recovering at once) beside the same reads done raw with 1000 "
        + "queries in flight.";
  }

  @Override
  public String reading() {
    return "One SIM's recovery is a sequential paged read of one partition: bound by Cassandra's read path and "
        + "the deserialization and fold of each event (`SimState.apply`, chain check). The fleet is bound by "
        + "round trips to Cassandra (each SIM: highest sequence number, then its events) and by the entity "
        + "start-up in the shards, all on the two cores Cassandra also uses.";
  }

  @Override
  public boolean needsCassandra() {
    return true;
  }

  /**
   * Each run restarts on the same journal, written by the first: only the restart is measured, and writing 20 k
   * events one after the other and 100 k SIMs (75 s on 2026-12-02) was over a third of each run's time when every
   * run wrote its own.
   */
  @Override
  public List<Figure> run(BenchRun run) throws Exception {
    Written written = run.shared("journal", () -> write(run));
    return run.fork(Restarted.class, List.of("-Xmx2g", "-XX:+UseParallelGC"), List.of(Long.toString(written.base),
        Long.toString(written.events), Integer.toString(written.fleetSize)));
  }

  /** What the restarts recover: SIM {@code base} with {@code events} events, and SIMs base + 1 … base + fleetSize. */
  private record Written(long base, long events, int fleetSize) {}

  private static Written write(BenchRun run) throws Exception {
    int longSim = run.profile().pick(200, 20_000);
    int fleetSize = run.profile().pick(500, 100_000);
    long base = run.simBase();
    long started = System.nanoTime();
    ActorSystem<Void> system = start(run);
    try {
      SimFleet fleet = new SimFleet(system, Duration.ofSeconds(60));
      BenchFleet.enroll(fleet, base).toCompletableFuture().join();
      JournalBench.attachInTurn(fleet, base, 0, longSim).toCompletableFuture().join();
      BenchFleet.inFlight(1, fleetSize + 1, 500, i -> BenchFleet.provision(fleet, base + i));
    } finally {
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().join();
    }
    long events = JournalBench.journalLength(run.journal(), BenchFleet.imsi(base));
    run.out().printf("wrote the journal the restarts recover: one SIM of %,d events and %,d SIMs, in %.0f s%n",
        events, fleetSize, TrafficBench.seconds(started));
    return new Written(base, events, fleetSize);
  }

  private static ActorSystem<Void> start(BenchRun run) {
    ActorSystem<Void> system = EmbeddedCluster.start("bench-recovery", ConfigFactory.parseString(
        "simwarden.sim.snapshot-every = 0").withFallback(run.journal().config()));
    SimEntity.init(system, SimSettings.fromConfig(system.settings().config()), () -> FleetPolicy.EMPTY);
    return system;
  }

  /** The restarted node: recovers what the parent wrote, and reads the same rows raw. */
  public static final class Restarted implements ForkedTask {
    @Override
    public List<Figure> run(BenchRun run, List<String> args) throws Exception {
      long base = Long.parseLong(args.get(0));
      long events = Long.parseLong(args.get(1));
      int fleetSize = Integer.parseInt(args.get(2));
      ActorSystem<Void> system = start(run);
      Serialization serialization = SerializationExtension.get(Adapter.toClassic(system));
      SimFleet fleet = new SimFleet(system, Duration.ofSeconds(120));
      try (CqlSession session = run.journal().session()) {
        PreparedStatement select = session.prepare("SELECT event, ser_id, ser_manifest FROM " + run.journal()
            .keyspace() + ".messages WHERE persistence_id = ? AND partition_nr = 0");
        // Plugin start-up (session, prepared statements) and shard allocation are not recovery: pay them first.
        fleet.<SimState>ask(BenchFleet.imsi(base + 99_999_999), SimEntity.GetState::new).toCompletableFuture().join();
        long start = System.nanoTime();
        requireProvisioned(fleet.<SimState>ask(BenchFleet.imsi(base), SimEntity.GetState::new)
            .toCompletableFuture().join(), base);
        double recovered = events / TrafficBench.seconds(start);
        start = System.nanoTime();
        long rows = 0;
        for (Row row : session.execute(select.bind(pid(base)))) {
          deserialize(serialization, row);
          rows++;
        }
        double raw = rows / TrafficBench.seconds(start);
        run.out().printf("one SIM: %,d events recovered, %,d rows read raw%n", events, rows);

        start = System.nanoTime();
        BenchFleet.inFlight(1, fleetSize + 1, 1000, i -> fleet.<SimState>ask(BenchFleet.imsi(base + i),
            SimEntity.GetState::new).thenAccept(s -> requireProvisioned(s, base + i)));
        double fleetBack = TrafficBench.seconds(start);
        start = System.nanoTime();
        BenchFleet.inFlight(1, fleetSize + 1, 1000, i -> readAll(session.executeAsync(select.bind(pid(base + i))),
            serialization));
        double fleetRaw = TrafficBench.seconds(start);
        return List.of(
            new Figure("recovery.one", "one SIM's recovery", recovered, "raw driver read + deserialize", raw,
                "events/s"),
            new Figure("recovery.fleet", String.format("%,d SIMs back after a restart", fleetSize), fleetBack,
                "raw driver reads, 1000 in flight", fleetRaw, "s"));
      } finally {
        system.terminate();
      }
    }

    private static String pid(long n) {
      return SimEntity.persistenceId(BenchFleet.imsi(n)).id();
    }

    private static void requireProvisioned(SimState state, long n) {
      if (!state.isProvisioned()) {
        throw new IllegalStateException("SIM " + BenchFleet.imsi(n) + " came back unprovisioned");
      }
    }

    private static Object deserialize(Serialization serialization, Row row) {
      byte[] bytes = new byte[row.getByteBuffer(0).remaining()];
      row.getByteBuffer(0).get(bytes);
      return serialization.deserialize(bytes, row.getInt(1), row.getString(2)).get();
    }

    /** Every row of a (small, one-page) partition, deserialized. */
    private static CompletionStage<?> readAll(CompletionStage<AsyncResultSet> result, Serialization serialization) {
      return result.thenAccept(rs -> {
        if (rs.hasMorePages()) {
          throw new IllegalStateException("a fleet SIM's journal should fit one page");
        }
        for (Row row : rs.currentPage()) {
          deserialize(serialization, row);
        }
      });
    }
  }
}
