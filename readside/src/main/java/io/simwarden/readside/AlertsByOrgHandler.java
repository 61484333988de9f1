package io.simwarden.readside;

import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchStatementBuilder;
import com.datastax.oss.driver.api.core.cql.BatchType;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import io.simwarden.core.event.SimEvent;
import io.simwarden.core.event.SimTags;
import java.nio.ByteBuffer;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.persistence.query.TimeBasedUUID;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.projection.javadsl.Handler;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.apache.pekko.serialization.Serializers;
import org.apache.pekko.stream.connectors.cassandra.javadsl.CassandraSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Files one slice's alert events under their SIM's organisation ({@code alerts_by_org}, see
 * {@code cql/readside.cql}), a group of envelopes at a time.
 *
 * <p>A {@code Provisioned} event records the SIM's organisation and ICCID in {@code alert_sims}; an alert event
 * (tag group {@link SimTags#ALERT}) is written twice, under its SIM's organisation and under
 * {@link AlertsByOrgTable#FLEET_WIDE}. Every row's key comes from the envelope (journal offset,
 * IMSI, sequence number), so an event delivered again after a restart overwrites its own rows: at-least-once
 * delivery leaves neither gaps nor duplicates. A group's rows of one partition are written in one single-partition
 * batch, so a reader sees them all at once and, within a slice, in offset order. The SIMs seen are kept in a bounded memory cache; a SIM not in it
 * costs one read of {@code alert_sims}, never of the journal. Other events (lifecycle changes) cost nothing.
 * Alert rows expire the table's retention after their event was journaled ({@link RowTtl}).
 */
final class AlertsByOrgHandler extends Handler<List<EventEnvelope<SimEvent>>> {
  private static final Logger LOG = LoggerFactory.getLogger(AlertsByOrgHandler.class);
  private static final int CACHED_SIMS = 10_000;

  /** What the projection knows of a SIM. */
  record Sim(String organisation, String iccid) {}

  private final ActorSystem<?> system;
  private final CassandraSession session;
  private final String keyspace;
  private final int slice;
  private final ProjectionLag lag;
  private final Serialization serialization;
  private final Map<String, Sim> sims = new LinkedHashMap<>(256, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Sim> eldest) {
      return size() > CACHED_SIMS;
    }
  };
  private PreparedStatement selectSim;
  private PreparedStatement insertSim;
  private PreparedStatement insertAlert;
  private RowTtl ttl;

  AlertsByOrgHandler(ActorSystem<?> system, CassandraSession session, String keyspace, int slice,
      ProjectionLag lag) {
    this.system = system;
    this.session = session;
    this.keyspace = keyspace;
    this.slice = slice;
    this.lag = lag;
    this.serialization = SerializationExtension.get(system);
  }

  @Override
  public CompletionStage<Done> start() {
    return session.prepare("SELECT organisation, iccid FROM " + keyspace + ".alert_sims WHERE imsi = ?")
        .thenCompose(s -> {
          selectSim = s;
          return session.prepare("INSERT INTO " + keyspace + ".alert_sims (imsi, organisation, iccid) "
              + "VALUES (?, ?, ?)");
        }).thenCompose(s -> {
          insertSim = s;
          return session.prepare("INSERT INTO " + keyspace + ".alerts_by_org (organisation, day, slice, written, "
              + "imsi, seq_nr, iccid, sim_organisation, ser_id, ser_manifest, event) "
              + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) USING TTL ?");
        }).thenCompose(s -> {
          insertAlert = s;
          return RowTtl.of(session, keyspace, "alerts_by_org");
        }).thenApply(t -> {
          ttl = t;
          return Done.getInstance();
        });
  }

  @Override
  public CompletionStage<Done> process(List<EventEnvelope<SimEvent>> group) {
    Map<String, Sim> provisioned = new LinkedHashMap<>();
    List<EventEnvelope<SimEvent>> alerts = new ArrayList<>();
    for (EventEnvelope<SimEvent> envelope : group) {
      SimEvent event = envelope.event();
      if (event instanceof SimEvent.Provisioned p) {
        provisioned.put(FleetSummaryHandler.imsiOf(envelope.persistenceId()),
            new Sim(p.organisation(), p.iccid().value()));
      } else if (SimTags.ALERT.equals(SimTags.groupOf(event))) {
        alerts.add(envelope);
      }
    }
    List<String> unknown = alerts.stream().map(e -> FleetSummaryHandler.imsiOf(e.persistenceId()))
        .filter(imsi -> !provisioned.containsKey(imsi) && !sims.containsKey(imsi)).distinct().toList();
    return InFlight.map(system, List.copyOf(provisioned.entrySet()), e -> session.executeWrite(
            insertSim.bind(e.getKey(), e.getValue().organisation(), e.getValue().iccid()).setIdempotent(true)))
        .thenCompose(done -> InFlight.map(system, unknown, imsi -> session.selectOne(selectSim.bind(imsi))))
        .thenCompose(rows -> {
          sims.putAll(provisioned);
          for (int i = 0; i < unknown.size(); i++) {
            String imsi = unknown.get(i);
            rows.get(i).ifPresent(r -> sims.put(imsi, new Sim(r.getString("organisation"), r.getString("iccid"))));
          }
          return write(alerts);
        })
        .thenApply(done -> {
          SliceProjection.handled(lag, AlertsByOrgProjection.NAME, slice, group);
          return Done.getInstance();
        });
  }

  /**
   * Writes the alerts' rows, each partition's rows of the group in one single-partition batch (which a reader sees
   * all at once), the days in order: a reader that saw a row never misses an earlier one of its slice.
   */
  private CompletionStage<Done> write(List<EventEnvelope<SimEvent>> alerts) {
    long now = System.currentTimeMillis();
    Map<LocalDate, Map<String, BatchStatementBuilder>> byDay = new TreeMap<>();
    for (EventEnvelope<SimEvent> envelope : alerts) {
      String imsi = FleetSummaryHandler.imsiOf(envelope.persistenceId());
      Sim sim = sims.get(imsi);
      if (sim == null) {
        LOG.warn("slice {}: alert {} of SIM {} (event {}) without its provisioning in the slice; not filed (was it "
            + "written before slice tags?)", slice, envelope.event().getClass().getSimpleName(), imsi,
            envelope.sequenceNr());
        continue;
      }
      int rowTtl = ttl.remaining(envelope.timestamp(), now);
      if (rowTtl == RowTtl.EXPIRED) {
        continue;
      }
      UUID written = ((TimeBasedUUID) envelope.offset()).value();
      LocalDate day = AlertsByOrgTable.dayOf(written);
      Serializer serializer = serialization.findSerializerFor(envelope.event());
      ByteBuffer bytes = ByteBuffer.wrap(serializer.toBinary(envelope.event()));
      String manifest = Serializers.manifestFor(serializer, envelope.event());
      Map<String, BatchStatementBuilder> partitions = byDay.computeIfAbsent(day, d -> new LinkedHashMap<>());
      for (String organisation : List.of(sim.organisation(), AlertsByOrgTable.FLEET_WIDE)) {
        partitions.computeIfAbsent(organisation, o -> BatchStatement.builder(BatchType.UNLOGGED).setIdempotence(true))
            .addStatement(insertAlert.bind(organisation, day, slice, written, imsi, envelope.sequenceNr(),
                sim.iccid(), sim.organisation(), serializer.identifier(), manifest, bytes.duplicate(), rowTtl));
      }
    }
    CompletionStage<Done> written = CompletableFuture.completedFuture(Done.getInstance());
    for (Map<String, BatchStatementBuilder> partitions : byDay.values()) {
      List<BatchStatement> batches = partitions.values().stream().map(BatchStatementBuilder::build).toList();
      written = written.thenCompose(done -> InFlight.map(system, batches, session::executeWriteBatch))
          .thenApply(done -> Done.getInstance());
    }
    return written;
  }
}
