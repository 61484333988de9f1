package io.simwarden.persistence.journal;

import static io.simwarden.persistence.journal.CassandraJournalTestSupport.config;
import static io.simwarden.persistence.journal.CassandraJournalTestSupport.fold;
import static io.simwarden.persistence.journal.CassandraJournalTestSupport.history;
import static io.simwarden.persistence.journal.CassandraJournalTestSupport.start;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.datastax.oss.driver.api.core.CqlSession;
import io.simwarden.core.entity.SimEntity;
import io.simwarden.core.event.SimEvent;
import io.simwarden.core.event.SimTags;
import io.simwarden.core.id.Imsi;
import io.simwarden.core.state.SimState;
import io.simwarden.core.testing.Sims;
import io.simwarden.persistence.cassandra.CassandraExtension;
import io.simwarden.persistence.journal.CassandraJournalTestSupport.Running;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.apache.pekko.persistence.query.EventEnvelope;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** SIM entities on a real Cassandra process: recovery, snapshots and queries. */
@ExtendWith(CassandraExtension.class)
class CassandraJournalTest {

  private static final int SIMS = 60;

  @Test
  void everySimRecoversItsExactStateInANewActorSystem() {
    Map<Imsi, SimState> written = new HashMap<>();
    try (Running first = start("journal-a", config(""))) {
      IntStream.range(0, SIMS).parallel().forEach(i -> {
        SimState s = history(first, 10_000 + i);
        synchronized (written) {
          written.put(s.imsi(), s);
        }
      });
    }
    try (Running second = start("journal-b", config(""))) {
      for (Map.Entry<Imsi, SimState> e : written.entrySet()) {
        SimState recovered = second.ask(e.getKey(), SimEntity.GetState::new);
        assertEquals(e.getValue(), recovered, "SIM " + e.getKey());
      }
    }
  }

  @Test
  void snapshotsAreWrittenAndRecoveryFromThemGivesTheSameState() {
    Imsi imsi = Sims.imsi(20_000);
    SimState written;
    String extra = "simwarden.sim.snapshot-every = 3";
    try (Running first = start("snap-a", config(extra))) {
      written = history(first, 20_000);
    }
    try (CqlSession session = CqlSession.builder().addContactPoint(CassandraExtension.contactPoint())
        .withLocalDatacenter(CassandraExtension.LOCAL_DATACENTER).build()) {
      long snapshots = session.execute("SELECT count(*) FROM simwarden_snapshot.snapshots WHERE persistence_id = ?",
          SimEntity.persistenceId(imsi.value()).id()).one().getLong(0);
      assertTrue(snapshots >= 1, "expected snapshots with snapshot-every = 3, found " + snapshots);
    }
    try (Running second = start("snap-b", config(extra))) {
      assertEquals(written, second.ask(imsi, SimEntity.GetState::new));
    }
  }

  @Test
  void queriesByPersistenceIdAndByTagReturnEveryEventWritten() throws InterruptedException {
    try (Running fleet = start("queries", config(""))) {
      Map<String, Integer> taggedWritten = new HashMap<>();
      Set<String> taggedKeys = new HashSet<>();
      for (int i = 0; i < 12; i++) {
        Imsi imsi = Sims.imsi(30_000 + i);
        SimState state = history(fleet, 30_000 + i);
        List<EventEnvelope> events = fleet.eventsOf(imsi);
        for (int k = 0; k < events.size(); k++) {
          assertEquals(k + 1, events.get(k).sequenceNr(), "gap in " + imsi);
        }
        assertEquals(state, fold(events), "folding the read journal's events gives the live state of " + imsi);
        for (EventEnvelope e : events) {
          for (String tag : SimTags.tagsFor(imsi.value(), (SimEvent) e.event())) {
            taggedWritten.merge(tag, 1, Integer::sum);
            taggedKeys.add(e.persistenceId() + "#" + e.sequenceNr());
          }
        }
      }
      assertTrue(taggedWritten.keySet().stream().anyMatch(t -> t.startsWith(SimTags.ALERT)), "alerts were tagged");
      assertTrue(taggedWritten.keySet().stream().anyMatch(t -> t.startsWith(SimTags.AUDIT)), "audit was tagged");
      assertTrue(taggedWritten.keySet().stream().anyMatch(t -> t.startsWith(SimTags.SLICE)), "slices were tagged");

      // Tag views become visible after the eventual-consistency delay; poll until they are or give up.
      Set<String> taggedRead = new HashSet<>();
      for (int attempt = 0; attempt < 60 && !taggedRead.equals(taggedKeys); attempt++) {
        Thread.sleep(500);
        taggedRead.clear();
        List<String> tags = new java.util.ArrayList<>(SimTags.shardsOf(SimTags.ALERT));
        tags.addAll(SimTags.shardsOf(SimTags.AUDIT));
        for (int slice = 0; slice < SimTags.SLICES; slice++) {
          tags.add(SimTags.sliceTag(slice));
        }
        for (String tag : tags) {
          fleet.eventsByTag(tag).stream().filter(e -> e.persistenceId().startsWith("Sim|2080100000300"))
              .forEach(e -> taggedRead.add(e.persistenceId() + "#" + e.sequenceNr()));
        }
      }
      assertEquals(taggedKeys, taggedRead, "every tagged event is found by currentEventsByTag");
    }
  }
}
