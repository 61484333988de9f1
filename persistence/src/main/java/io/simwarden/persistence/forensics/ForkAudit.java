package io.simwarden.persistence.forensics;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Finds a forked history in one SIM's stored rows: two writers persisting the same SIM at once, as happens when two
 * clusters run on one journal. Every incarnation of a SIM's persistent actor (a start, a move to another node, a
 * recovery after passivation) writes under a {@code writer_uuid} of its own, so a healthy history is a sequence of
 * writers, each taking over after the previous one stopped:
 *
 * <ul>
 *   <li>two or more rows at one sequence number - each writer counted on from its own state - are a fork;
 *       consecutive sequence numbers forked by the same writers are reported as one range;</li>
 *   <li>a writer that writes again after another writer's event is a fork too (two writers interleaved): it was
 *       still running when the other took over. Decided by sequence numbers alone, not by the clocks of the nodes
 *       that stamped the rows.</li>
 * </ul>
 * The writers are in the stored rows only ({@link ForensicsJournal#rows}): the events-by-persistence-id query passes
 * a second row at a sequence number on, but not who wrote it.
 */
public final class ForkAudit {

  /** One stored row: its sequence number, the writer that stored it and when (the row's timeuuid). */
  public record Row(long seqNr, String writer, Instant writtenAt) {}

  /** SIM {@code imsi}'s history forked over sequence numbers {@code from}-{@code to}, by {@code writers}. */
  public record Fork(String imsi, long from, long to, List<String> writers, String detail) {
    public String seqNrs() {
      return from == to ? Long.toString(from) : from + "-" + to;
    }
  }

  private ForkAudit() {}

  /** The forks in {@code rows}: one SIM's stored rows in any order. */
  public static List<Fork> audit(String imsi, List<Row> rows) {
    List<Row> sorted = new ArrayList<>(rows);
    sorted.sort(Comparator.comparingLong(Row::seqNr).thenComparing(Row::writtenAt));
    Map<Long, List<Row>> bySeq = new LinkedHashMap<>();
    sorted.forEach(r -> bySeq.computeIfAbsent(r.seqNr(), s -> new ArrayList<>()).add(r));
    List<Fork> forks = new ArrayList<>();
    Fork open = null;
    for (Map.Entry<Long, List<Row>> e : bySeq.entrySet()) {
      if (e.getValue().size() < 2) {
        continue;
      }
      List<String> writers = writers(e.getValue());
      if (open != null && open.to() == e.getKey() - 1 && open.writers().equals(writers)) {
        open = new Fork(imsi, open.from(), e.getKey(), writers, open.detail());
      } else {
        if (open != null) {
          forks.add(open);
        }
        open = new Fork(imsi, e.getKey(), e.getKey(), writers, "two events at one sequence number");
      }
    }
    if (open != null) {
      forks.add(open);
    }
    List<String> finished = new ArrayList<>();
    Row previous = null;
    for (List<Row> atSeq : bySeq.values()) {
      if (atSeq.size() > 1) {
        continue;
      }
      Row r = atSeq.get(0);
      if (previous != null && !previous.writer().equals(r.writer())) {
        if (finished.contains(r.writer())) {
          forks.add(new Fork(imsi, previous.seqNr(), r.seqNr(), List.of(previous.writer(), r.writer()),
              "two writers interleaved: " + r.writer() + " wrote again at " + r.seqNr() + " after "
                  + previous.writer() + " wrote " + previous.seqNr()));
        }
        finished.add(previous.writer());
      }
      previous = r;
    }
    forks.sort(Comparator.comparingLong(Fork::from));
    return forks;
  }

  private static List<String> writers(List<Row> rows) {
    Set<String> writers = new TreeSet<>();
    rows.forEach(r -> writers.add(r.writer()));
    return List.copyOf(writers);
  }
}
