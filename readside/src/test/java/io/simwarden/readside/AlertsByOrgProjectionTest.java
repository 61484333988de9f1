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
import io.simwarden.core.event.SimEvent;
import io.simwarden.core.event.SimTags;
import io.simwarden.core.policy.FleetPolicy;
import io.simwarden.core.policy.ImeiLock;
import io.simwarden.core.testing.Sims;
import io.simwarden.persistence.cassandra.CassandraExtension;
import io.simwarden.persistence.journal.CqlSchema;
import io.simwarden.persistence.journal.EmbeddedCluster;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.javadsl.Sink;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The alerts per organisation on the test Cassandra, through real SIM entities, tags, projections and offsets:
 * every alert filed exactly once under its organisation and once fleet-wide, after a stop in the middle of the
 * stream and a replay of everything; lifecycle events and operator suspensions are not alerts.
 */
@ExtendWith(CassandraExtension.class)
class AlertsByOrgProjectionTest {
  private static final String KEYSPACE = "alerts_" + Long.toString(System.currentTimeMillis(), 36);
  private static final int SIMS = 48;
  private static final int IN_FLIGHT = 16;
  private static final Duration PATIENCE = Duration.ofSeconds(90);
  private static final String NETWORK = "network:detector:test";

  /** One filed alert as this test compares them: organisation partition, SIM, sequence number, offset. */
  private record Filed(String partition, String organisation, String imsi, long seqNr, UUID written)
      implements Comparable<Filed> {
    @Override
    public int compareTo(Filed o) {
      return toString().compareTo(o.toString());
    }
  }

  private static Config config() {
    return TestJournal.cassandra(KEYSPACE, "");
  }

  private record Node(ActorSystem<Void> system, SimFleet fleet, ReadSide readSide) implements AutoCloseable {
    static Node start(String name, ProjectionLag lag) {
      ActorSystem<Void> system = EmbeddedCluster.start(name, config());
      SimEntity.init(system, SimSettings.fromConfig(system.settings().config()), () -> FleetPolicy.EMPTY);
      ReadSide readSide = ReadSide.start(system, lag);
      readSide.started().toCompletableFuture().join();
      return new Node(system, new SimFleet(system, Duration.ofSeconds(60)), readSide);
    }

    CompletableFuture<CommandResult> ask(int n, Function<ActorRef<CommandResult>, SimEntity.Command> command) {
      return fleet.<CommandResult>ask(Sims.imsi(n).value(), command).toCompletableFuture();
    }

    /** Every row filed under the organisations and fleet-wide, from an hour ago. */
    Set<Filed> filed() {
      Set<Filed> all = new TreeSet<>();
      UUID from = AlertsByOrgTable.positionBefore(Instant.now().minus(Duration.ofHours(1)));
      for (String partition : List.of("hooli", "initech", AlertsByOrgTable.FLEET_WIDE)) {
        for (int slice = 0; slice < SimTags.SLICES; slice++) {
          readSide.alertsByOrg().after(partition, slice, from, null).runWith(Sink.seq(), system).toCompletableFuture()
              .join().forEach(a -> {
                assertTrue(a.event() instanceof SimEvent.Suspended s && s.by().equals(NETWORK), a.toString());
                all.add(new Filed(partition, a.organisation(), a.imsi(), a.seqNr(), a.written()));
              });
        }
      }
      return all;
    }

    @Override
    public void close() {
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().join();
    }
  }

  @BeforeAll
  static void createSchema() {
    TestJournal.applySchema(KEYSPACE, CqlSchema.Retention.DEFAULT);
  }

  @Test
  void everyAlertIsFiledOnceUnderItsOrganisationThroughAStopMidStreamAndAReplay() throws Exception {
    // Expected: (organisation, imsi, sequence number) of every network suspension.
    Set<String> truth = new TreeSet<>();
    ConcurrentLinkedQueue<Long> lags = new ConcurrentLinkedQueue<>();
    ProjectionLag recorded = (projection, slice, written, handled) -> {
      if (projection.equals(AlertsByOrgProjection.NAME)) {
        lags.add(handled - written);
      }
    };
    Set<Filed> before;
    try (Node first = Node.start("alerts-first", recorded)) {
      run(first, n -> first.ask(n, r -> new SimEntity.Provision(Sims.imsi(n), Sims.iccid(n), organisation(n),
          Sims.meterProfile(), ImeiLock.OFF, List.of(), null, "alice", at(n), r)), truth, 1, false);
      run(first, n -> first.ask(n, r -> new SimEntity.Activate("alice", at(n), r)), truth, 2, false);
      // An operator's suspension is audit, not an alert; the network's is an alert.
      run(first, n -> n % 2 == 0 ? first.ask(n, r -> new SimEntity.Suspend(NETWORK, "test", at(n), r))
          : first.ask(n, r -> new SimEntity.Suspend("alice", "test", at(n), r)), truth, 3, true);
      awaitFiled(first, truth);
      run(first, n -> first.ask(n, r -> new SimEntity.Resume("alice", at(n), r)), truth, 4, false);
      // More alerts, and the node stops while the projection is still filing them.
      run(first, n -> first.ask(n, r -> new SimEntity.Suspend(NETWORK, "again", at(n), r)), truth, 5, true);
      before = first.filed();
    }
    assertTrue(!lags.isEmpty() && lags.stream().allMatch(l -> l >= 0), "every handled event reported its lag");
    List<Long> sorted = lags.stream().sorted().toList();
    // A figure for the read side's docs, not an assertion: the write-to-filed delay while the events came live.
    System.out.printf("alerts-by-org lag over %d events: median %d ms, p95 %d ms, max %d ms%n", sorted.size(),
        sorted.get(sorted.size() / 2), sorted.get(sorted.size() * 95 / 100), sorted.get(sorted.size() - 1));
    // As if every handler had crashed after its writes and before saving any offset: all events come again.
    try (CqlSession session = TestJournal.session()) {
      session.execute(SimpleStatement.newInstance("TRUNCATE " + KEYSPACE + ".projection_offset_store")
          .setTimeout(Duration.ofSeconds(60)));
    }
    try (Node second = Node.start("alerts-second", ProjectionLag.NONE)) {
      Set<Filed> after = awaitFiled(second, truth);
      assertTrue(after.containsAll(before), "a replay rewrites the rows it wrote before, with the same keys");
      for (Filed f : after) {
        assertTrue(f.partition().equals(AlertsByOrgTable.FLEET_WIDE) || f.partition().equals(f.organisation()),
            "filed under another organisation: " + f);
      }
    }
  }

  private static String organisation(int n) {
    return n % 3 == 0 ? "initech" : "hooli";
  }

  private static Instant at(int n) {
    return Sims.T0.plusSeconds(n);
  }

  /** Sends the command {@code step} makes for each SIM; records it as an alert when {@code alert} (and even n). */
  private static void run(Node node, Function<Integer, CompletableFuture<CommandResult>> step, Set<String> truth,
      long seqNr, boolean alert) {
    for (int from = 0; from < SIMS; from += IN_FLIGHT) {
      List<CompletableFuture<CommandResult>> sent = new ArrayList<>();
      for (int n = from; n < Math.min(SIMS, from + IN_FLIGHT); n++) {
        sent.add(step.apply(n));
      }
      for (int i = 0; i < sent.size(); i++) {
        int n = from + i;
        CommandResult result = sent.get(i).join();
        assertTrue(result.accepted(), "SIM " + n + ": " + result.error());
        if (alert && (seqNr == 5 || n % 2 == 0)) {
          truth.add(organisation(n) + "/" + Sims.imsi(n).value() + "/" + seqNr);
        }
      }
    }
  }

  /** Waits until the table holds exactly {@code truth}, once under the organisation and once fleet-wide. */
  private static Set<Filed> awaitFiled(Node node, Set<String> truth) throws Exception {
    Set<String> expected = new TreeSet<>();
    for (String t : truth) {
      expected.add(t.substring(0, t.indexOf('/')) + ":" + t);
      expected.add(AlertsByOrgTable.FLEET_WIDE + ":" + t);
    }
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    Set<Filed> filed = node.filed();
    while (!keys(filed).equals(expected) && System.nanoTime() < deadline) {
      Thread.sleep(250);
      filed = node.filed();
    }
    assertEquals(expected, keys(filed), "the alerts filed per organisation");
    assertEquals(expected.size(), filed.size(), "one row per alert and partition, none twice");
    return filed;
  }

  private static Set<String> keys(Set<Filed> filed) {
    Set<String> keys = new TreeSet<>();
    filed.forEach(f -> keys.add(f.partition() + ":" + f.organisation() + "/" + f.imsi() + "/" + f.seqNr()));
    return keys;
  }
}
