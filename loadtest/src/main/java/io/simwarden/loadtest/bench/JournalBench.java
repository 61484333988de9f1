package io.simwarden.loadtest.bench;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.uuid.Uuids;
import io.simwarden.core.entity.SimEntity;
import io.simwarden.core.entity.SimFleet;
import io.simwarden.core.entity.SimSettings;
import io.simwarden.core.event.EventChain;
import io.simwarden.core.event.SimEvent;
import io.simwarden.core.policy.FleetPolicy;
import io.simwarden.core.policy.Rat;
import io.simwarden.loadtest.harness.BenchJournal;
import io.simwarden.loadtest.harness.BenchRun;
import io.simwarden.loadtest.harness.Benchmark;
import io.simwarden.loadtest.harness.Figure;
import io.simwarden.persistence.journal.CqlSchema;
import io.simwarden.persistence.journal.EmbeddedCluster;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.apache.pekko.serialization.Serializers;

/** Persisted events per second through Pekko into Cassandra vs raw driver inserts of the same bytes. */
public final class JournalBench implements Benchmark {

  @Override
  public String name() {
    return "journal";
  }

  @Override
  public String description() {
    return "Events per second persisted by the SIM entities through pekko-persistence-cassandra into the local "
        + "Cassandra (each SIM attaches from its two devices in turn: one untagged `AttachAccepted` per command, "
        + "one command in flight per SIM; quick 100 SIMs × 10 events, full 1 k SIMs × 200 events) beside raw "
        + "asynchronous inserts, with the DataStax driver, of the same serialized event bytes into a `messages` "
        + "table of the same shape in another keyspace, with as many inserts in flight as there are SIMs.";
  }

  @Override
  public String reading() {
    return "Both sides share two cores with the Cassandra node, which takes most of the CPU of each write "
        + "(commit log, memtable). The raw side is bound by Cassandra alone; the Pekko side adds the ask, the "
        + "decision, the tamper-evidence hash, CBOR serialization and the plugin's per-write bookkeeping, and each "
        + "SIM waits for its write before the next command (persist is sequential per entity).";
  }

  @Override
  public boolean needsCassandra() {
    return true;
  }

  @Override
  public boolean warmUpRun() {
    return true;
  }

  @Override
  public List<Figure> run(BenchRun run) throws Exception {
    int sims = run.profile().pick(100, 1_000);
    int perSim = run.profile().pick(10, 200);
    long base = run.simBase();
    long events = (long) sims * perSim;
    ActorSystem<Void> system = EmbeddedCluster.start("bench-journal", run.journal().config());
    double persisted;
    SerializedEvent sample;
    long enrolled;
    try {
      SimEntity.init(system, SimSettings.fromConfig(system.settings().config()), () -> FleetPolicy.EMPTY);
      SimFleet fleet = new SimFleet(system, Duration.ofSeconds(60));
      BenchFleet.warmUp(sims, i -> BenchFleet.enroll(fleet, base + i));
      enrolled = journalLength(run.journal(), BenchFleet.imsi(base));
      long start = System.nanoTime();
      BenchFleet.inFlight(0, sims, sims, i -> attachInTurn(fleet, base + i, 0, perSim));
      persisted = events / TrafficBench.seconds(start);
      // Checked before the system stops: passivation at shutdown journals each SIM's open usage window.
      long written = journalLength(run.journal(), BenchFleet.imsi(base)) - enrolled;
      if (written != perSim) {
        throw new IllegalStateException("SIM " + BenchFleet.imsi(base) + " journaled " + written + " events, the "
            + "benchmark counted " + perSim);
      }
      sample = SerializedEvent.of(system, EventChain.seal(EventChain.GENESIS, List.of(new SimEvent.AttachAccepted(
          BenchFleet.T0, BenchFleet.imei(base, 1), Rat.NB_IOT, BenchFleet.HOME, BenchFleet.APN, true, false, null)))
          .get(0));
    } finally {
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().join();
    }
    double raw;
    try (CqlSession session = run.journal().session()) {
      createRawMessages(session, run.journal());
      PreparedStatement insert = session.prepare("INSERT INTO " + run.journal().rawKeyspace() + ".messages "
          + "(persistence_id, partition_nr, sequence_nr, timestamp, timebucket, writer_uuid, ser_id, ser_manifest, "
          + "event_manifest, event) VALUES (?, 0, ?, ?, ?, ?, ?, ?, '', ?)");
      String writer = UUID.randomUUID().toString();
      String bucket = Long.toString(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.HOURS).toEpochMilli());
      long start = System.nanoTime();
      BenchFleet.inFlight(0, events, sims, k -> session.executeAsync(insert.bind(
          SimEntity.persistenceId(BenchFleet.imsi(base + k % sims)).id(), k / sims + 4, Uuids.timeBased(), bucket,
          writer, sample.serializerId(), sample.manifest(), ByteBuffer.wrap(sample.bytes()))));
      raw = events / TrafficBench.seconds(start);
    }
    return List.of(new Figure("journal.events", "events persisted through Pekko", persisted,
        "raw driver inserts", raw, "events/s"));
  }

  /**
   * {@code count} attaches of SIM {@code n}, one after the other, alternating its two devices, 100 ms of event time
   * apart: up to 30 k stay in the first usage window, so the detectors are still learning and every attach is
   * accepted.
   */
  static CompletionStage<?> attachInTurn(SimFleet fleet, long n, int done, int count) {
    if (done == count) {
      return CompletableFuture.completedFuture(null);
    }
    return BenchFleet.attach(fleet, n, (done + 1) % 2, BenchFleet.T0.plusMillis(2_000 + done * 100L))
        .thenCompose(v -> {
          if (!v.accepted()) {
            throw new IllegalStateException("attach of SIM " + n + " refused: " + v);
          }
          return attachInTurn(fleet, n, done + 1, count);
        });
  }

  /** How many events SIM {@code imsi} has in the journal: the figures count events, this checks the count. */
  static long journalLength(BenchJournal journal, String imsi) {
    try (CqlSession session = journal.session()) {
      Row row = session.execute(SimpleStatement.newInstance("SELECT max(sequence_nr) FROM " + journal.keyspace()
          + ".messages WHERE persistence_id = ? AND partition_nr = 0", SimEntity.persistenceId(imsi).id())).one();
      return row == null || row.isNull(0) ? 0 : row.getLong(0);
    }
  }

  /** The journal's {@code messages} table, from the production CQL, in the raw keyspace. */
  static void createRawMessages(CqlSession session, BenchJournal journal) {
    for (String cql : CqlSchema.statements(CqlSchema.simpleReplication(1), CqlSchema.JOURNAL)) {
      if (cql.startsWith("CREATE KEYSPACE") || cql.contains(" simwarden.messages ")) {
        session.execute(SimpleStatement.newInstance(cql.replaceFirst("EXISTS simwarden", "EXISTS "
            + journal.rawKeyspace()).replace("simwarden.messages", journal.rawKeyspace() + ".messages"))
            .setTimeout(Duration.ofSeconds(60)));
      }
    }
  }

  /** An event as the journal stores it. */
  record SerializedEvent(int serializerId, String manifest, byte[] bytes) {
    static SerializedEvent of(ActorSystem<?> system, Object event) {
      Serialization serialization = SerializationExtension.get(Adapter.toClassic(system));
      Serializer serializer = serialization.findSerializerFor(event);
      return new SerializedEvent(serializer.identifier(), Serializers.manifestFor(serializer, event),
          serializer.toBinary(event));
    }
  }
}
