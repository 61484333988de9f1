package io.simwarden.readside;

import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchStatementBuilder;
import com.datastax.oss.driver.api.core.cql.BatchType;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import io.simwarden.core.event.SimEvent;
import io.simwarden.persistence.checkpoint.EventAccumulator;
import io.simwarden.persistence.forensics.ChainHead;
import io.simwarden.persistence.forensics.ForensicIndex;
import io.simwarden.persistence.forensics.ForensicsJournal;
import java.time.Instant;
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
 * Keeps one slice's chain heads ({@code chain_heads}, {@code chain_findings}, {@code forensic_progress}): the tag
 * stream says that a SIM has new events; the handler reads the rows the journal stores for it from its head on (the
 * {@code messages} table, with their writers: what {@code forensics verify --full} reads) and advances the head with
 * {@link ChainHead#advance}, which runs the same audits. One read per SIM and batch of new events: an event whose
 * sequence number the head already covers (with the chain value the head holds) was checked with an earlier read
 * and costs nothing, which also makes a replay after a restart cheap.
 *
 * <p>The head, the SIM's findings row (when its chain is broken or forked) and the slice's counts are written in
 * one logged batch: all or none, so the counts match the heads whenever the projection stops. The slice's counts
 * and recent heads are kept in memory; only one handler runs per slice.
 *
 * <p>Each head also keeps the SIM's {@link EventAccumulator} (a Merkle Mountain Range of its events' chain values,
 * the first row of each sequence number as the head reads them), whose root a signed checkpoint holds for the SIM.
 * A head written before it had one gets it by one read of the SIM's whole history.
 */
final class ChainHeadHandler extends Handler<EventEnvelope<SimEvent>> {
  private static final int HEADS_REMEMBERED = 10_000;

  private final CassandraSession session;
  private final ForensicsJournal journal;
  private final String keyspace;
  private final int slice;
  private final ProjectionLag lag;
  /** A SIM's head and its events' accumulator ({@code null}: the head predates accumulators). */
  private record Known(ChainHead head, EventAccumulator events) {}

  private final Map<String, Known> heads = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Known> eldest) {
      return size() > HEADS_REMEMBERED;
    }
  };
  private long sims;
  private long events;
  private long rows;
  private PreparedStatement upsertHead;
  private PreparedStatement upsertFindings;
  private PreparedStatement upsertProgress;

  ChainHeadHandler(CassandraSession session, ForensicsJournal journal, String keyspace, int slice,
      ProjectionLag lag) {
    this.session = session;
    this.journal = journal;
    this.keyspace = keyspace;
    this.slice = slice;
    this.lag = lag;
  }

  @Override
  public CompletionStage<Done> start() {
    heads.clear();
    return session.prepare("INSERT INTO " + keyspace + ".chain_heads (imsi, seq_nr, chain, previous_chain, writer, "
            + "writers, rows_at_seq_nr, events, rows, status, breaks, forks, events_size, events_peaks) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .thenCompose(s -> {
          upsertHead = s;
          return session.prepare("INSERT INTO " + keyspace + ".chain_findings (slice, imsi, status, breaks, forks) "
              + "VALUES (?, ?, ?, ?, ?)");
        }).thenCompose(s -> {
          upsertFindings = s;
          return session.prepare("INSERT INTO " + keyspace + ".forensic_progress (projection, slice, event_written, "
              + "handled, sims, events, rows) VALUES ('" + ForensicIndex.CHAIN_PROJECTION + "', ?, ?, ?, ?, ?, ?)");
        }).thenCompose(s -> {
          upsertProgress = s;
          return session.selectOne("SELECT sims, events, rows FROM " + keyspace + ".forensic_progress "
              + "WHERE projection = ? AND slice = ?", ForensicIndex.CHAIN_PROJECTION, slice);
        }).thenApply(row -> {
          sims = row.map(r -> r.isNull("sims") ? 0L : r.getLong("sims")).orElse(0L);
          events = row.map(r -> r.isNull("events") ? 0L : r.getLong("events")).orElse(0L);
          rows = row.map(r -> r.isNull("rows") ? 0L : r.getLong("rows")).orElse(0L);
          return Done.getInstance();
        });
  }

  @Override
  public CompletionStage<Done> process(EventEnvelope<SimEvent> envelope) {
    String imsi = FleetSummaryHandler.imsiOf(envelope.persistenceId());
    return known(imsi).thenCompose(known -> {
      ChainHead head = known.head();
      long seqNr = envelope.sequenceNr();
      if (known.events() != null && (seqNr < head.seqNr()
          || (seqNr == head.seqNr() && envelope.event().chain().equals(head.chain())))) {
        return handled(envelope);
      }
      long from = known.events() == null ? 1 : head.from();
      return journal.rows(imsi, from).thenCompose(stored -> {
        List<ForensicsJournal.StoredRow> sinceHead = stored.stream()
            .filter(r -> r.row().seqNr() >= head.from()).toList();
        ChainHead after = head.advance(sinceHead);
        return write(known, new Known(after, appended(known, stored, after.seqNr())), envelope);
      });
    });
  }

  /** The accumulator with the first row of each sequence number after the known head's, up to {@code to}. */
  private static EventAccumulator appended(Known known, List<ForensicsJournal.StoredRow> stored, long to) {
    EventAccumulator events = known.events() == null ? EventAccumulator.EMPTY : known.events();
    long last = known.events() == null ? 0 : known.head().seqNr();
    for (ForensicsJournal.StoredRow r : stored) {
      long seqNr = r.row().seqNr();
      if (seqNr > last && seqNr <= to) {
        events = events.append(seqNr, r.recorded().event().chain());
        last = seqNr;
      }
    }
    return events;
  }

  private CompletionStage<Known> known(String imsi) {
    Known known = heads.get(imsi);
    if (known != null) {
      return CompletableFuture.completedFuture(known);
    }
    return session.selectOne("SELECT * FROM " + keyspace + ".chain_heads WHERE imsi = ?", imsi)
        .thenApply(row -> row.map(r -> new Known(ForensicIndex.headOf(imsi, r), r.isNull("events_size") ? null
                : EventAccumulator.decode(r.getLong("events_size"), r.getList("events_peaks", String.class))))
            .orElse(new Known(ChainHead.none(imsi), EventAccumulator.EMPTY)));
  }

  private CompletionStage<Done> write(Known known, Known now, EventEnvelope<SimEvent> envelope) {
    ChainHead before = known.head();
    ChainHead after = now.head();
    if (after.equals(before) && known.events() != null) {
      return handled(envelope);
    }
    long newSims = sims + (before.seqNr() == 0 ? 1 : 0);
    long newEvents = events + after.events() - before.events();
    long newRows = rows + after.rows() - before.rows();
    BatchStatementBuilder batch = BatchStatement.builder(BatchType.LOGGED).setIdempotence(true)
        .addStatement(upsertHead.bind(after.imsi(), after.seqNr(), after.chain(), after.previousChain(),
            after.writer(), after.finished(), after.rowsAtSeqNr(), after.events(), after.rows(), after.status().name(),
            after.encodedBreaks(), after.encodedForks(), now.events().size(), now.events().encodedPeaks()));
    if (after.status() != ChainHead.Status.INTACT) {
      batch.addStatement(upsertFindings.bind(slice, after.imsi(), after.status().name(), after.encodedBreaks(),
          after.encodedForks()));
    }
    batch.addStatement(upsertProgress.bind(slice, Instant.ofEpochMilli(envelope.timestamp()),
        Instant.ofEpochMilli(System.currentTimeMillis()), newSims, newEvents, newRows));
    return session.executeWriteBatch(batch.build()).thenCompose(done -> {
      heads.put(after.imsi(), now);
      sims = newSims;
      events = newEvents;
      rows = newRows;
      return handled(envelope);
    });
  }

  private CompletionStage<Done> handled(EventEnvelope<SimEvent> envelope) {
    lag.handled(ForensicProjections.CHAINS, slice, envelope.timestamp(), System.currentTimeMillis());
    return CompletableFuture.completedFuture(Done.getInstance());
  }
}
