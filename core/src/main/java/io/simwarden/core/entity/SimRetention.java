package io.simwarden.core.entity;

import org.apache.pekko.persistence.typed.SnapshotSelectionCriteria;
import org.apache.pekko.persistence.typed.javadsl.Recovery;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;

/** What a SIM's journal keeps and how a SIM recovers from it: snapshots as {@link SimSettings} configure them. */
final class SimRetention {

  private SimRetention() {}

  /** A snapshot every {@code snapshotEvery} events (none at 0), keeping one or two, deleting older events if set. */
  static RetentionCriteria criteria(SimSettings settings) {
    if (settings.snapshotEvery() == 0) {
      return RetentionCriteria.disabled();
    }
    if (settings.deleteEventsOnSnapshot()) {
      return RetentionCriteria.snapshotEvery(settings.snapshotEvery(), 1).withDeleteEventsOnSnapshot();
    }
    return RetentionCriteria.snapshotEvery(settings.snapshotEvery(), 2);
  }

  /**
   * With snapshots off the recovery replays every event without asking the snapshot store first: on Cassandra
   * that ask is a query (and a stream) per SIM start that can only find snapshots an earlier configuration took.
   */
  static Recovery recovery(SimSettings settings, Recovery configured) {
    return settings.snapshotEvery() == 0 ? Recovery.withSnapshotSelectionCriteria(SnapshotSelectionCriteria.none())
        : configured;
  }
}
