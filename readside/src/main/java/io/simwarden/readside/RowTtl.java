package io.simwarden.readside;

import java.util.concurrent.CompletionStage;
import org.apache.pekko.stream.connectors.cassandra.javadsl.CassandraSession;

/**
 * What remains of a table's retention (its {@code default_time_to_live}, set by the schema) for a row whose event
 * was journaled at a given time: the projections write each row with it, so a row expires the retention after its
 * event was journaled, also when it is written late (a projection catching up, a replay or a rebuild), and an
 * event already past it is not written again.
 */
final class RowTtl {
  /** No retention: {@code USING TTL 0} keeps the row as long as the table (and the journal). */
  static final int KEPT = 0;
  /** A row that would have expired already. */
  static final int EXPIRED = -1;

  private final long retentionSeconds;

  RowTtl(long retentionSeconds) {
    this.retentionSeconds = retentionSeconds;
  }

  /** The retention of {@code keyspace.table}, read once (when a projection's handler starts). */
  static CompletionStage<RowTtl> of(CassandraSession session, String keyspace, String table) {
    return session.selectOne("SELECT default_time_to_live FROM system_schema.tables WHERE keyspace_name = ? AND "
            + "table_name = ?", keyspace, table)
        .thenApply(row -> new RowTtl(row.map(r -> (long) r.getInt("default_time_to_live")).orElse(0L)));
  }

  /**
   * The TTL in seconds to write a row of an event journaled at {@code writtenMillis} with at {@code nowMillis}:
   * {@link #KEPT} without a retention, {@link #EXPIRED} when none remains.
   */
  int remaining(long writtenMillis, long nowMillis) {
    if (retentionSeconds == 0) {
      return KEPT;
    }
    long left = retentionSeconds - Math.max(0, nowMillis - writtenMillis) / 1000;
    return left > 0 ? (int) left : EXPIRED;
  }
}
