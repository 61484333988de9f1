package io.simwarden.persistence.forensics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simwarden.persistence.forensics.ForkAudit.Fork;
import io.simwarden.persistence.forensics.ForkAudit.Row;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class ForkAuditTest {

  private static final String SIM = "208010000000001";
  private static final String A = "aaaaaaaa-0000-0000-0000-000000000001";
  private static final String B = "bbbbbbbb-0000-0000-0000-000000000002";
  private static final String C = "cccccccc-0000-0000-0000-000000000003";
  private static final Instant T0 = Instant.parse("2026-12-07T04:00:00Z");

  private static Row row(long seqNr, String writer, long second) {
    return new Row(seqNr, writer, T0.plusSeconds(second));
  }

  /** Writer A stores 1..n, one a second. */
  private static List<Row> oneWriter(int n) {
    List<Row> rows = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      rows.add(row(i, A, i));
    }
    return rows;
  }

  @Test
  void oneWriterAtATimeIsNoFork() {
    assertEquals(List.of(), ForkAudit.audit(SIM, oneWriter(10)));
    // Failover: B recovers the SIM after A's last event and goes on; C takes it back to A's node later.
    List<Row> moved = oneWriter(5);
    moved.add(row(6, B, 20));
    moved.add(row(7, B, 21));
    moved.add(row(8, C, 30));
    assertEquals(List.of(), ForkAudit.audit(SIM, moved));
  }

  @Test
  void twoEventsAtConsecutiveSequenceNumbersAreOneForkNamingBothWriters() {
    List<Row> rows = oneWriter(284);
    rows.add(row(282, B, 282));
    rows.add(row(283, B, 283));
    rows.add(row(284, B, 284));
    Collections.shuffle(rows);
    List<Fork> forks = ForkAudit.audit(SIM, rows);
    assertEquals(1, forks.size(), forks.toString());
    assertEquals("282-284", forks.get(0).seqNrs());
    assertEquals(List.of(A, B), forks.get(0).writers());
    assertEquals(SIM, forks.get(0).imsi());
  }

  @Test
  void separateForkedRangesAreReportedApart() {
    List<Row> rows = oneWriter(10);
    rows.add(row(3, B, 3));
    rows.add(row(7, B, 7));
    rows.add(row(8, B, 8));
    assertEquals(List.of("3", "7-8"), ForkAudit.audit(SIM, rows).stream().map(Fork::seqNrs).toList());
  }

  @Test
  void aWriterThatWritesAgainAfterAnotherTookOverIsInterleavedWhateverTheClocksSay() {
    List<Row> rows = oneWriter(5);
    rows.add(row(6, B, 10));
    rows.add(row(7, A, 3)); // A's node clock is behind: only the sequence numbers count
    rows.add(row(8, B, 11));
    List<Fork> forks = ForkAudit.audit(SIM, rows);
    assertEquals(List.of("6-7", "7-8"), forks.stream().map(Fork::seqNrs).toList(), forks.toString());
    assertTrue(forks.get(0).detail().startsWith("two writers interleaved: " + A + " wrote again at 7 after " + B),
        forks.get(0).detail());
    assertEquals(List.of(B, A), forks.get(0).writers());
  }
}
