package io.simwarden.readside;

import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchStatementBuilder;
import com.datastax.oss.driver.api.core.cql.BatchType;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import io.simwarden.core.event.SimEvent;
import io.simwarden.persistence.forensics.ChainHead;
import io.simwarden.persistence.forensics.ForensicIndex;
import io.simwarden.persistence.forensics.ForensicsJournal;
import java.time.Instant;
import java.util.LinkedHashMap;
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
 */
final class ChainHeadHandler extends Handler<EventEnvelope<SimEvent>> {
  private static final int HEADS_REMEMBERED = 10_000;

  private final CassandraSession session;
  private final ForensicsJournal journal;
  private final String keyspace;
  private final int slice;
  private final ProjectionLag lag;
  private final Map<String, ChainHead> heads = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, ChainHead> eldest) {
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
            + "writers, rows_at_seq_nr, events, rows, status, breaks, forks) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
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
    return head(imsi).thenCompose(head -> {
      long seqNr = envelope.sequenceNr();
      if (seqNr < head.seqNr() || (seqNr == head.seqNr() && envelope.event().chain().equals(head.chain()))) {
        return handled(envelope);
      }
      return journal.rows(imsi, head.from()).thenCompose(stored -> write(head, head.advance(stored), envelope));
    });
  }

  private CompletionStage<ChainHead> head(String imsi) {
    ChainHead known = heads.get(imsi);
    if (known != null) {
      return CompletableFuture.completedFuture(known);
    }
    return ForensicIndex.head(session, keyspace, imsi).thenApply(h -> h.orElse(ChainHead.none(imsi)));
  }

  private CompletionStage<Done> write(ChainHead before, ChainHead after, EventEnvelope<SimEvent> envelope) {
    if (after.equals(before)) {
      return handled(envelope);
    }
    long newSims = sims + (before.seqNr() == 0 ? 1 : 0);
    long newEvents = events + after.events() - before.events();
    long newRows = rows + after.rows() - before.rows();
    BatchStatementBuilder batch = BatchStatement.builder(BatchType.LOGGED).setIdempotence(true)
        .addStatement(upsertHead.bind(after.imsi(), after.seqNr(), after.chain(), after.previousChain(),
            after.writer(), after.finished(), after.rowsAtSeqNr(), after.events(), after.rows(), after.status().name(),
            after.encodedBreaks(), after.encodedForks()));
    if (after.status() != ChainHead.Status.INTACT) {
      batch.addStatement(upsertFindings.bind(slice, after.imsi(), after.status().name(), after.encodedBreaks(),
          after.encodedForks()));
    }
    batch.addStatement(upsertProgress.bind(slice, Instant.ofEpochMilli(envelope.timestamp()),
        Instant.ofEpochMilli(System.currentTimeMillis()), newSims, newEvents, newRows));
    return session.executeWriteBatch(batch.build()).thenCompose(done -> {
      heads.put(after.imsi(), after);
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
