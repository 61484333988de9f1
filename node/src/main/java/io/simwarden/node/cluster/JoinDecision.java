package io.simwarden.node.cluster;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a node that is not yet a member does after one round of asking the contact points (every node's management
 * endpoint) for their members - the rules of Pekko's Cluster Bootstrap with {@code contact-with-all-contact-points}:
 *
 * <ul>
 *   <li>some contact point answered with members: join those (never this node's own address, so that a restarted
 *       node cannot join its former self);
 *   <li>every contact point answered, none with members, for the stable margin, and this node's contact point is the
 *       lowest: form a new cluster (when allowed);
 *   <li>anything else: ask again. A contact point that does not answer is never taken for one without members, so a
 *       node restarted alone while the others are busy keeps asking instead of forming a second cluster.
 * </ul>
 */
public sealed interface JoinDecision {
  /** Join the cluster of these members (pekko addresses). */
  record Join(List<String> members) implements JoinDecision {}

  /** Form a new cluster: this node joins itself. */
  record Form() implements JoinDecision {}

  /** Ask the contact points again. */
  record Wait(String why) implements JoinDecision {}

  /**
   * @param self          this node's contact point, {@code host:port}
   * @param selfAddress   this node's pekko address, excluded from the members to join
   * @param contactPoints every node's contact point, this node's included
   * @param answers       the members each contact point that answered this round reported (Up or WeaklyUp and
   *                      reachable); contact points that did not answer are absent
   * @param quietFor      how long every contact point has answered with no members, in a row (0 when not now)
   * @param stableMargin  how long that must last before a new cluster forms
   * @param newCluster    whether this node may form a new cluster at all
   */
  static JoinDecision decide(String self, String selfAddress, List<String> contactPoints,
      Map<String, Set<String>> answers, java.time.Duration quietFor, java.time.Duration stableMargin,
      boolean newCluster) {
    Set<String> members = new TreeSet<>();
    answers.values().forEach(members::addAll);
    members.remove(selfAddress);
    if (!members.isEmpty()) {
      return new Join(new ArrayList<>(members));
    }
    List<String> silent = contactPoints.stream().filter(cp -> !answers.containsKey(cp)).toList();
    if (!silent.isEmpty()) {
      return new Wait("no answer from " + String.join(", ", silent) + "; never forming a cluster without them");
    }
    String lowest = contactPoints.stream().min(Comparator.comparing(JoinDecision::host)
        .thenComparingInt(JoinDecision::port)).orElseThrow();
    if (!lowest.equals(self)) {
      return new Wait("no cluster yet; " + lowest + " (the lowest contact point) forms it");
    }
    if (!newCluster) {
      return new Wait("no cluster yet and new-cluster-enabled = off");
    }
    if (quietFor.compareTo(stableMargin) < 0) {
      return new Wait("no cluster yet; forming one when that holds for " + stableMargin.toSeconds() + " s");
    }
    return new Form();
  }

  private static String host(String contactPoint) {
    return contactPoint.substring(0, contactPoint.lastIndexOf(':'));
  }

  private static int port(String contactPoint) {
    return Integer.parseInt(contactPoint.substring(contactPoint.lastIndexOf(':') + 1));
  }
}
