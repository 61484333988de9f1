package io.simwarden.readside;

import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchStatementBuilder;
import com.datastax.oss.driver.api.core.cql.BatchType;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.simwarden.core.event.SimEvent;
import io.simwarden.core.event.SimTags;
import io.simwarden.core.policy.SimStatus;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.projection.javadsl.Handler;
import org.apache.pekko.stream.connectors.cassandra.javadsl.CassandraSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one slice of the fleet summary ({@code fleet_summary}, see {@code cql/readside.cql}) from the slice's
 * lifecycle events, one envelope at a time.
 *
 * <p>For each lifecycle event it reads the SIM's row; an event whose sequence number the row already reflects
 * was counted before a crash or restart (at-least-once delivery) and is skipped. Otherwise it writes the SIM's
 * new row, the absolute values of the two counts that change, and the slice's progress in one single-partition
 * batch, which Cassandra applies atomically: the counts always match the rows, whenever the projection stops.
 * The slice's counts are kept in memory, loaded from the table when the handler starts; only one handler runs
 * per slice (a sharded daemon process), so nobody else changes them. Other events (alerts) cost nothing here.
 */
final class FleetSummaryHandler extends Handler<EventEnvelope<SimEvent>> {
  private static final Logger LOG = LoggerFactory.getLogger(FleetSummaryHandler.class);

  private final CassandraSession session;
  private final String keyspace;
  private final int slice;
  private final ProjectionLag lag;
  private final Map<String, Long> counts = new HashMap<>();
  private PreparedStatement selectSim;
  private PreparedStatement upsertSim;
  private PreparedStatement upsertCount;
  private PreparedStatement upsertProgress;

  FleetSummaryHandler(CassandraSession session, String keyspace, int slice, ProjectionLag lag) {
    this.session = session;
    this.keyspace = keyspace;
    this.slice = slice;
    this.lag = lag;
  }

  @Override
  public CompletionStage<Done> start() {
    String table = keyspace + ".fleet_summary";
    return session.prepare("SELECT organisation, status, sequence_nr FROM " + table
            + " WHERE slice = ? AND kind = 'sim' AND key = ?").thenCompose(s -> {
          selectSim = s;
          return session.prepare("INSERT INTO " + table + " (slice, kind, key, organisation, status, sequence_nr) "
              + "VALUES (?, 'sim', ?, ?, ?, ?)");
        }).thenCompose(s -> {
          upsertSim = s;
          return session.prepare("INSERT INTO " + table + " (slice, kind, key, organisation, status, sims) "
              + "VALUES (?, 'count', ?, ?, ?, ?)");
        }).thenCompose(s -> {
          upsertCount = s;
          return session.prepare("INSERT INTO " + table + " (slice, kind, key, event_written, handled) "
              + "VALUES (?, 'progress', '', ?, ?)");
        }).thenCompose(s -> {
          upsertProgress = s;
          return session.selectAll("SELECT key, sims FROM " + table + " WHERE slice = ? AND kind = 'count'", slice);
        }).thenApply(rows -> {
          counts.clear();
          for (Row row : rows) {
            counts.put(row.getString("key"), row.getLong("sims"));
          }
          return Done.getInstance();
        });
  }

  @Override
  public CompletionStage<Done> process(EventEnvelope<SimEvent> envelope) {
    SimEvent event = envelope.event();
    if (!SimTags.countsStatus(event)) {
      lag.handled(FleetSummaryProjection.NAME, slice, envelope.timestamp(), System.currentTimeMillis());
      return CompletableFuture.completedFuture(Done.getInstance());
    }
    String imsi = imsiOf(envelope.persistenceId());
    return session.selectOne(selectSim.bind(slice, imsi)).thenCompose(row -> {
      FleetStatus before = row.map(r -> new FleetStatus(r.getString("organisation"),
          SimStatus.valueOf(r.getString("status")), r.getLong("sequence_nr"))).orElse(null);
      if (before != null && before.sequenceNr() >= envelope.sequenceNr()) {
        return handled(envelope);
      }
      FleetStatus after = FleetStatus.after(before, event, envelope.sequenceNr());
      if (after == null) {
        LOG.warn("slice {}: {} of SIM {} (event {}) without its provisioning in the slice; not counted (was it "
            + "written before slice tags?)", slice, event.getClass().getSimpleName(), imsi, envelope.sequenceNr());
        return handled(envelope);
      }
      return write(imsi, before, after, envelope);
    });
  }

  private CompletionStage<Done> write(String imsi, FleetStatus before, FleetStatus after,
      EventEnvelope<SimEvent> envelope) {
    Map<String, Long> changed = new HashMap<>();
    if (before == null || before.status() != after.status()) {
      if (before != null) {
        String key = key(before);
        changed.put(key, counts.getOrDefault(key, 0L) - 1);
      }
      String key = key(after);
      changed.put(key, changed.getOrDefault(key, counts.getOrDefault(key, 0L)) + 1);
    }
    BatchStatementBuilder batch = BatchStatement.builder(BatchType.UNLOGGED).setIdempotence(true)
        .addStatement(upsertSim.bind(slice, imsi, after.organisation(), after.status().name(), after.sequenceNr()));
    changed.forEach((key, sims) -> {
      int colon = key.indexOf(':');
      batch.addStatement(upsertCount.bind(slice, key, key.substring(colon + 1), key.substring(0, colon), sims));
    });
    long now = System.currentTimeMillis();
    batch.addStatement(upsertProgress.bind(slice, Instant.ofEpochMilli(envelope.timestamp()),
        Instant.ofEpochMilli(now)));
    return session.executeWriteBatch(batch.build()).thenCompose(done -> {
      counts.putAll(changed);
      return handled(envelope);
    });
  }

  private CompletionStage<Done> handled(EventEnvelope<SimEvent> envelope) {
    lag.handled(FleetSummaryProjection.NAME, slice, envelope.timestamp(), System.currentTimeMillis());
    return CompletableFuture.completedFuture(Done.getInstance());
  }

  /** The count row's key: status, a colon, organisation. */
  static String key(FleetStatus row) {
    return row.status().name() + ":" + row.organisation();
  }

  /** The IMSI in a SIM's persistence id ({@code Sim|<imsi>}). */
  static String imsiOf(String persistenceId) {
    return persistenceId.substring(persistenceId.indexOf('|') + 1);
  }
}
