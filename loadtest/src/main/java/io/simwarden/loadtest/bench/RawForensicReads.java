package io.simwarden.loadtest.bench;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.metadata.token.TokenRange;
import io.simwarden.core.entity.SimEntity;
import io.simwarden.core.event.SimTags;
import io.simwarden.persistence.forensics.ForensicIndexKeys;
import io.simwarden.persistence.forensics.SearchCriteria;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.pekko.serialization.Serialization;

/**
 * The limits of {@link ForensicTimings}: the rows a forensic query reads, read with the DataStax driver alone, as
 * plainly as possible. A search reads its key's days (those of its window), the key's index partitions of those days
 * (all at once), keeps the rows that can match its window, then reads each journal row they name with one query per
 * row, {@link #ROWS_IN_FLIGHT} in flight, deserializing the event (the search must look at it too); an outbreak
 * answered from the index rows alone reads the rows alone. The full scan reads every row of {@code messages} by token range,
 * {@link #RANGES_IN_FLIGHT} ranges at a time, deserializing each SIM's event.
 */
final class RawForensicReads {

  /** Single-row reads in flight: small reads bound by round trips. */
  static final int ROWS_IN_FLIGHT = 256;
  /** Token ranges of the full scan in flight: the forensics command's default parallelism. */
  static final int RANGES_IN_FLIGHT = ForensicQueries.PARALLELISM;
  /** Token ranges the full scan splits the ring into. */
  private static final int RANGES = 256;
  private static final String PREFIX = SimEntity.persistenceId("").id();

  private final CqlSession session;
  private final String keyspace;
  private final Serialization serialization;
  private final long partitionSize;
  private final PreparedStatement days;
  private final PreparedStatement indexRows;
  private final PreparedStatement event;
  private final PreparedStatement progress;
  private final PreparedStatement findings;

  /** What a raw read read: index rows (or progress and findings rows), and journal rows. */
  record Read(long indexRows, long journalRows) {}

  RawForensicReads(CqlSession session, String keyspace, String table, long partitionSize,
      Serialization serialization) {
    this.session = session;
    this.keyspace = keyspace;
    this.serialization = serialization;
    this.partitionSize = partitionSize;
    this.days = session.prepare("SELECT day FROM " + keyspace + ".forensic_index_days WHERE key_type = ? AND key = ? "
        + "AND day >= ? AND day <= ?");
    this.indexRows = session.prepare("SELECT imsi, seq_nr, at, at_nanos FROM " + keyspace + ".forensic_index "
        + "WHERE key_type = ? "
        + "AND key = ? AND day = ? AND slice = ?");
    this.event = session.prepare("SELECT persistence_id, ser_id, ser_manifest, event FROM " + keyspace + "." + table
        + " WHERE persistence_id = ? AND partition_nr = ? AND sequence_nr = ?");
    this.progress = session.prepare("SELECT slice, event_written, handled, sims, events, rows FROM " + keyspace
        + ".forensic_progress WHERE projection = ?");
    this.findings = session.prepare("SELECT imsi, breaks, forks FROM " + keyspace + ".chain_findings WHERE slice = ?");
  }

  /** The index rows of key {@code key} of type {@code type} (every day), then every journal row they name. */
  Read search(String type, String key) throws InterruptedException {
    return search(type, key, SearchCriteria.ANY, true);
  }

  /**
   * The index rows of the search's plan ({@code type} and {@code key}: one key of its plan) in its days that can
   * match ({@link ForensicIndexKeys#mayMatch}); then, with {@code events}, every journal row they name.
   */
  Read search(String type, String key, SearchCriteria criteria, boolean events) throws InterruptedException {
    ForensicIndexKeys.Plan plan = ForensicIndexKeys.plan(criteria).filter(p -> p.type().equals(type))
        .orElse(new ForensicIndexKeys.Plan(type, List.of(key), null, null));
    List<CompletableFuture<List<Row>>> partitions = new ArrayList<>();
    for (Row day : session.execute(days.bind(type, key, plan.firstDay() == null ? Long.MIN_VALUE : plan.firstDay(),
        plan.lastDay() == null ? Long.MAX_VALUE : plan.lastDay()))) {
      for (int slice = 0; slice < SimTags.SLICES; slice++) {
        partitions.add(all(session.executeAsync(indexRows.bind(type, key, day.getLong(0), slice))));
      }
    }
    List<Row> named = new ArrayList<>();
    for (CompletableFuture<List<Row>> partition : partitions) {
      for (Row r : partition.join()) {
        if (r.isNull("at_nanos") ? ForensicIndexKeys.mayMatchWithin(plan, criteria, r.getInstant("at"))
            : ForensicIndexKeys.mayMatch(plan, criteria, r.getInstant("at").plusNanos(r.getInt("at_nanos")))) {
          named.add(r);
        }
      }
    }
    if (!events) {
      return new Read(named.size(), 0);
    }
    AtomicLong read = new AtomicLong();
    BenchFleet.inFlight(0, named.size(), ROWS_IN_FLIGHT, i -> {
      Row r = named.get((int) i);
      long seqNr = r.getLong("seq_nr");
      return session.executeAsync(event.bind(PREFIX + r.getString("imsi"), (seqNr - 1) / partitionSize, seqNr))
          .thenAccept(rs -> rs.currentPage().forEach(row -> {
            deserialize(row);
            read.incrementAndGet();
          }));
    });
    return new Read(named.size(), read.get());
  }

  /** What {@code verify --all} reads from the chain heads: the progress rows and the findings of every slice. */
  Read chainHeads() {
    CompletableFuture<List<Row>> rows = all(session.executeAsync(progress.bind("chain-heads")));
    List<CompletableFuture<List<Row>>> slices = new ArrayList<>();
    for (int slice = 0; slice < SimTags.SLICES; slice++) {
      slices.add(all(session.executeAsync(findings.bind(slice))));
    }
    long read = rows.join().size();
    for (CompletableFuture<List<Row>> slice : slices) {
      read += slice.join().size();
    }
    return new Read(read, 0);
  }

  /** Every row of the journal's {@code messages} table (SIMs' or not), each SIM's event deserialized. */
  Read everyJournalRow() throws InterruptedException {
    Set<TokenRange> ring = session.getMetadata().getTokenMap().orElseThrow(() -> new IllegalStateException(
        "the driver has no token map: cannot split the full scan")).getTokenRanges();
    List<TokenRange> ranges = new ArrayList<>();
    for (TokenRange range : ring) {
      for (TokenRange part : range.splitEvenly(Math.max(1, RANGES / ring.size()))) {
        ranges.addAll(part.unwrap());
      }
    }
    PreparedStatement scan = session.prepare("SELECT persistence_id, ser_id, ser_manifest, event FROM " + keyspace
        + ".messages WHERE token(persistence_id, partition_nr) > ? AND token(persistence_id, partition_nr) <= ?");
    AtomicLong rows = new AtomicLong();
    BenchFleet.inFlight(0, ranges.size(), RANGES_IN_FLIGHT, i -> {
      TokenRange range = ranges.get((int) i);
      return each(session.executeAsync(scan.bind().setToken(0, range.getStart()).setToken(1, range.getEnd())),
          row -> {
            if (!row.isNull("event")) {
              if (row.getString("persistence_id").startsWith(PREFIX)) {
                deserialize(row);
              }
              rows.incrementAndGet();
            }
          });
    });
    return new Read(0, rows.get());
  }

  private Object deserialize(Row row) {
    ByteBuffer buffer = row.getByteBuffer("event");
    byte[] bytes = new byte[buffer.remaining()];
    buffer.get(bytes);
    return serialization.deserialize(bytes, row.getInt("ser_id"), row.getString("ser_manifest")).get();
  }

  /** Every row of a result, all its pages fetched. */
  private static CompletableFuture<List<Row>> all(CompletionStage<AsyncResultSet> first) {
    List<Row> rows = new ArrayList<>();
    return each(first, rows::add).thenApply(done -> rows).toCompletableFuture();
  }

  /** Hands every row of a result, page after page, to {@code each}. */
  private static CompletionStage<Void> each(CompletionStage<AsyncResultSet> page,
      Consumer<Row> each) {
    return page.thenCompose(rs -> {
      rs.currentPage().forEach(each);
      return rs.hasMorePages() ? each(rs.fetchNextPage(), each) : CompletableFuture.completedFuture(null);
    });
  }
}
