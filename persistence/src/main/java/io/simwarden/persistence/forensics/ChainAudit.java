package io.simwarden.persistence.forensics;

import io.simwarden.core.event.EventChain;
import io.simwarden.core.event.SimEvent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Checks one SIM's stored events against the tamper-evidence chain ({@link EventChain}) and names every
 * break by sequence number.
 *
 * <p>Each event's chain value is SHA-256 over its predecessor's chain value and its own content, so an
 * event names its true predecessor. An event whose stored predecessor does not produce its chain value is
 * <ul>
 *   <li>{@link Kind#DROPPED} when sequence numbers are missing before it (reported once per missing
 *       number);</li>
 *   <li>{@link Kind#REORDERED} when another stored event is its true predecessor: its true position
 *       follows from there (so a swap of two events names both, and nothing after them);</li>
 *   <li>{@link Kind#ALTERED} when no stored event is: its content or chain value was changed.</li>
 * </ul>
 * Dropping the very last events of a SIM leaves no trace in the chain itself: the SIM's live state (its
 * last chain value) or a snapshot is needed to see that.
 */
public final class ChainAudit {

  public enum Kind { ALTERED, DROPPED, REORDERED }

  /** One break of SIM {@code imsi}'s chain at sequence number {@code seqNr}. */
  public record Finding(String imsi, long seqNr, Kind kind, String detail) {}

  private ChainAudit() {}

  /** The breaks in {@code stored}: one SIM's events in stored sequence-number order. */
  public static List<Finding> audit(String imsi, List<Recorded> stored) {
    return audit(imsi, stored, 1, EventChain.GENESIS);
  }

  /**
   * The breaks in {@code stored}, a part of one SIM's history in stored sequence-number order that should start
   * at sequence number {@code first} and continue the chain value {@code anchor} (that of event {@code first - 1},
   * {@link EventChain#GENESIS} for {@code first = 1}): what a continuous check ({@link ChainHead}) reads after the
   * part it checked before. {@code audit(imsi, stored, 1, GENESIS)} is the whole history's audit. A {@code null}
   * anchor (event {@code first - 1} is not stored) checks the events at {@code first} as if they followed a gap.
   */
  public static List<Finding> audit(String imsi, List<Recorded> stored, long first, String anchor) {
    int n = stored.size();
    int[] predecessor = new int[n];
    boolean[] gapBefore = new boolean[n];
    List<Finding> findings = new ArrayList<>();
    long expected = first;
    for (int i = 0; i < n; i++) {
      Recorded r = stored.get(i);
      for (long missing = expected; missing < r.seqNr(); missing++) {
        findings.add(new Finding(imsi, missing, Kind.DROPPED, "no event stored at this sequence number"));
      }
      gapBefore[i] = r.seqNr() > expected || (anchor == null && r.seqNr() == first);
      expected = r.seqNr() + 1;
      predecessor[i] = predecessor(stored, i, gapBefore[i], anchor);
    }
    long[] position = new long[n];
    for (int i = 0; i < n; i++) {
      Recorded r = stored.get(i);
      if (predecessor[i] == NONE) {
        if (!gapBefore[i]) {
          findings.add(new Finding(imsi, r.seqNr(), Kind.ALTERED, EventNarrative.what(r.event())
              + ": content or chain value changed (it follows neither sequence number " + (r.seqNr() - 1)
              + " nor any other stored event)"));
        }
      } else if (truePosition(stored, predecessor, position, i, first) != r.seqNr()) {
        findings.add(new Finding(imsi, r.seqNr(), Kind.REORDERED, EventNarrative.what(r.event())
            + " belongs at sequence number " + position[i]));
      }
    }
    findings.sort(Comparator.comparingLong(Finding::seqNr));
    return findings;
  }

  private static final int GENESIS = -1;
  private static final int NONE = -2;

  /** The index of the stored event that {@code stored[i]} follows, {@link #GENESIS} (the anchor) or {@link #NONE}. */
  private static int predecessor(List<Recorded> stored, int i, boolean gapBefore, String anchor) {
    SimEvent event = stored.get(i).event();
    if (i > 0 && !gapBefore && EventChain.verifies(stored.get(i - 1).event().chain(), event)) {
      return i - 1;
    }
    if (anchor != null && EventChain.verifies(anchor, event)) {
      return GENESIS;
    }
    for (int j = 0; j < stored.size(); j++) {
      if (j != i && EventChain.verifies(stored.get(j).event().chain(), event)) {
        return j;
      }
    }
    return NONE;
  }

  /**
   * Where the chain puts {@code stored[i]}: one after its predecessor's true position; an event without a
   * stored predecessor (after a gap, or altered) anchors the count at its own sequence number.
   */
  private static long truePosition(List<Recorded> stored, int[] predecessor, long[] position, int i, long first) {
    if (position[i] == 0) {
      int p = predecessor[i];
      position[i] = p == GENESIS ? first : p == NONE ? stored.get(i).seqNr()
          : truePosition(stored, predecessor, position, p, first) + 1;
    }
    return position[i];
  }
}
