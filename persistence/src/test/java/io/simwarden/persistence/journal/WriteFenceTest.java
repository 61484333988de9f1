package io.simwarden.persistence.journal;

import static io.simwarden.core.testing.Sims.T0;
import static io.simwarden.persistence.journal.CassandraJournalTestSupport.config;
import static io.simwarden.persistence.journal.CassandraJournalTestSupport.start;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.internal.core.session.SessionWrapper;
import io.simwarden.core.entity.SimEntity;
import io.simwarden.core.entity.SimFleet;
import io.simwarden.core.entity.SimProtocol.CommandResult;
import io.simwarden.core.id.Imsi;
import io.simwarden.core.policy.ImeiLock;
import io.simwarden.core.policy.SimStatus;
import io.simwarden.core.state.SimState;
import io.simwarden.core.testing.Sims;
import io.simwarden.persistence.cassandra.CassandraExtension;
import io.simwarden.persistence.fence.WriteFence;
import io.simwarden.persistence.journal.CassandraJournalTestSupport.Running;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.stream.connectors.cassandra.javadsl.CassandraSessionRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The journal's session refuses every write while the actor system's {@link WriteFence} is closed, also a write a
 * SIM already handed to the journal (the SIM itself does not hold writes here, as in a simulation), and its
 * connections hold whatever was already inside the driver: nothing lands in Cassandra, read back with a driver
 * session of the test's own, and the SIM goes on from what is stored once the fence opens.
 */
@ExtendWith(CassandraExtension.class)
class WriteFenceTest {

  @Test
  void aClosedFenceKeepsEveryWriteOutOfTheJournalAndTheSimGoesOnAfterwards() throws Exception {
    Imsi imsi = Sims.imsi(31_000);
    String pid = SimEntity.persistenceId(imsi.value()).id();
    try (Running fleet = start("fence", config(""));
        CqlSession raw = CqlSession.builder().addContactPoint(CassandraExtension.contactPoint())
            .withLocalDatacenter(CassandraExtension.LOCAL_DATACENTER).build()) {
      CommandResult provisioned = fleet.ask(imsi, r -> new SimEntity.Provision(imsi, Sims.iccid(31_000), "acme",
          Sims.meterProfile(), ImeiLock.firstSeen(ImeiLock.MismatchAction.REJECT_ATTACH, false), List.of(), null,
          "alice", T0, r));
      assertTrue(provisioned.accepted(), String.valueOf(provisioned.error()));
      assertTrue(fleet.<CommandResult>ask(imsi, r -> new SimEntity.Activate("alice", T0, r)).accepted());
      List<Row> before = rows(raw, pid);

      WriteFence fence = WriteFence.get(fleet.system());
      fence.install(() -> false);
      SimFleet impatient = new SimFleet(fleet.system(), Duration.ofSeconds(3));
      CompletionException refused = assertThrows(CompletionException.class, () -> impatient.<CommandResult>ask(
          imsi.value(), r -> new SimEntity.Suspend("soc", "held", T0.plusSeconds(60), r)).toCompletableFuture()
          .join());
      assertTrue(fence.refused() >= 1, "the journal refused the write: " + refused);
      assertEquals(before.size(), rows(raw, pid).size(), "no row was written while the fence was closed");

      // The SIM restarts after the failed write and, once the fence opens, recovers what is stored.
      fence.install(() -> true);
      SimState recovered = eventually(() -> impatient.<SimState>ask(imsi.value(), SimEntity.GetState::new)
          .toCompletableFuture().join());
      assertEquals(SimStatus.ACTIVE, recovered.status(), "the refused suspension is not in the SIM's state");
      CommandResult suspended = eventually(() -> impatient.<CommandResult>ask(imsi.value(),
          r -> new SimEntity.Suspend("soc", "again", T0.plusSeconds(120), r)).toCompletableFuture().join());
      assertTrue(suspended.accepted(), String.valueOf(suspended.error()));
      List<Row> after = rows(raw, pid);
      assertEquals(before.size() + 1, after.size(), "one more event, written after the fence opened");
      for (int i = 0; i < after.size(); i++) {
        assertEquals(i + 1, after.get(i).getLong("sequence_nr"), "sequence numbers without gap or repeat");
      }
    }
  }

  @Test
  void whatIsAlreadyInsideTheDriverWhenTheFenceClosesNeverLeavesTheConnection() throws Exception {
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "fence-connections", config(""));
    try (CqlSession raw = CqlSession.builder().addContactPoint(CassandraExtension.contactPoint())
        .withLocalDatacenter(CassandraExtension.LOCAL_DATACENTER).build()) {
      raw.execute("CREATE KEYSPACE IF NOT EXISTS fence_test WITH replication = {'class': 'SimpleStrategy', "
          + "'replication_factor': 1}");
      raw.execute("CREATE TABLE IF NOT EXISTS fence_test.t (k int PRIMARY KEY, v text)");
      raw.execute("TRUNCATE fence_test.t");
      CqlSession fenced = CassandraSessionRegistry.get(system).sessionFor("pekko.persistence.cassandra").underlying()
          .toCompletableFuture().get(60, TimeUnit.SECONDS);
      // Below the session's own check: what the journal had handed to the driver before the fence closed.
      CqlSession driver = (CqlSession) ((SessionWrapper) fenced).getDelegate();
      driver.execute("INSERT INTO fence_test.t (k, v) VALUES (1, 'open')");

      WriteFence fence = WriteFence.get(system);
      fence.install(() -> false);
      long before = fence.refused();
      assertThrows(RuntimeException.class, () -> driver.execute("INSERT INTO fence_test.t (k, v) VALUES (2, 'held')"));
      assertThrows(RuntimeException.class, () -> fenced.execute("INSERT INTO fence_test.t (k, v) VALUES (3, 'held')"));
      assertTrue(fence.refused() >= before + 2, "both refused: " + fence.refused());

      fence.install(() -> true);
      eventually(() -> driver.execute("INSERT INTO fence_test.t (k, v) VALUES (4, 'open again')"));
      List<Integer> keys = raw.execute("SELECT k FROM fence_test.t").all().stream().map(r -> r.getInt("k")).sorted()
          .toList();
      assertEquals(List.of(1, 4), keys, "only the writes made while the fence was open are stored");
    } finally {
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().join();
    }
  }

  private static List<Row> rows(CqlSession raw, String pid) {
    return new ArrayList<>(raw.execute("SELECT sequence_nr, writer_uuid FROM simwarden.messages WHERE "
        + "persistence_id = ? AND partition_nr = 0", pid).all());
  }

  private static <T> T eventually(java.util.function.Supplier<T> attempt) throws InterruptedException {
    RuntimeException last = null;
    for (int i = 0; i < 30; i++) {
      try {
        return attempt.get();
      } catch (RuntimeException e) {
        last = e;
        Thread.sleep(500);
      }
    }
    throw last;
  }
}
