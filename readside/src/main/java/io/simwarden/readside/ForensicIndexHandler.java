package io.simwarden.readside;

import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import io.simwarden.core.event.SimEvent;
import io.simwarden.persistence.forensics.ForensicIndex;
import io.simwarden.persistence.forensics.ForensicIndexKeys;
import io.simwarden.persistence.journal.CqlSchema;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.projection.javadsl.Handler;
import org.apache.pekko.stream.connectors.cassandra.javadsl.CassandraSession;

/**
 * Keeps one slice of the forensic index ({@code forensic_index}, {@code forensic_index_days}, see
 * {@code cql/forensic-index.cql}): for each event, a row under each of its keys ({@link ForensicIndexKeys#of}) in
 * the partition of the key, the event's UTC day and this slice, and the key's day. Rows are keyed by IMSI and
 * sequence number, so an event delivered again writes the same rows. The days a key was last written are
 * remembered (up to {@link #DAYS_REMEMBERED}) to spare rewriting them. A group's writes are independent upserts
 * and go out together ({@link InFlight}); the slice's progress row is written after them. With a retention, rows expire it after their
 * event was journaled ({@link RowTtl}); an event already past it writes nothing.
 */
final class ForensicIndexHandler extends Handler<List<EventEnvelope<SimEvent>>> {
  private static final int DAYS_REMEMBERED = 10_000;
  /**
   * With a retention, a key's day row is written again when it was written this long ago, and lives this much
   * longer than the rows written meanwhile: it outlives every row of its day.
   */
  private static final long DAY_ROW_REFRESH_MILLIS = 3_600_000;

  private final ActorSystem<?> system;
  private final CassandraSession session;
  private final String keyspace;
  private final int slice;
  private final ProjectionLag lag;
  /** Key days written, with when. */
  private final Map<String, Long> daysWritten = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
      return size() > DAYS_REMEMBERED;
    }
  };
  private PreparedStatement insertRow;
  private PreparedStatement insertDay;
  private PreparedStatement upsertProgress;
  private RowTtl ttl;

  ForensicIndexHandler(ActorSystem<?> system, CassandraSession session, String keyspace, int slice,
      ProjectionLag lag) {
    this.system = system;
    this.session = session;
    this.keyspace = keyspace;
    this.slice = slice;
    this.lag = lag;
  }

  @Override
  public CompletionStage<Done> start() {
    return session.prepare("INSERT INTO " + keyspace + ".forensic_index (key_type, key, day, slice, imsi, seq_nr, at, "
            + "at_nanos) VALUES (?, ?, ?, ?, ?, ?, ?, ?) USING TTL ?").thenCompose(s -> {
          insertRow = s;
          return session.prepare("INSERT INTO " + keyspace + ".forensic_index_days (key_type, key, day) "
              + "VALUES (?, ?, ?) USING TTL ?");
        }).thenCompose(s -> {
          insertDay = s;
          return session.prepare("INSERT INTO " + keyspace + ".forensic_progress (projection, slice, event_written, "
              + "handled) VALUES ('" + ForensicIndex.INDEX_PROJECTION + "', ?, ?, ?)");
        }).thenCompose(s -> {
          upsertProgress = s;
          return RowTtl.of(session, keyspace, "forensic_index");
        }).thenApply(t -> {
          ttl = t;
          return Done.getInstance();
        });
  }

  @Override
  public CompletionStage<Done> process(List<EventEnvelope<SimEvent>> group) {
    long now = System.currentTimeMillis();
    List<BoundStatement> writes = new ArrayList<>();
    Map<String, Long> newDays = new HashMap<>();
    for (EventEnvelope<SimEvent> envelope : group) {
      SimEvent event = envelope.event();
      String imsi = FleetSummaryHandler.imsiOf(envelope.persistenceId());
      long day = ForensicIndexKeys.day(event.at());
      int rowTtl = ttl.remaining(envelope.timestamp(), now);
      for (ForensicIndexKeys.Key key : rowTtl == RowTtl.EXPIRED ? List.<ForensicIndexKeys.Key>of()
          : ForensicIndexKeys.of(event)) {
        writes.add(insertRow.bind(key.type(), key.value(), day, slice, imsi, envelope.sequenceNr(), event.at(),
            event.at().getNano() % 1_000_000, rowTtl).setIdempotent(true));
        String dayKey = key.type() + "|" + key.value() + "|" + day;
        Long dayWritten = daysWritten.get(dayKey);
        if (!newDays.containsKey(dayKey)
            && (dayWritten == null || (rowTtl != RowTtl.KEPT && now - dayWritten > DAY_ROW_REFRESH_MILLIS))) {
          newDays.put(dayKey, now);
          int dayTtl = rowTtl == RowTtl.KEPT ? RowTtl.KEPT
              : (int) Math.min(rowTtl + 2 * DAY_ROW_REFRESH_MILLIS / 1000, CqlSchema.Retention.MAX.getSeconds());
          writes.add(insertDay.bind(key.type(), key.value(), day, dayTtl).setIdempotent(true));
        }
      }
    }
    EventEnvelope<SimEvent> last = group.get(group.size() - 1);
    return InFlight.map(system, writes, session::executeWrite)
        .thenCompose(done -> session.executeWrite(upsertProgress.bind(slice, Instant.ofEpochMilli(last.timestamp()),
            Instant.ofEpochMilli(System.currentTimeMillis()))))
        .thenApply(done -> {
          daysWritten.putAll(newDays);
          SliceProjection.handled(lag, ForensicProjections.INDEX, slice, group);
          return Done.getInstance();
        });
  }
}
