package io.simwarden.persistence.journal;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.dispatch.Futures;
import org.apache.pekko.persistence.SelectedSnapshot;
import org.apache.pekko.persistence.SnapshotMetadata;
import org.apache.pekko.persistence.SnapshotSelectionCriteria;
import org.apache.pekko.persistence.snapshot.japi.SnapshotStore;
import scala.concurrent.Future;

/**
 * The snapshot store of the memory journal: the newest snapshot of each persistence id, held as the object
 * itself (states are immutable), lost when the JVM exits like the memory journal's events.
 *
 * <p>Only the newest snapshot is kept because that is the one recovery loads: with
 * {@code simwarden.sim.delete-events-on-snapshot} a SIM then costs its newest state plus the events after it,
 * whatever the length of its history. A load whose criteria exclude the newest snapshot finds none.
 */
public final class MemorySnapshotStore extends SnapshotStore {

  private final Map<String, SelectedSnapshot> newest = new HashMap<>();

  @Override
  public Future<Optional<SelectedSnapshot>> doLoadAsync(String persistenceId, SnapshotSelectionCriteria criteria) {
    SelectedSnapshot s = newest.get(persistenceId);
    return Futures.successful(s != null && criteria.matches(s.metadata()) ? Optional.of(s) : Optional.empty());
  }

  @Override
  public Future<Void> doSaveAsync(SnapshotMetadata metadata, Object snapshot) {
    SelectedSnapshot held = newest.get(metadata.persistenceId());
    if (held == null || held.metadata().sequenceNr() <= metadata.sequenceNr()) {
      newest.put(metadata.persistenceId(), SelectedSnapshot.create(metadata, snapshot));
    }
    return Futures.successful(null);
  }

  @Override
  public Future<Void> doDeleteAsync(SnapshotMetadata metadata) {
    SelectedSnapshot held = newest.get(metadata.persistenceId());
    if (held != null && held.metadata().sequenceNr() == metadata.sequenceNr()) {
      newest.remove(metadata.persistenceId());
    }
    return Futures.successful(null);
  }

  @Override
  public Future<Void> doDeleteAsync(String persistenceId, SnapshotSelectionCriteria criteria) {
    SelectedSnapshot held = newest.get(persistenceId);
    if (held != null && criteria.matches(held.metadata())) {
      newest.remove(persistenceId);
    }
    return Futures.successful(null);
  }
}
