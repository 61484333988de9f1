package io.simwarden.persistence.forensics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.simwarden.core.event.EventChain;
import io.simwarden.core.event.SampleEvents;
import io.simwarden.core.event.SimEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The continuous check of a chain, part by part as rows arrive, against the whole-history audits that
 * {@code forensics verify --full} runs: the same breaks and forks, the same counts.
 */
class ChainHeadTest {

  private static final String SIM = "208010000000001";
  private static final String A = "aaaaaaaa-0000-0000-0000-000000000001";
  private static final String B = "bbbbbbbb-0000-0000-0000-000000000002";
  private static final Instant T0 = Instant.parse("2026-12-07T04:00:00Z");

  /** Every event type once, sealed into a chain. */
  private static List<SimEvent> events() {
    return EventChain.seal(EventChain.GENESIS, SampleEvents.oneOfEachType());
  }

  private static ForensicsJournal.StoredRow row(long seqNr, SimEvent event, String writer, long second) {
    return new ForensicsJournal.StoredRow(new Recorded(SIM, seqNr, event),
        new ForkAudit.Row(seqNr, writer, T0.plusSeconds(second)));
  }

  /** Writer A stores every event in order, one a second. */
  private static List<ForensicsJournal.StoredRow> oneWriter() {
    List<SimEvent> events = events();
    List<ForensicsJournal.StoredRow> rows = new ArrayList<>();
    for (int i = 0; i < events.size(); i++) {
      rows.add(row(i + 1, events.get(i), A, i + 1));
    }
    return rows;
  }

  /**
   * The head after the rows arrived one by one, read as the chain-heads projection reads them: when a row arrives at
   * a sequence number beyond the head (or at the head's with another chain value), the rows stored from the head on.
   */
  private static ChainHead incrementally(List<ForensicsJournal.StoredRow> arrivals) {
    ChainHead head = ChainHead.none(SIM);
    List<ForensicsJournal.StoredRow> stored = new ArrayList<>();
    for (ForensicsJournal.StoredRow arrived : arrivals) {
      stored.add(arrived);
      long seqNr = arrived.row().seqNr();
      if (seqNr > head.seqNr() || (seqNr == head.seqNr() && !arrived.recorded().event().chain().equals(head.chain()))) {
        long from = head.from();
        head = head.advance(stored.stream().filter(r -> r.row().seqNr() >= from)
            .sorted(Comparator.comparingLong((ForensicsJournal.StoredRow r) -> r.row().seqNr())
                .thenComparing(r -> r.row().writtenAt()))
            .toList());
      }
    }
    return head;
  }

  private static void assertSameAsWhole(List<ForensicsJournal.StoredRow> arrivals, ChainHead head) {
    List<ForensicsJournal.StoredRow> whole = arrivals.stream()
        .sorted(Comparator.comparingLong((ForensicsJournal.StoredRow r) -> r.row().seqNr())
            .thenComparing(r -> r.row().writtenAt()))
        .toList();
    List<Recorded> recorded = whole.stream().map(ForensicsJournal.StoredRow::recorded).toList();
    assertEquals(ChainAudit.audit(SIM, recorded), head.breaks(), "breaks");
    assertEquals(ForkAudit.audit(SIM, whole.stream().map(ForensicsJournal.StoredRow::row).toList()), head.forks(),
        "forks");
    assertEquals(recorded.stream().mapToLong(Recorded::seqNr).distinct().count(), head.events(), "events");
    assertEquals(whole.size(), head.rows(), "rows");
    assertEquals(ChainHead.decodeBreaks(SIM, head.encodedBreaks()), head.breaks(), "breaks survive storage");
    assertEquals(ChainHead.decodeForks(SIM, head.encodedForks()), head.forks(), "forks survive storage");
  }

  @Test
  void anIntactChainIsIntactAndItsHeadIsTheLastEvent() {
    List<ForensicsJournal.StoredRow> rows = oneWriter();
    ChainHead head = incrementally(rows);
    assertEquals(ChainHead.Status.INTACT, head.status());
    assertEquals(rows.size(), head.seqNr());
    assertEquals(rows.get(rows.size() - 1).recorded().event().chain(), head.chain());
    assertSameAsWhole(rows, head);
  }

  @Test
  void alteredAndDroppedEventsArrivingOneByOneAreNamedAsTheWholeAuditNamesThem() {
    List<ForensicsJournal.StoredRow> rows = new ArrayList<>(oneWriter());
    SimEvent.Suspended s = (SimEvent.Suspended) rows.get(18).recorded().event();
    rows.set(18, row(19, new SimEvent.Suspended(s.at(), "someone-else", s.reason(), s.chain()), A, 19));
    rows.remove(3);
    ChainHead head = incrementally(rows);
    assertEquals(ChainHead.Status.BROKEN, head.status());
    assertEquals(List.of("DROPPED@4", "ALTERED@19"),
        head.breaks().stream().map(f -> f.kind() + "@" + f.seqNr()).toList());
    assertSameAsWhole(rows, head);
  }

  @Test
  void aHistoryTamperedBeforeTheHeadsReadItIsJudgedAsAWhole() {
    List<ForensicsJournal.StoredRow> rows = new ArrayList<>(oneWriter());
    SimEvent seven = rows.get(6).recorded().event();
    rows.set(6, row(7, rows.get(7).recorded().event(), A, 7));
    rows.set(7, row(8, seven, A, 8));
    rows.remove(3);
    ChainHead head = ChainHead.none(SIM).advance(rows);
    assertEquals(List.of("DROPPED@4", "REORDERED@7", "REORDERED@8"),
        head.breaks().stream().map(f -> f.kind() + "@" + f.seqNr()).toList());
    assertSameAsWhole(rows, head);
    List<ForensicsJournal.StoredRow> more = new ArrayList<>(rows);
    List<SimEvent> events = events();
    SimEvent next = EventChain.seal(events.get(events.size() - 1).chain(), List.of(events.get(1))).get(0);
    more.add(row(events.size() + 1, next, A, 100));
    ChainHead later = head.advance(more.stream().filter(r -> r.row().seqNr() >= head.from()).toList());
    assertEquals(head.breaks(), later.breaks(), "an event that follows the head adds nothing");
    assertEquals(events.size() + 1, later.seqNr());
    assertSameAsWhole(more, later);
  }

  @Test
  void twoWritersStoringTheSameSequenceNumbersAreOneForkOverTheirRange() {
    List<ForensicsJournal.StoredRow> arrivals = new ArrayList<>();
    for (ForensicsJournal.StoredRow r : oneWriter()) {
      arrivals.add(r);
      long seqNr = r.row().seqNr();
      if (seqNr >= 3 && seqNr <= 5) {
        arrivals.add(row(seqNr, r.recorded().event(), B, seqNr * 2 + 100));
      }
    }
    ChainHead head = incrementally(arrivals);
    assertEquals(ChainHead.Status.FORKED, head.status());
    assertEquals(List.of("3-5"), head.forks().stream().map(ForkAudit.Fork::seqNrs).toList());
    assertSameAsWhole(arrivals, head);
  }

  @Test
  void aWriterThatWritesAgainAfterAnotherTookOverIsAForkAlsoWhenTheHeadHadMovedOn() {
    List<ForensicsJournal.StoredRow> rows = new ArrayList<>();
    List<SimEvent> events = events();
    for (int i = 0; i < 12; i++) {
      rows.add(row(i + 1, events.get(i), i < 3 || i >= 8 ? A : B, i + 1));
    }
    ChainHead head = incrementally(rows);
    assertEquals(ChainHead.Status.FORKED, head.status());
    assertEquals("two writers interleaved: " + A + " wrote again at 9 after " + B + " wrote 8",
        head.forks().get(0).detail());
    assertSameAsWhole(rows, head);
  }
}
