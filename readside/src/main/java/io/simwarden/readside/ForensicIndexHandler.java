package io.simwarden.readside;

import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import io.simwarden.core.event.SimEvent;
import io.simwarden.persistence.forensics.ForensicIndex;
import io.simwarden.persistence.forensics.ForensicIndexKeys;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.projection.javadsl.Handler;
import org.apache.pekko.stream.connectors.cassandra.javadsl.CassandraSession;

/**
 * Keeps one slice of the forensic index ({@code forensic_index}, {@code forensic_index_days}, see
 * {@code cql/forensic-index.cql}): for each event, a row under each of its keys ({@link ForensicIndexKeys#of}) in
 * the partition of the key, the event's UTC day and this slice, and the key's day. Rows are keyed by IMSI and
 * sequence number, so an event delivered again writes the same rows. The days a key was last written are
 * remembered (up to {@link #DAYS_REMEMBERED}) to spare rewriting them.
 */
final class ForensicIndexHandler extends Handler<EventEnvelope<SimEvent>> {
  private static final int DAYS_REMEMBERED = 10_000;

  private final CassandraSession session;
  private final String keyspace;
  private final int slice;
  private final ProjectionLag lag;
  private final Map<String, Boolean> daysWritten = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
      return size() > DAYS_REMEMBERED;
    }
  };
  private PreparedStatement insertRow;
  private PreparedStatement insertDay;
  private PreparedStatement upsertProgress;

  ForensicIndexHandler(CassandraSession session, String keyspace, int slice, ProjectionLag lag) {
    this.session = session;
    this.keyspace = keyspace;
    this.slice = slice;
    this.lag = lag;
  }

  @Override
  public CompletionStage<Done> start() {
    return session.prepare("INSERT INTO " + keyspace + ".forensic_index (key_type, key, day, slice, imsi, seq_nr, at) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?)").thenCompose(s -> {
          insertRow = s;
          return session.prepare("INSERT INTO " + keyspace + ".forensic_index_days (key_type, key, day) "
              + "VALUES (?, ?, ?)");
        }).thenCompose(s -> {
          insertDay = s;
          return session.prepare("INSERT INTO " + keyspace + ".forensic_progress (projection, slice, event_written, "
              + "handled) VALUES ('" + ForensicIndex.INDEX_PROJECTION + "', ?, ?, ?)");
        }).thenApply(s -> {
          upsertProgress = s;
          return Done.getInstance();
        });
  }

  @Override
  public CompletionStage<Done> process(EventEnvelope<SimEvent> envelope) {
    SimEvent event = envelope.event();
    String imsi = FleetSummaryHandler.imsiOf(envelope.persistenceId());
    long day = ForensicIndexKeys.day(event.at());
    List<CompletableFuture<Done>> writes = new ArrayList<>();
    List<String> newDays = new ArrayList<>();
    for (ForensicIndexKeys.Key key : ForensicIndexKeys.of(event)) {
      writes.add(session.executeWrite(insertRow.bind(key.type(), key.value(), day, slice, imsi,
          envelope.sequenceNr(), event.at()).setIdempotent(true)).toCompletableFuture());
      String dayKey = key.type() + "|" + key.value() + "|" + day;
      if (!daysWritten.containsKey(dayKey)) {
        newDays.add(dayKey);
        writes.add(session.executeWrite(insertDay.bind(key.type(), key.value(), day).setIdempotent(true))
            .toCompletableFuture());
      }
    }
    long now = System.currentTimeMillis();
    writes.add(session.executeWrite(upsertProgress.bind(slice, Instant.ofEpochMilli(envelope.timestamp()),
        Instant.ofEpochMilli(now))).toCompletableFuture());
    return CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).thenApply(v -> {
      newDays.forEach(d -> daysWritten.put(d, true));
      lag.handled(ForensicProjections.INDEX, slice, envelope.timestamp(), System.currentTimeMillis());
      return Done.getInstance();
    });
  }
}
