package io.simwarden.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.uuid.Uuids;
import io.simwarden.persistence.cassandra.CassandraExtension;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * An independent reader of the journal: the {@code messages} table through the DataStax driver alone, no simwarden
 * or Pekko class. Per SIM it asserts one row per sequence number, numbers 1..n without gaps and the writers one after
 * the other (a writer never writes again after another: no forked SIM); and that every acknowledged write's rule id
 * is in one of the SIM's events (0 acknowledged writes missing). Events are Jackson CBOR, where a text value is its
 * UTF-8 bytes.
 */
final class JournalAudit {
  private JournalAudit() {}

  /** Asserts as the class says for SIMs {@code sims} with at least {@code minEvents} events each. */
  static void assertNoForkAndNoLostAck(InetSocketAddress cassandra, Collection<Integer> sims, int minEvents,
      Collection<AckedLoad.Ack> acks) {
    Map<Integer, List<String>> acked = new HashMap<>();
    acks.forEach(a -> acked.computeIfAbsent(a.sim(), s -> new ArrayList<>()).add(a.ruleId()));
    try (CqlSession session = CqlSession.builder().addContactPoint(cassandra)
        .withLocalDatacenter(CassandraExtension.LOCAL_DATACENTER).build()) {
      int rows = 0;
      Set<String> writers = new TreeSet<>();
      List<String> missing = new ArrayList<>();
      for (int n : sims) {
        String pid = "Sim|" + TestSims.imsi(n);
        Map<Long, List<Row>> bySeq = new TreeMap<>();
        for (Row row : session.execute("SELECT sequence_nr, timestamp, writer_uuid, event FROM simwarden.messages "
            + "WHERE persistence_id = ? AND partition_nr = 0", pid)) {
          bySeq.computeIfAbsent(row.getLong("sequence_nr"), s -> new ArrayList<>()).add(row);
          rows++;
        }
        List<String> order = new ArrayList<>();
        StringBuilder events = new StringBuilder();
        long expected = 1;
        for (Map.Entry<Long, List<Row>> e : bySeq.entrySet()) {
          List<String> of = e.getValue().stream().map(r -> r.getString("writer_uuid")).toList();
          assertEquals(1, of.size(), () -> pid + " seq " + e.getKey() + " has rows of writers " + of + " written at "
              + e.getValue().stream().map(r -> Instant.ofEpochMilli(Uuids.unixTimestamp(r.getUuid("timestamp"))))
                  .toList() + ": a forked SIM");
          assertEquals(expected++, e.getKey(), pid + ": sequence numbers without gaps");
          String w = of.get(0);
          writers.add(w);
          if (order.isEmpty() || !order.get(order.size() - 1).equals(w)) {
            assertTrue(!order.contains(w), pid + ": writer " + w + " wrote again after " + order + ": two writers");
            order.add(w);
          }
          ByteBuffer event = e.getValue().get(0).getByteBuffer("event");
          events.append(event == null ? "" : StandardCharsets.ISO_8859_1.decode(event)).append('\n');
        }
        assertTrue(bySeq.size() >= minEvents, pid + " has its events: " + bySeq.size());
        String text = events.toString();
        for (String ruleId : acked.getOrDefault(n, List.of())) {
          if (!text.contains(ruleId)) {
            missing.add(pid + " " + ruleId);
          }
        }
      }
      System.out.printf("journal read with the driver: %d rows of %d SIMs, one per sequence number, %d writers; "
          + "%d acknowledged writes, %d missing%n", rows, sims.size(), writers.size(), acks.size(), missing.size());
      assertEquals(List.of(), missing, "acknowledged writes missing from the journal");
    }
  }
}
