package io.simwarden.persistence.journal;

import com.datastax.oss.driver.api.core.cql.Row;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.connectors.cassandra.javadsl.CassandraSession;
import org.apache.pekko.stream.connectors.cassandra.javadsl.CassandraSessionRegistry;

/**
 * Takes a persistence id's journal back to a sequence number a simulation checkpointed, by deleting the rows (and
 * snapshots) written after it with the plugin's own Cassandra session. Only for resuming an interrupted simulation
 * on its own keyspace, before the entity starts: the run re-drives those commands and journals the same events
 * again. The plugin's tag views keep the rows of the deleted tagged events (alerts, audit); a tag query may then
 * list an alert of the interrupted interval twice.
 */
public final class JournalRewind {

  private static final String PLUGIN = "pekko.persistence.cassandra";

  private final CassandraSession session;
  private final String messages;
  private final String snapshots;
  private final long partitionSize;

  public JournalRewind(ActorSystem<?> system) {
    var config = system.settings().config();
    this.session = CassandraSessionRegistry.get(system).sessionFor(PLUGIN);
    this.messages = config.getString(PLUGIN + ".journal.keyspace") + "." + config.getString(PLUGIN + ".journal.table");
    this.snapshots = config.getString(PLUGIN + ".snapshot.keyspace") + "." + config.getString(PLUGIN
        + ".snapshot.table");
    this.partitionSize = config.getLong(PLUGIN + ".journal.target-partition-size");
  }

  /**
   * Deletes {@code persistenceId}'s events after {@code keepTo} (0: all) and its snapshots after it; completes with
   * whether there was anything to delete.
   */
  public CompletionStage<Boolean> rewind(String persistenceId, long keepTo) {
    long partition = Math.max(0, keepTo) / partitionSize;
    return highest(persistenceId, partition).thenCompose(highest -> {
      if (highest <= keepTo) {
        return CompletableFuture.completedFuture(false);
      }
      CompletionStage<?> done = CompletableFuture.completedFuture(null);
      for (long p = partition; p <= highest / partitionSize; p++) {
        long part = p;
        done = done.thenCompose(x -> session.executeWrite("DELETE FROM " + messages
            + " WHERE persistence_id = ? AND partition_nr = ? AND sequence_nr > ?", persistenceId, part, keepTo));
      }
      return done.thenCompose(x -> session.executeWrite("DELETE FROM " + snapshots
          + " WHERE persistence_id = ? AND sequence_nr > ?", persistenceId, keepTo)).thenApply(x -> true);
    });
  }

  /** The highest sequence number stored from partition {@code from} on (0 when none). */
  private CompletionStage<Long> highest(String persistenceId, long from) {
    return session.selectAll("SELECT sequence_nr FROM " + messages
        + " WHERE persistence_id = ? AND partition_nr = ? ORDER BY sequence_nr DESC LIMIT 1", persistenceId, from)
        .thenCompose((List<Row> rows) -> {
          if (rows.isEmpty()) {
            return CompletableFuture.completedFuture(0L);
          }
          long here = rows.get(0).getLong("sequence_nr");
          return highest(persistenceId, from + 1).thenApply(next -> Math.max(here, next));
        });
  }
}
