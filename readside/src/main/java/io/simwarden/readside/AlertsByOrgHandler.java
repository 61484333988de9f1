package io.simwarden.readside;

import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import io.simwarden.core.event.SimEvent;
import io.simwarden.core.event.SimTags;
import java.nio.ByteBuffer;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
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
 * {@code cql/readside.cql}), one envelope at a time.
 *
 * <p>A {@code Provisioned} event records the SIM's organisation and ICCID in {@code alert_sims}; an alert event
 * (tag group {@link SimTags#ALERT}) is written twice, under its SIM's organisation and under
 * {@link AlertsByOrgTable#FLEET_WIDE}. Every row's key comes from the envelope (journal offset,
 * IMSI, sequence number), so an event delivered again after a restart overwrites its own rows: at-least-once
 * delivery leaves neither gaps nor duplicates. The SIMs seen are kept in a bounded memory cache; a SIM not in it
 * costs one read of {@code alert_sims}, never of the journal. Other events (lifecycle changes) cost nothing.
 * Alert rows expire the table's retention after their event was journaled ({@link RowTtl}).
 */
final class AlertsByOrgHandler extends Handler<EventEnvelope<SimEvent>> {
  private static final Logger LOG = LoggerFactory.getLogger(AlertsByOrgHandler.class);
  private static final int CACHED_SIMS = 10_000;

  /** What the projection knows of a SIM. */
  record Sim(String organisation, String iccid) {}

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
  public CompletionStage<Done> process(EventEnvelope<SimEvent> envelope) {
    SimEvent event = envelope.event();
    String imsi = FleetSummaryHandler.imsiOf(envelope.persistenceId());
    if (event instanceof SimEvent.Provisioned p) {
      Sim sim = new Sim(p.organisation(), p.iccid().value());
      return session.executeWrite(insertSim.bind(imsi, sim.organisation(), sim.iccid()).setIdempotent(true))
          .thenCompose(done -> {
            sims.put(imsi, sim);
            return handled(envelope);
          });
    }
    if (!SimTags.ALERT.equals(SimTags.groupOf(event))) {
      return handled(envelope);
    }
    return sim(imsi).thenCompose(sim -> {
      if (sim.isEmpty()) {
        LOG.warn("slice {}: alert {} of SIM {} (event {}) without its provisioning in the slice; not filed (was it "
            + "written before slice tags?)", slice, event.getClass().getSimpleName(), imsi, envelope.sequenceNr());
        return handled(envelope);
      }
      return write(imsi, sim.get(), envelope);
    });
  }

  private CompletionStage<Optional<Sim>> sim(String imsi) {
    Sim cached = sims.get(imsi);
    if (cached != null) {
      return CompletableFuture.completedFuture(Optional.of(cached));
    }
    return session.selectOne(selectSim.bind(imsi)).thenApply(row -> row.map(r -> {
      Sim sim = new Sim(r.getString("organisation"), r.getString("iccid"));
      sims.put(imsi, sim);
      return sim;
    }));
  }

  private CompletionStage<Done> write(String imsi, Sim sim, EventEnvelope<SimEvent> envelope) {
    int rowTtl = ttl.remaining(envelope.timestamp(), System.currentTimeMillis());
    if (rowTtl == RowTtl.EXPIRED) {
      return handled(envelope);
    }
    UUID written = ((TimeBasedUUID) envelope.offset()).value();
    LocalDate day = AlertsByOrgTable.dayOf(written);
    Serializer serializer = serialization.findSerializerFor(envelope.event());
    ByteBuffer bytes = ByteBuffer.wrap(serializer.toBinary(envelope.event()));
    String manifest = Serializers.manifestFor(serializer, envelope.event());
    // Two partitions: two writes rather than a multi-partition batch, which Cassandra warns about. Both are
    // idempotent; if one fails the projection restarts and writes both again.
    CompletableFuture<Done> own = session.executeWrite(insertAlert.bind(sim.organisation(), day, slice, written, imsi,
        envelope.sequenceNr(), sim.iccid(), sim.organisation(), serializer.identifier(), manifest, bytes.duplicate(),
        rowTtl).setIdempotent(true)).toCompletableFuture();
    CompletableFuture<Done> fleet = session.executeWrite(insertAlert.bind(AlertsByOrgTable.FLEET_WIDE, day, slice,
        written, imsi, envelope.sequenceNr(), sim.iccid(), sim.organisation(), serializer.identifier(), manifest,
        bytes.duplicate(), rowTtl).setIdempotent(true)).toCompletableFuture();
    return own.thenCombine(fleet, (a, b) -> Done.getInstance()).thenCompose(done -> handled(envelope));
  }

  private CompletionStage<Done> handled(EventEnvelope<SimEvent> envelope) {
    lag.handled(AlertsByOrgProjection.NAME, slice, envelope.timestamp(), System.currentTimeMillis());
    return CompletableFuture.completedFuture(Done.getInstance());
  }
}
