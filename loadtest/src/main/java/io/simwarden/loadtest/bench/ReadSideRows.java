package io.simwarden.loadtest.bench;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import io.simwarden.core.event.SimTags;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * What the durable-day bench reads from Cassandra with the plain driver: whether the projections' offsets reached
 * the newest event of their slice, the same tag rows read raw (the catch-up's limit), the journal rows of SIMs
 * read raw (the restart's limit), and Cassandra's own read counters per table.
 */
final class ReadSideRows {

  /** The node's projections, each over the eight slice tags. */
  static final List<String> PROJECTIONS = List.of("fleet-summary", "alerts-by-org", "forensic-index", "chain-heads");

  private final CqlSession session;
  private final String keyspace;

  ReadSideRows(CqlSession session, String keyspace) {
    this.session = session;
    this.keyspace = keyspace;
  }

  /** The tag_views partitions of the slice tags, per tag in bucket order, and each tag's newest row. */
  record SliceTags(Map<String, List<Long>> buckets, Map<String, UUID> newest) {
    long partitions() {
      return buckets.values().stream().mapToLong(List::size).sum();
    }
  }

  /** Reads which partitions the slice tags have and the newest row of each (once the writers stopped). */
  SliceTags sliceTags() {
    Map<String, List<Long>> buckets = new TreeMap<>();
    for (Row row : session.execute(SimpleStatement.newInstance("SELECT DISTINCT tag_name, timebucket FROM "
        + keyspace + ".tag_views").setTimeout(Duration.ofSeconds(60)))) {
      String tag = row.getString(0);
      if (tag.startsWith("slice-")) {
        buckets.computeIfAbsent(tag, t -> new ArrayList<>()).add(row.getLong(1));
      }
    }
    Map<String, UUID> newest = new HashMap<>();
    PreparedStatement last = session.prepare("SELECT timestamp FROM " + keyspace + ".tag_views WHERE tag_name = ? "
        + "AND timebucket = ? ORDER BY timestamp DESC LIMIT 1");
    for (Map.Entry<String, List<Long>> tag : buckets.entrySet()) {
      tag.getValue().sort(null);
      for (int i = tag.getValue().size() - 1; i >= 0 && !newest.containsKey(tag.getKey()); i--) {
        Row row = session.execute(last.bind(tag.getKey(), tag.getValue().get(i))).one();
        if (row != null) {
          newest.put(tag.getKey(), row.getUuid(0));
        }
      }
    }
    return new SliceTags(buckets, newest);
  }

  /**
   * Per projection, how many of the eight slices have a saved offset at or past their slice's newest row
   * ({@code newest}); a slice without rows counts as caught up.
   */
  Map<String, Integer> slicesCaughtUp(Map<String, UUID> newest) {
    Map<String, Map<String, UUID>> offsets = new HashMap<>();
    for (Row row : session.execute("SELECT projection_name, projection_key, offset, manifest FROM " + keyspace
        + ".projection_offset_store")) {
      if ("TBU".equals(row.getString(3))) {
        offsets.computeIfAbsent(row.getString(0), p -> new HashMap<>()).put(row.getString(1),
            UUID.fromString(row.getString(2)));
      }
    }
    Map<String, Integer> caughtUp = new TreeMap<>();
    for (String projection : PROJECTIONS) {
      int n = 0;
      for (int slice = 0; slice < SimTags.SLICES; slice++) {
        String tag = SimTags.sliceTag(slice);
        UUID want = newest.get(tag);
        UUID have = offsets.getOrDefault(projection, Map.of()).get(tag);
        if (want == null || have != null && have.timestamp() >= want.timestamp()) {
          n++;
        }
      }
      caughtUp.put(projection, n);
    }
    return caughtUp;
  }

  /** Rows read and the seconds it took. */
  record Read(long rows, double seconds) {
    double perSecond() {
      return seconds <= 0 ? 0 : rows / seconds;
    }
  }

  /**
   * Up to {@code rows} tag rows of the slice tags (an equal share per slice, each slice's partitions in time order),
   * the eight slices read at once as a projection's eight instances read them, with the driver alone: the rows
   * and their serialized events are fetched, nothing is deserialized or written.
   */
  Read rawTagRows(SliceTags tags, long rows) throws Exception {
    long perSlice = Math.max(1, (rows + SimTags.SLICES - 1) / SimTags.SLICES);
    PreparedStatement select = session.prepare(SimpleStatement.newInstance("SELECT persistence_id, sequence_nr, "
        + "event FROM " + keyspace + ".tag_views WHERE tag_name = ? AND timebucket = ?").setPageSize(1000));
    ExecutorService pool = Executors.newFixedThreadPool(SimTags.SLICES);
    try {
      long start = System.nanoTime();
      List<Future<Long>> slices = new ArrayList<>();
      for (Map.Entry<String, List<Long>> tag : tags.buckets().entrySet()) {
        slices.add(pool.submit(() -> {
          long n = 0;
          for (long bucket : tag.getValue()) {
            for (Row row : session.execute(select.bind(tag.getKey(), bucket).setTimeout(Duration.ofSeconds(30)))) {
              row.getByteBuffer(2);
              if (++n >= perSlice) {
                return n;
              }
            }
          }
          return n;
        }));
      }
      long total = 0;
      for (Future<Long> f : slices) {
        total += f.get();
      }
      return new Read(total, (System.nanoTime() - start) / 1e9);
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * The rows a restarted SIM reads to recover, read raw for every one of {@code imsis}: its newest snapshot, then
   * its events after it; {@code inFlight} SIMs at once. Returns the rows read and the seconds it took.
   */
  Read rawRecovery(List<String> persistenceIds, int inFlight) throws InterruptedException {
    PreparedStatement snapshot = session.prepare("SELECT sequence_nr, snapshot FROM " + keyspace + "_snapshot"
        + ".snapshots WHERE persistence_id = ? LIMIT 1");
    PreparedStatement events = session.prepare("SELECT sequence_nr, event FROM " + keyspace + ".messages WHERE "
        + "persistence_id = ? AND partition_nr = 0 AND sequence_nr > ?");
    long[] rows = new long[1];
    long start = System.nanoTime();
    BenchFleet.inFlight(0, persistenceIds.size(), inFlight, i -> {
      String pid = persistenceIds.get((int) i);
      return session.executeAsync(snapshot.bind(pid)).thenCompose(s -> {
        Row snap = s.one();
        long from = snap == null ? 0 : snap.getLong(0);
        return session.executeAsync(events.bind(pid, from)).thenCompose(r -> drain(r, snap == null ? 0 : 1));
      }).thenAccept(n -> {
        synchronized (rows) {
          rows[0] += n;
        }
      });
    });
    return new Read(rows[0], (System.nanoTime() - start) / 1e9);
  }

  private static CompletionStage<Long> drain(AsyncResultSet page, long before) {
    long n = before;
    for (Row row : page.currentPage()) {
      row.getByteBuffer(1);
      n++;
    }
    if (!page.hasMorePages()) {
      return CompletableFuture.completedFuture(n);
    }
    long sofar = n;
    return page.fetchNextPage().thenCompose(next -> drain(next, sofar));
  }

  /**
   * Cassandra's own count of reads (single-partition reads and range scans, as this node served them) of every
   * table of the keyspace, from its virtual tables; empty where they are not served.
   */
  Map<String, Long> readCounts() {
    Map<String, Long> counts = new TreeMap<>();
    for (String table : List.of("local_read_latency", "local_scan_latency")) {
      try {
        for (Row row : session.execute("SELECT keyspace_name, table_name, count FROM system_views." + table)) {
          if (row.getString(0).equals(keyspace)) {
            counts.merge(row.getString(1), row.getLong(2), Long::sum);
          }
        }
      } catch (RuntimeException notServed) {
        return Map.of();
      }
    }
    return counts;
  }
}
