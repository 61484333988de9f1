package io.simwarden.node.cluster;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simwarden.node.cluster.MinorityFence.Seen;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Writes are held exactly where keep-majority downs this node's side (members in address order). */
class MinorityFenceTest {
  private static final Seen UP = new Seen(true, false);
  private static final Seen GONE = new Seen(true, true);

  @Test
  void theSurvivorsOfOneKilledNodeOfThreeWrite() {
    assertFalse(MinorityFence.inMinority(List.of(GONE, UP, UP)));
    assertFalse(MinorityFence.inMinority(List.of(UP, UP, UP)));
  }

  @Test
  void aNodeThatSeesBothOthersUnreachableHoldsWrites() {
    assertTrue(MinorityFence.inMinority(List.of(GONE, UP, GONE)));
    assertTrue(MinorityFence.inMinority(List.of(UP, GONE, GONE)), "even holding the lowest address");
  }

  @Test
  void aTieKeepsTheSideOfTheLowestAddress() {
    assertFalse(MinorityFence.inMinority(List.of(UP, GONE)));
    assertTrue(MinorityFence.inMinority(List.of(GONE, UP)));
    assertTrue(MinorityFence.inMinority(List.of(GONE, UP, GONE, UP)));
  }

  @Test
  void membersThatAreJoiningDownOrExitingDoNotCount() {
    Seen joining = new Seen(false, true);
    // A downed member left unreachable no longer counts: the survivor of a 2-node cluster writes again.
    assertFalse(MinorityFence.inMinority(List.of(joining, UP)));
    assertTrue(MinorityFence.inMinority(List.of(joining, GONE, UP, GONE)));
    assertFalse(MinorityFence.inMinority(List.of(new Seen(false, false))), "a node not yet up");
    assertFalse(MinorityFence.inMinority(List.of()));
  }
}
