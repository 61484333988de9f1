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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.projection.javadsl.Handler;
import org.apache.pekko.stream.connectors.cassandra.javadsl.CassandraSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one slice of the fleet summary ({@code fleet_summary}, see {@code cql/readside.cql}) from the slice's
 * lifecycle events, a group of envelopes at a time.
 *
 * <p>For a group it reads the rows of the SIMs its lifecycle events belong to (together, {@link InFlight}) and
 * folds the events in order; an event whose sequence number the row already reflects was counted before a crash
 * or restart (at-least-once delivery) and is skipped. Then it writes the SIMs' new rows, the absolute values of
 * the counts that changed, and the slice's progress in one single-partition batch, which Cassandra applies
 * atomically: the counts always match the rows, whenever the projection stops.
 * The slice's counts are kept in memory, loaded from the table when the handler starts; only one handler runs
 * per slice (a sharded daemon process), so nobody else changes them. Other events (alerts) cost nothing here.
 */
final class FleetSummaryHandler extends Handler<List<EventEnvelope<SimEvent>>> {
  private static final Logger LOG = LoggerFactory.getLogger(FleetSummaryHandler.class);

  private final ActorSystem<?> system;
  private final CassandraSession session;
  private final String keyspace;
  private final int slice;
  private final ProjectionLag lag;
  private final Map<String, Long> counts = new HashMap<>();
  private PreparedStatement selectSim;
  private PreparedStatement upsertSim;
  private PreparedStatement upsertCount;
  private PreparedStatement upsertProgress;

  FleetSummaryHandler(ActorSystem<?> system, CassandraSession session, String keyspace, int slice,
      ProjectionLag lag) {
    this.system = system;
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
  public CompletionStage<Done> process(List<EventEnvelope<SimEvent>> group) {
    List<EventEnvelope<SimEvent>> lifecycle = group.stream().filter(e -> SimTags.countsStatus(e.event())).toList();
    List<String> imsis = lifecycle.stream().map(e -> imsiOf(e.persistenceId())).distinct().toList();
    return InFlight.map(system, imsis, imsi -> session.selectOne(selectSim.bind(slice, imsi))).thenCompose(rows -> {
      Map<String, FleetStatus> rowOf = new HashMap<>();
      for (int i = 0; i < imsis.size(); i++) {
        String imsi = imsis.get(i);
        rows.get(i).ifPresent(r -> rowOf.put(imsi, new FleetStatus(r.getString("organisation"),
            SimStatus.valueOf(r.getString("status")), r.getLong("sequence_nr"))));
      }
      return write(fold(lifecycle, rowOf), group);
    });
  }

  /** What one group changes: the SIMs' new rows, the counts' new values, the last counted event. */
  private record Change(Map<String, FleetStatus> sims, Map<String, Long> counts, EventEnvelope<SimEvent> last) {}

  /** Folds the group's lifecycle events, in order, into the rows read ({@code rowOf}, changed in place). */
  private Change fold(List<EventEnvelope<SimEvent>> lifecycle, Map<String, FleetStatus> rowOf) {
    Map<String, FleetStatus> changedSims = new LinkedHashMap<>();
    Map<String, Long> changedCounts = new HashMap<>();
    EventEnvelope<SimEvent> last = null;
    for (EventEnvelope<SimEvent> envelope : lifecycle) {
      String imsi = imsiOf(envelope.persistenceId());
      FleetStatus before = rowOf.get(imsi);
      if (before != null && before.sequenceNr() >= envelope.sequenceNr()) {
        continue;
      }
      FleetStatus after = FleetStatus.after(before, envelope.event(), envelope.sequenceNr());
      if (after == null) {
        LOG.warn("slice {}: {} of SIM {} (event {}) without its provisioning in the slice; not counted (was it "
            + "written before slice tags?)", slice, envelope.event().getClass().getSimpleName(), imsi,
            envelope.sequenceNr());
        continue;
      }
      if (before == null || before.status() != after.status()) {
        if (before != null) {
          String key = key(before);
          changedCounts.put(key, changedCounts.getOrDefault(key, counts.getOrDefault(key, 0L)) - 1);
        }
        String key = key(after);
        changedCounts.put(key, changedCounts.getOrDefault(key, counts.getOrDefault(key, 0L)) + 1);
      }
      rowOf.put(imsi, after);
      changedSims.put(imsi, after);
      last = envelope;
    }
    return new Change(changedSims, changedCounts, last);
  }

  private CompletionStage<Done> write(Change change, List<EventEnvelope<SimEvent>> group) {
    if (change.last() == null) {
      SliceProjection.handled(lag, FleetSummaryProjection.NAME, slice, group);
      return CompletableFuture.completedFuture(Done.getInstance());
    }
    BatchStatementBuilder batch = BatchStatement.builder(BatchType.UNLOGGED).setIdempotence(true);
    change.sims().forEach((imsi, after) ->
        batch.addStatement(upsertSim.bind(slice, imsi, after.organisation(), after.status().name(),
            after.sequenceNr())));
    change.counts().forEach((key, sims) -> {
      int colon = key.indexOf(':');
      batch.addStatement(upsertCount.bind(slice, key, key.substring(colon + 1), key.substring(0, colon), sims));
    });
    batch.addStatement(upsertProgress.bind(slice, Instant.ofEpochMilli(change.last().timestamp()),
        Instant.ofEpochMilli(System.currentTimeMillis())));
    return session.executeWriteBatch(batch.build()).thenApply(done -> {
      counts.putAll(change.counts());
      SliceProjection.handled(lag, FleetSummaryProjection.NAME, slice, group);
      return Done.getInstance();
    });
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
