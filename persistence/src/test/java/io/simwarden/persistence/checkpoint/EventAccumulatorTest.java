package io.simwarden.persistence.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Merkle Mountain Range of a SIM's events: its root is the RFC 6962 root of the same events, at every size. */
class EventAccumulatorTest {

  private static String chain(long seqNr) {
    return String.format("%064x", seqNr * 0x9E3779B97F4A7C15L);
  }

  @Test
  void theBaggedPeaksAreTheTreeRootAfterEveryAppend() {
    EventAccumulator acc = EventAccumulator.EMPTY;
    List<byte[]> leaves = new ArrayList<>();
    assertArrayEquals(MerkleTree.root(leaves), acc.root());
    for (long seq = 1; seq <= 300; seq++) {
      acc = acc.append(seq, chain(seq));
      leaves.add(EventAccumulator.eventLeafHash(seq, chain(seq)));
      assertEquals(seq, acc.size());
      assertEquals(Long.bitCount(seq), acc.peaks().size(), "one peak per set bit of " + seq);
      assertArrayEquals(MerkleTree.root(leaves), acc.root(), "after " + seq + " events");
    }
  }

  @Test
  void storedPeaksGiveTheSameAccumulator() {
    EventAccumulator acc = EventAccumulator.EMPTY;
    for (long seq = 1; seq <= 11; seq++) {
      acc = acc.append(seq, chain(seq));
    }
    EventAccumulator stored = EventAccumulator.decode(acc.size(), acc.encodedPeaks());
    assertArrayEquals(acc.root(), stored.root());
    assertArrayEquals(acc.append(12, chain(12)).root(), stored.append(12, chain(12)).root());
  }

  @Test
  void anEventsLeafBindsItsSequenceNumberAndChain() {
    assertEquals(false, java.util.Arrays.equals(EventAccumulator.eventLeafHash(1, chain(1)),
        EventAccumulator.eventLeafHash(2, chain(1))));
    assertEquals(false, java.util.Arrays.equals(EventAccumulator.eventLeafHash(1, chain(1)),
        EventAccumulator.eventLeafHash(1, chain(2))));
  }
}
