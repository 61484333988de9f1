package io.simwarden.core.detect;

import io.simwarden.core.id.IpAddress;
import java.util.Arrays;

/**
 * The detectors' working memory for one SIM: what the open usage window has shown so far beyond the
 * usage counters, and which kinds already fired in it. Mutable, owned by one entity next to its
 * {@code UsageAccumulator}, and never journaled: it is derived from the requests of the window, and a
 * fresh one after a restart only means a detector may fire once more in that window.
 *
 * <p>Keyed by the start of the usage window: the first use in another window starts afresh. Updating it
 * allocates nothing; its tables are allocated the first time a mature SIM reports traffic.
 */
public final class WindowWatch {

  private static final long NO_WINDOW = Long.MIN_VALUE;
  /** Bits of the linear-counting bitmap that estimates distinct new endpoints. */
  static final int NOVEL_BITS = 1024;
  /** Destinations tracked per report to find the one receiving the most packets (space-saving). */
  static final int TARGETS = 8;

  private long windowStart = NO_WINDOW;
  /** Kinds fired in this window (bit {@code 1 << kind.ordinal()}). */
  int fired;
  /** Uplink flows refused by the firewall or the private network. */
  long blockedUplinkFlows;
  /** Uplink bytes in bulk packets offered to destinations outside the learned prefixes. */
  long bulkNewBytes;
  /** Bytes carried in small packets to destinations outside the learned prefixes (floods, probes). */
  long smallNewCarriedBytes;
  /** Packets of each report's dominant destination, when it dominated its report. */
  long floodPackets;
  /** The same, when that destination was never seen and its packets were small. */
  long newTargetPackets;
  /** Uplink flows to new endpoints on ports IoT botnets scan. */
  long scanPortProbes;
  /** Call attempts, carried or refused, to premium-rate or IRSF classes the SIM never called. */
  int tollFraudCalls;
  /** Those classes (bit per {@code CallDestination} ordinal). */
  int tollFraudClasses;
  private long[] novel;
  private int novelSet;

  // the report being evaluated
  long reportUplinkPackets;
  int reportTopBulkFlow;
  long reportTopBulkBytes;
  private long[] targetHi;
  private long[] targetLo;
  private boolean[] targetV6;
  private long[] targetWeight;
  long[] targetPackets;
  long[] targetBytes;
  /** Flows to the destination on endpoints never seen (unknown address or port). */
  int[] targetNovelFlows;
  int[] targetFirstFlow;
  int targets;

  /** Continues the window starting at {@code start}, or starts afresh if it is another window. */
  void enter(long start) {
    if (start == windowStart) {
      return;
    }
    windowStart = start;
    fired = 0;
    blockedUplinkFlows = bulkNewBytes = smallNewCarriedBytes = floodPackets = newTargetPackets = 0;
    scanPortProbes = 0;
    tollFraudCalls = tollFraudClasses = 0;
    if (novel != null) {
      Arrays.fill(novel, 0);
    }
    novelSet = 0;
  }

  void startReport() {
    reportUplinkPackets = reportTopBulkBytes = 0;
    reportTopBulkFlow = -1;
    targets = 0;
    if (targetHi == null) {
      targetHi = new long[TARGETS];
      targetLo = new long[TARGETS];
      targetV6 = new boolean[TARGETS];
      targetWeight = new long[TARGETS];
      targetPackets = new long[TARGETS];
      targetBytes = new long[TARGETS];
      targetNovelFlows = new int[TARGETS];
      targetFirstFlow = new int[TARGETS];
    }
  }

  boolean hasFired(AnomalyKind kind) {
    return (fired & 1 << kind.ordinal()) != 0;
  }

  void markFired(AnomalyKind kind) {
    fired |= 1 << kind.ordinal();
  }

  /**
   * Counts a flow of the report toward its destination. Slots are ranked by packets plus flows; when all
   * are taken, the lowest-ranked destination gives its slot up and the newcomer inherits its rank
   * (space-saving), so a destination that dominates the report by packets or by flows keeps its slot.
   * Packets, bytes and new-endpoint flows count only since the destination got its slot.
   */
  void addTarget(IpAddress remote, long packets, long bytes, boolean novel, int flowIndex) {
    long hi = remote.hi();
    long lo = remote.lo();
    boolean v6 = remote.v6();
    for (int i = 0; i < targets; i++) {
      if (targetLo[i] == lo && targetHi[i] == hi && targetV6[i] == v6) {
        targetWeight[i] += packets + 1;
        targetPackets[i] += packets;
        targetBytes[i] += bytes;
        targetNovelFlows[i] += novel ? 1 : 0;
        return;
      }
    }
    int slot;
    long inherited = 0;
    if (targets < TARGETS) {
      slot = targets++;
    } else {
      slot = 0;
      for (int i = 1; i < TARGETS; i++) {
        if (targetWeight[i] < targetWeight[slot]) {
          slot = i;
        }
      }
      inherited = targetWeight[slot];
    }
    targetHi[slot] = hi;
    targetLo[slot] = lo;
    targetV6[slot] = v6;
    targetWeight[slot] = inherited + packets + 1;
    targetPackets[slot] = packets;
    targetBytes[slot] = bytes;
    targetNovelFlows[slot] = novel ? 1 : 0;
    targetFirstFlow[slot] = flowIndex;
  }

  /** The slot of the destination with the most new-endpoint flows in this report, or -1. */
  int widestTarget() {
    int widest = -1;
    for (int i = 0; i < targets; i++) {
      if (widest < 0 || targetNovelFlows[i] > targetNovelFlows[widest]) {
        widest = i;
      }
    }
    return widest;
  }

  /** Records an endpoint by its 64-bit hash in the distinct-endpoint bitmap. */
  void addNovel(long hash) {
    if (novel == null) {
      novel = new long[NOVEL_BITS / 64];
    }
    int bit = (int) (hash >>> 54);
    long mask = 1L << bit;
    if ((novel[bit >>> 6] & mask) == 0) {
      novel[bit >>> 6] |= mask;
      novelSet++;
    }
  }

  /** Linear-counting estimate of the distinct new endpoints recorded in this window. */
  double novelEndpoints() {
    int empty = NOVEL_BITS - novelSet;
    return empty == 0 ? NOVEL_BITS * Math.log(NOVEL_BITS) : -NOVEL_BITS * Math.log((double) empty / NOVEL_BITS);
  }
}
