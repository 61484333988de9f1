package io.simwarden.readside;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.typesafe.config.Config;
import io.simwarden.core.entity.SimEntity;
import io.simwarden.core.entity.SimProtocol.CommandResult;
import io.simwarden.core.entity.SimFleet;
import io.simwarden.core.entity.SimSettings;
import io.simwarden.core.event.SimTags;
import io.simwarden.core.policy.FleetPolicy;
import io.simwarden.core.policy.ImeiLock;
import io.simwarden.core.testing.Sims;
import io.simwarden.persistence.cassandra.CassandraExtension;
import io.simwarden.persistence.forensics.ForensicIndex;
import io.simwarden.persistence.forensics.ForensicIndexKeys;
import io.simwarden.persistence.forensics.ForensicsJournal;
import io.simwarden.persistence.forensics.SearchCriteria;
import io.simwarden.persistence.journal.CqlSchema;
import io.simwarden.persistence.journal.EmbeddedCluster;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.javadsl.Sink;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Retention on the test Cassandra: with the schema's retention at a few seconds, alert rows and forensic index rows
 * appear, then expire; reading them after that answers nothing, without an error, and the index says how long it
 * keeps events; a replay of every event after they expired does not bring them back.
 */
@ExtendWith(CassandraExtension.class)
class RetentionTest {
  private static final String KEYSPACE = "retention_" + Long.toString(System.currentTimeMillis(), 36);
  /** Long enough for the projections to write the rows on a busy machine, short enough for a test. */
  private static final Duration RETENTION = Duration.ofSeconds(20);
  private static final int SIMS = 24;
  private static final Duration PATIENCE = Duration.ofSeconds(90);
  private static final String NETWORK = "network:detector:test";
  private static final SearchCriteria SUSPENSIONS = new SearchCriteria(Set.of(SearchCriteria.kind("Suspended")), null,
      null, null, null, null, null);

  private static Config config() {
    return TestJournal.cassandra(KEYSPACE, "simwarden.sim.slice-tags = every-event");
  }

  private record Node(ActorSystem<Void> system, SimFleet fleet, ReadSide readSide) implements AutoCloseable {
    static Node start(String name) {
      ActorSystem<Void> system = EmbeddedCluster.start(name, config());
      SimEntity.init(system, SimSettings.fromConfig(system.settings().config()), () -> FleetPolicy.EMPTY);
      ReadSide readSide = ReadSide.start(system, ProjectionLag.NONE);
      readSide.started().toCompletableFuture().join();
      return new Node(system, new SimFleet(system, Duration.ofSeconds(60)), readSide);
    }

    CompletableFuture<CommandResult> ask(int n, Function<ActorRef<CommandResult>, SimEntity.Command> command) {
      return fleet.<CommandResult>ask(Sims.imsi(n).value(), command).toCompletableFuture();
    }

    /** Alert rows of every slice, fleet-wide, from an hour ago. */
    int alertRows() {
      UUID from = AlertsByOrgTable.positionBefore(Instant.now().minus(Duration.ofHours(1)));
      int rows = 0;
      for (int slice = 0; slice < SimTags.SLICES; slice++) {
        rows += readSide.alertsByOrg().after(AlertsByOrgTable.FLEET_WIDE, slice, from, null)
            .runWith(Sink.seq(), system).toCompletableFuture().join().size();
      }
      return rows;
    }

    ForensicIndex index() {
      return new ForensicIndex(system, new ForensicsJournal(system, 4), 4);
    }

    /** The suspensions the forensic index names. */
    int indexed() {
      return index().search(ForensicIndexKeys.plan(SUSPENSIONS).orElseThrow(), SUSPENSIONS)
          .runWith(Sink.seq(), system).toCompletableFuture().join().size();
    }

    @Override
    public void close() {
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().join();
    }
  }

  @BeforeAll
  static void createSchema() {
    TestJournal.applySchema(KEYSPACE, new CqlSchema.Retention(RETENTION, RETENTION));
  }

  @Test
  void rowsExpireTheRetentionAfterTheirEventAndAReplayDoesNotBringThemBack() throws Exception {
    try (Node first = Node.start("retention-first")) {
      run(first, n -> first.ask(n, r -> new SimEntity.Provision(Sims.imsi(n), Sims.iccid(n), "hooli",
          Sims.meterProfile(), ImeiLock.OFF, List.of(), null, "alice", Sims.T0, r)));
      run(first, n -> first.ask(n, r -> new SimEntity.Activate("alice", Sims.T0, r)));
      run(first, n -> first.ask(n, r -> new SimEntity.Suspend(NETWORK, "test", Sims.T0, r)));
      long journaled = System.currentTimeMillis();
      // Each network suspension: two alert rows (hooli and fleet-wide) and one index entry under its kind.
      assertEquals(SIMS, await(first::indexed, n -> n == SIMS), "suspensions indexed");
      assertEquals(SIMS, await(first::alertRows, n -> n == SIMS), "alerts filed fleet-wide");
      System.out.printf("retention %d s: rows seen %d ms after the last event was journaled%n",
          RETENTION.getSeconds(), System.currentTimeMillis() - journaled);

      assertEquals(0, await(first::alertRows, n -> n == 0), "alerts past their retention");
      assertEquals(0, await(first::indexed, n -> n == 0), "index entries past their retention");
      ForensicIndex.Progress progress = first.index().progress(ForensicIndex.INDEX_PROJECTION).toCompletableFuture()
          .join().orElseThrow();
      assertEquals(RETENTION, progress.retention());
      String notice = progress.beyondRetention(null, Instant.now()).orElseThrow();
      assertTrue(notice.startsWith("the forensic index keeps an event for 20 s after it was journaled"), notice);
      assertTrue(progress.beyondRetention(Instant.now(), Instant.now()).isEmpty(), "a search of the last moment");
    }
    // As if every handler had crashed before saving any offset: the expired events come again, and stay expired.
    try (CqlSession session = TestJournal.session()) {
      session.execute(SimpleStatement.newInstance("TRUNCATE " + KEYSPACE + ".projection_offset_store")
          .setTimeout(Duration.ofSeconds(60)));
      session.execute(SimpleStatement.newInstance("TRUNCATE " + KEYSPACE + ".forensic_progress")
          .setTimeout(Duration.ofSeconds(60)));
    }
    try (Node second = Node.start("retention-second")) {
      ForensicIndex index = second.index();
      int slices = (int) java.util.stream.IntStream.range(0, SIMS).map(n -> SimTags.sliceOf(Sims.imsi(n).value()))
          .distinct().count();
      assertEquals(slices, await(() -> index.progress(ForensicIndex.INDEX_PROJECTION).toCompletableFuture().join()
          .map(ForensicIndex.Progress::slices).orElse(0), handled -> handled == slices), "slices replayed");
      // The slices' last events (the suspensions) were handled again: nothing was written for them.
      Thread.sleep(3_000);
      assertEquals(0, second.indexed(), "index entries after a replay");
      assertEquals(0, second.alertRows(), "alerts after a replay");
    }
  }

  private static void run(Node node, Function<Integer, CompletableFuture<CommandResult>> step) {
    List<CompletableFuture<CommandResult>> sent = new ArrayList<>();
    for (int n = 0; n < SIMS; n++) {
      sent.add(step.apply(n));
    }
    for (CompletableFuture<CommandResult> result : sent) {
      assertTrue(result.join().accepted(), String.valueOf(result.join().error()));
    }
  }

  private static int await(java.util.function.IntSupplier read, java.util.function.IntPredicate done)
      throws InterruptedException {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    int seen = read.getAsInt();
    while (!done.test(seen) && System.nanoTime() < deadline) {
      Thread.sleep(250);
      seen = read.getAsInt();
    }
    return seen;
  }
}
