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
import java.util.AbstractMap;
import java.util.ArrayList;
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

/**
 * Keeps one slice's chain heads ({@code chain_heads}, {@code chain_findings}, {@code forensic_progress}): the tag
 * stream says that a SIM has new events; the handler reads the rows the journal stores for it from its head on (the
 * {@code messages} table, with their writers: what {@code forensics verify --full} reads) and advances the head with
 * {@link ChainHead#advance}, which runs the same audits. One read per SIM and batch of new events: an event whose
 * sequence number the head already covers (with the chain value the head holds) was checked with an earlier read
 * and costs nothing, which also makes a replay after a restart cheap. The SIMs of a group are read together
 * ({@link InFlight}), each once however many of its events the group holds.
 *
 * <p>The heads, the SIMs' findings rows (when a chain is broken or forked) and the slice's counts are written in
 * logged batches, one after the other: all or none each, so the counts match the heads whenever the projection
 * stops. The slice's counts
 * and recent heads are kept in memory; only one handler runs per slice.
 *
 * <p>Each head also keeps the SIM's {@link EventAccumulator} (a Merkle Mountain Range of its events' chain values,
 * the first row of each sequence number as the head reads them), whose root a signed checkpoint holds for the SIM.
 * A head written before it had one gets it by one read of the SIM's whole history.
 */
final class ChainHeadHandler extends Handler<List<EventEnvelope<SimEvent>>> {
  private static final int HEADS_REMEMBERED = 10_000;
  /**
   * Heads per logged batch: a head is about 0.5-1 kB (its accumulator's peaks), and Cassandra warns about batches
   * over 5 kB and refuses them over 50 kB ({@code batch_size_fail_threshold}).
   */
  private static final int HEADS_PER_BATCH = 8;

  private final ActorSystem<?> system;
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

  ChainHeadHandler(ActorSystem<?> system, CassandraSession session, ForensicsJournal journal, String keyspace,
      int slice, ProjectionLag lag) {
    this.system = system;
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
  public CompletionStage<Done> process(List<EventEnvelope<SimEvent>> group) {
    Map<String, List<EventEnvelope<SimEvent>>> bySim = new LinkedHashMap<>();
    for (EventEnvelope<SimEvent> envelope : group) {
      bySim.computeIfAbsent(FleetSummaryHandler.imsiOf(envelope.persistenceId()), k -> new ArrayList<>())
          .add(envelope);
    }
    List<Map.Entry<String, Known>> cached = new ArrayList<>();
    bySim.keySet().forEach(imsi -> cached.add(new AbstractMap.SimpleEntry<>(imsi, heads.get(imsi))));
    return InFlight.map(system, cached, e -> advance(e.getKey(), e.getValue(), bySim.get(e.getKey())))
        .thenCompose(advanced -> write(advanced.stream().filter(Advance::changed).toList(), group));
  }

  /** A SIM's head before and after a group. */
  private record Advance(Known before, Known after, long written) {
    boolean changed() {
      return !after.head().equals(before.head()) || before.events() == null;
    }
  }

  /** The SIM's head after its envelopes of a group: one read of its rows from the head on, when any is new. */
  private CompletionStage<Advance> advance(String imsi, Known cached, List<EventEnvelope<SimEvent>> envelopes) {
    long written = envelopes.get(envelopes.size() - 1).timestamp();
    return (cached != null ? CompletableFuture.completedFuture(cached) : known(imsi)).thenCompose(known -> {
      ChainHead head = known.head();
      boolean anyNew = known.events() == null || envelopes.stream().anyMatch(e -> e.sequenceNr() > head.seqNr()
          || (e.sequenceNr() == head.seqNr() && !e.event().chain().equals(head.chain())));
      if (!anyNew) {
        return CompletableFuture.completedFuture(new Advance(known, known, written));
      }
      long from = known.events() == null ? 1 : head.from();
      return journal.rows(imsi, from).thenApply(stored -> {
        List<ForensicsJournal.StoredRow> sinceHead = stored.stream()
            .filter(r -> r.row().seqNr() >= head.from()).toList();
        ChainHead after = head.advance(sinceHead);
        return new Advance(known, new Known(after, appended(known, stored, after.seqNr())), written);
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

  /**
   * Writes the changed heads in logged batches of at most {@link #HEADS_PER_BATCH}, one after the other, each with
   * the slice's counts as they are after it: whenever the projection stops, the counts match the heads written.
   */
  private CompletionStage<Done> write(List<Advance> changed, List<EventEnvelope<SimEvent>> group) {
    CompletionStage<Done> written = CompletableFuture.completedFuture(Done.getInstance());
    for (int from = 0; from < changed.size(); from += HEADS_PER_BATCH) {
      List<Advance> part = changed.subList(from, Math.min(changed.size(), from + HEADS_PER_BATCH));
      written = written.thenCompose(done -> writeBatch(part));
    }
    return written.thenApply(done -> {
      SliceProjection.handled(lag, ForensicProjections.CHAINS, slice, group);
      return Done.getInstance();
    });
  }

  private CompletionStage<Done> writeBatch(List<Advance> part) {
    long newSims = sims;
    long newEvents = events;
    long newRows = rows;
    long lastWritten = 0;
    BatchStatementBuilder batch = BatchStatement.builder(BatchType.LOGGED).setIdempotence(true);
    for (Advance advance : part) {
      ChainHead before = advance.before().head();
      ChainHead after = advance.after().head();
      EventAccumulator accumulated = advance.after().events();
      newSims += before.seqNr() == 0 ? 1 : 0;
      newEvents += after.events() - before.events();
      newRows += after.rows() - before.rows();
      lastWritten = Math.max(lastWritten, advance.written());
      batch.addStatement(upsertHead.bind(after.imsi(), after.seqNr(), after.chain(), after.previousChain(),
          after.writer(), after.finished(), after.rowsAtSeqNr(), after.events(), after.rows(), after.status().name(),
          after.encodedBreaks(), after.encodedForks(), accumulated.size(), accumulated.encodedPeaks()));
      if (after.status() != ChainHead.Status.INTACT) {
        batch.addStatement(upsertFindings.bind(slice, after.imsi(), after.status().name(), after.encodedBreaks(),
            after.encodedForks()));
      }
    }
    long[] counts = {newSims, newEvents, newRows};
    batch.addStatement(upsertProgress.bind(slice, Instant.ofEpochMilli(lastWritten),
        Instant.ofEpochMilli(System.currentTimeMillis()), newSims, newEvents, newRows));
    return session.executeWriteBatch(batch.build()).thenApply(done -> {
      part.forEach(advance -> heads.put(advance.after().head().imsi(), advance.after()));
      sims = counts[0];
      events = counts[1];
      rows = counts[2];
      return Done.getInstance();
    });
  }
}
