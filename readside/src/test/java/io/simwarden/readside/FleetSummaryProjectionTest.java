package io.simwarden.readside;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.typesafe.config.Config;
import io.simwarden.core.entity.SimEntity;
import io.simwarden.core.entity.SimProtocol.CommandResult;
import io.simwarden.core.entity.SimFleet;
import io.simwarden.core.entity.SimSettings;
import io.simwarden.core.id.Imsi;
import io.simwarden.core.policy.FleetPolicy;
import io.simwarden.core.policy.ImeiLock;
import io.simwarden.core.policy.SimStatus;
import io.simwarden.core.testing.Sims;
import io.simwarden.persistence.cassandra.CassandraExtension;
import io.simwarden.persistence.journal.CqlSchema;
import io.simwarden.persistence.journal.EmbeddedCluster;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The fleet summary on the test Cassandra, through real SIM entities, tags, projections and offsets: exact counts
 * after a stop in the middle of the stream and a replay of everything, an event written while the projection
 * idles, and the lag it reports.
 */
@ExtendWith(CassandraExtension.class)
class FleetSummaryProjectionTest {
  private static final String KEYSPACE = "readside_" + Long.toString(System.currentTimeMillis(), 36);
  private static final int SIMS = 96;
  private static final int IN_FLIGHT = 16;
  private static final Duration PATIENCE = Duration.ofSeconds(90);

  /** The journal, offsets and tables in a keyspace of this test's own, as production runs: no auto-creation. */
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

    Map<String, Map<SimStatus, Long>> counts() {
      return readSide.fleetSummary().read().toCompletableFuture().join().organisations();
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
  void countsStayExactThroughAStopMidStreamAndAReplayOfEveryEvent() throws Exception {
    Map<Integer, SimStatus> truth = new TreeMap<>();
    ConcurrentLinkedQueue<Long> lags = new ConcurrentLinkedQueue<>();
    ProjectionLag recorded = (projection, slice, written, handled) -> lags.add(handled - written);
    try (Node first = Node.start("readside-first", recorded)) {
      run(first, n -> provision(first, n), truth, n -> SimStatus.ISSUED);
      run(first, n -> n % 4 == 0 ? null : first.ask(n, r -> new SimEntity.Activate("alice", at(n), r)), truth,
          n -> SimStatus.ACTIVE);
      awaitCounts(first, expected(truth));
      // More changes, and the node stops while the projection is still counting them.
      run(first, n -> n % 4 != 1 ? null : first.ask(n, r -> new SimEntity.Suspend("alice", "test", at(n), r)),
          truth, n -> SimStatus.SUSPENDED);
      run(first, n -> n % 8 != 0 ? null : first.ask(n, r -> new SimEntity.Terminate("alice", "test", at(n), r)),
          truth, n -> SimStatus.TERMINATED);
    }
    assertTrue(!lags.isEmpty() && lags.stream().allMatch(l -> l >= 0), "every handled event reported its lag");
    // As if every handler had crashed after its writes and before saving any offset: all events come again.
    try (CqlSession session = TestJournal.session()) {
      session.execute(SimpleStatement.newInstance("TRUNCATE " + KEYSPACE + ".projection_offset_store")
          .setTimeout(Duration.ofSeconds(60)));
    }
    try (Node second = Node.start("readside-second", ProjectionLag.NONE)) {
      awaitCounts(second, expected(truth));
      // Idle now; one more suspension must still arrive.
      Thread.sleep(3_000);
      assertEquals(expected(truth), second.counts(), "no count moved while nothing was written");
      run(second, n -> n != 2 ? null : second.ask(n, r -> new SimEntity.Suspend("bob", "idle", at(n), r)), truth,
          n -> SimStatus.SUSPENDED);
      awaitCounts(second, expected(truth));
      FleetSummaryTable.Counts counts = second.readSide.fleetSummary().read().toCompletableFuture().join();
      assertNotNull(counts.lag(), "the summary reports its lag");
      assertTrue(!counts.lag().isNegative(), counts.lag().toString());
    }
  }

  private static CompletableFuture<CommandResult> provision(Node node, int n) {
    Imsi imsi = Sims.imsi(n);
    return node.ask(n, r -> new SimEntity.Provision(imsi, Sims.iccid(n), organisation(n), Sims.meterProfile(),
        ImeiLock.OFF, List.of(), null, "alice", at(n), r));
  }

  private static String organisation(int n) {
    return n % 3 == 0 ? "initech" : "hooli";
  }

  private static Instant at(int n) {
    return Sims.T0.plusSeconds(n);
  }

  /** Gives the command {@code step} makes for each SIM (none: skipped) and records the status it leads to. */
  private static void run(Node node, Function<Integer, CompletableFuture<CommandResult>> step,
      Map<Integer, SimStatus> truth, Function<Integer, SimStatus> status) {
    for (int from = 0; from < SIMS; from += IN_FLIGHT) {
      List<CompletableFuture<CommandResult>> sent = new ArrayList<>();
      List<Integer> sims = new ArrayList<>();
      for (int n = from; n < Math.min(SIMS, from + IN_FLIGHT); n++) {
        CompletableFuture<CommandResult> f = step.apply(n);
        if (f != null) {
          sent.add(f);
          sims.add(n);
        }
      }
      for (int i = 0; i < sent.size(); i++) {
        CommandResult result = sent.get(i).join();
        assertTrue(result.accepted(), "SIM " + sims.get(i) + ": " + result.error());
        truth.put(sims.get(i), status.apply(sims.get(i)));
      }
    }
  }

  private static Map<String, Map<SimStatus, Long>> expected(Map<Integer, SimStatus> truth) {
    Map<String, Map<SimStatus, Long>> counts = new TreeMap<>();
    truth.forEach((n, s) -> counts.computeIfAbsent(organisation(n), o -> new EnumMap<>(SimStatus.class))
        .merge(s, 1L, Long::sum));
    return counts;
  }

  private static void awaitCounts(Node node, Map<String, Map<SimStatus, Long>> expected) throws Exception {
    Supplier<Map<String, Map<SimStatus, Long>>> read = node::counts;
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    Map<String, Map<SimStatus, Long>> seen = read.get();
    while (!seen.equals(expected) && System.nanoTime() < deadline) {
      Thread.sleep(200);
      seen = read.get();
    }
    assertEquals(expected, seen, "the fleet summary's counts");
  }
}
