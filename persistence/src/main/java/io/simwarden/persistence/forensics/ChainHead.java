package io.simwarden.persistence.forensics;

import io.simwarden.core.event.EventChain;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What a continuous check of one SIM's tamper-evidence chain knows: the last sequence number it checked, that
 * event's chain value and writer, and every break ({@link ChainAudit}) and fork ({@link ForkAudit}) found so far.
 * {@link #advance} folds in the rows stored from {@link #from()} on, with the same audits {@code forensics verify
 * --full} runs over the whole history: checked in parts, a history gives the findings checked whole gives, as
 * long as each part is read when its rows are in the journal (a row changed after its part was checked is seen
 * by {@code verify --full} only).
 *
 * @param seqNr         the highest sequence number checked (0: none yet)
 * @param chain         the chain value of the (first) row stored at {@code seqNr}
 * @param previousChain the chain value that row follows, {@code null} when no row is stored at {@code seqNr - 1}
 * @param writer        who stored the row at {@code seqNr}
 * @param finished      earlier writers of this SIM, most recent last (at most {@value #WRITERS_KEPT}): a fork is
 *                      also one of them writing again ({@link ForkAudit})
 * @param rowsAtSeqNr   rows stored at {@code seqNr} (more than one: a fork)
 * @param events        distinct sequence numbers checked
 * @param rows          rows checked
 */
public record ChainHead(String imsi, long seqNr, String chain, String previousChain, String writer,
    List<String> finished, int rowsAtSeqNr, long events, long rows, List<ChainAudit.Finding> breaks,
    List<ForkAudit.Fork> forks) {

  /** Earlier writers remembered per SIM: each start, move or recovery of the SIM's actor is a writer. */
  public static final int WRITERS_KEPT = 16;

  /** The verdict on one SIM, as {@code forensics verify} reports it. */
  public enum Status { INTACT, BROKEN, FORKED }

  public ChainHead {
    finished = List.copyOf(finished);
    breaks = List.copyOf(breaks);
    forks = List.copyOf(forks);
  }

  /** A SIM nothing of which was checked yet. */
  public static ChainHead none(String imsi) {
    return new ChainHead(imsi, 0, EventChain.GENESIS, null, null, List.of(), 0, 0, 0, List.of(), List.of());
  }

  /** BROKEN when an event was altered, dropped or reordered; else FORKED when two writers wrote; else INTACT. */
  public Status status() {
    return !breaks.isEmpty() ? Status.BROKEN : !forks.isEmpty() ? Status.FORKED : Status.INTACT;
  }

  /** The first sequence number the next check reads: the head's own rows are read again, to see a late fork. */
  public long from() {
    return Math.max(1, seqNr);
  }

  /**
   * The head after checking {@code stored}: every row the journal stores for this SIM at {@link #from()} and after,
   * in sequence-number order (then write order). Findings already known are not repeated; a fork that grew is
   * reported once over its whole range; a finding is never withdrawn. Events stored out of order while the heads
   * read them are judged with the rows from the head on only: a moved event can be reported ALTERED where the
   * whole history's audit names it REORDERED (a history read whole, as after a rebuild, gives the same findings).
   */
  public ChainHead advance(List<ForensicsJournal.StoredRow> stored) {
    if (stored.isEmpty()) {
      return this;
    }
    List<Recorded> recorded = stored.stream().map(ForensicsJournal.StoredRow::recorded).toList();
    long first = from();
    String anchor = seqNr == 0 ? EventChain.GENESIS : previousChain;
    List<ChainAudit.Finding> allBreaks = new ArrayList<>(breaks);
    for (ChainAudit.Finding f : ChainAudit.audit(imsi, recorded, first, anchor)) {
      if (allBreaks.stream().noneMatch(b -> b.seqNr() == f.seqNr() && b.kind() == f.kind())) {
        allBreaks.add(f);
      }
    }
    allBreaks.sort(Comparator.comparingLong(ChainAudit.Finding::seqNr));
    // The earlier writers go first, as rows before the part read, so that one of them writing again is a fork.
    List<ForkAudit.Row> rowsRead = new ArrayList<>();
    List<String> earlier = finished.stream().filter(w -> !w.equals(writer)).toList();
    for (int i = 0; i < earlier.size(); i++) {
      rowsRead.add(new ForkAudit.Row(first - earlier.size() - 1 + i, earlier.get(i), Instant.EPOCH));
    }
    stored.forEach(r -> rowsRead.add(r.row()));
    List<ForkAudit.Fork> allForks = new ArrayList<>(forks);
    for (ForkAudit.Fork f : ForkAudit.audit(imsi, rowsRead)) {
      merge(allForks, f);
    }
    allForks.sort(Comparator.comparingLong(ForkAudit.Fork::from));

    long last = recorded.get(recorded.size() - 1).seqNr();
    int atLast = (int) recorded.stream().filter(r -> r.seqNr() == last).count();
    long newEvents = recorded.stream().mapToLong(Recorded::seqNr).filter(s -> s > seqNr).distinct().count();
    long atOld = recorded.stream().filter(r -> r.seqNr() == seqNr).count();
    long newRows = recorded.stream().filter(r -> r.seqNr() > seqNr).count() + Math.max(0, atOld - rowsAtSeqNr);
    int head = index(recorded, last);
    String previous = previousChain;
    if (last != seqNr) {
      previous = null;
      for (Recorded r : recorded) {
        if (r.seqNr() == last - 1 && (previous == null
            || EventChain.verifies(r.event().chain(), recorded.get(head).event()))) {
          previous = r.event().chain();
        }
      }
    }
    String lastWriter = stored.get(head).row().writer();
    List<String> writers = new ArrayList<>(finished);
    String current = writer;
    for (ForensicsJournal.StoredRow r : stored) {
      if (recorded.stream().filter(o -> o.seqNr() == r.row().seqNr()).count() > 1) {
        continue; // as ForkAudit: a sequence number with two rows is a fork of its own, not a hand-over
      }
      if (current != null && !current.equals(r.row().writer())) {
        writers.remove(current);
        writers.add(current);
      }
      current = r.row().writer();
    }
    writers.remove(lastWriter);
    while (writers.size() > WRITERS_KEPT) {
      writers.remove(0);
    }
    return new ChainHead(imsi, last, recorded.get(head).event().chain(), previous, lastWriter, writers, atLast,
        events + newEvents,
        rows + newRows, allBreaks, allForks);
  }

  private static int index(List<Recorded> recorded, long seqNr) {
    for (int i = 0; i < recorded.size(); i++) {
      if (recorded.get(i).seqNr() == seqNr) {
        return i;
      }
    }
    throw new IllegalArgumentException("no row at " + seqNr);
  }

  /** Adds {@code fork}, or widens a known fork of the same writers that it overlaps or continues. */
  private static void merge(List<ForkAudit.Fork> forks, ForkAudit.Fork fork) {
    for (int i = 0; i < forks.size(); i++) {
      ForkAudit.Fork known = forks.get(i);
      if (known.writers().equals(fork.writers()) && known.detail().equals(fork.detail())
          && fork.from() <= known.to() + 1 && fork.to() >= known.from() - 1) {
        forks.set(i, new ForkAudit.Fork(known.imsi(), Math.min(known.from(), fork.from()),
            Math.max(known.to(), fork.to()), known.writers(), known.detail()));
        return;
      }
      if (known.equals(fork)) {
        return;
      }
    }
    forks.add(fork);
  }

  /** The breaks as stored in the chain-head table: {@code seqNr|KIND|detail}. */
  public List<String> encodedBreaks() {
    return breaks.stream().map(b -> b.seqNr() + "|" + b.kind() + "|" + b.detail()).toList();
  }

  /** The forks as stored in the chain-head table: {@code from|to|writer,writer|detail}. */
  public List<String> encodedForks() {
    return forks.stream().map(f -> f.from() + "|" + f.to() + "|" + String.join(",", f.writers()) + "|" + f.detail())
        .toList();
  }

  /** The breaks {@link #encodedBreaks} stored. */
  public static List<ChainAudit.Finding> decodeBreaks(String imsi, List<String> encoded) {
    return encoded.stream().map(s -> s.split("\\|", 3)).map(p -> new ChainAudit.Finding(imsi, Long.parseLong(p[0]),
        ChainAudit.Kind.valueOf(p[1]), p[2])).toList();
  }

  /** The forks {@link #encodedForks} stored. */
  public static List<ForkAudit.Fork> decodeForks(String imsi, List<String> encoded) {
    return encoded.stream().map(s -> s.split("\\|", 4)).map(p -> new ForkAudit.Fork(imsi, Long.parseLong(p[0]),
        Long.parseLong(p[1]), List.of(p[2].split(",")), p[3])).toList();
  }
}
