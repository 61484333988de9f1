package io.simwarden.node.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.ClusterEvent.CurrentClusterState;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether this node may write to the journal now, as far as the membership it sees goes: not while it is on the
 * side of a partition that the split-brain resolver's keep-majority will down, and not once it is downed.
 *
 * <p>A node cut off from the others (a network partition, the others killed, or itself resumed after a standstill)
 * sees them unreachable as soon as its failure detector does, at about the time they see it unreachable. The
 * resolver downs the minority only {@code stable-after} later, and the majority starts the minority's SIMs a
 * {@code down-removal-margin} after that. Holding writes from the moment this node sees itself in the minority
 * makes it stop writing a whole {@code stable-after + down-removal-margin} before its SIMs start elsewhere, instead
 * of relying on the resolver's shutdown of the minority racing the margin. The rule is keep-majority's own (the
 * members of {@code role} that are not joining, weakly up, down or exiting; a tie keeps the side of the member
 * with the lowest address), so it never holds where the resolver keeps the node. When reachability comes back
 * (a short partition), writes go on.
 */
public final class MinorityFence implements BooleanSupplier {
  private static final Logger log = LoggerFactory.getLogger(MinorityFence.class);

  /** One member of the cluster as the fence counts it, in the cluster's member order (lowest address first). */
  record Seen(boolean counted, boolean unreachable) {}

  private final Cluster cluster;
  private final String role;
  private volatile CurrentClusterState lastState;
  private volatile boolean lastAllowed = true;

  public MinorityFence(ActorSystem<?> system, String role) {
    this.cluster = Cluster.get(system);
    this.role = role;
  }

  /** True when SIM entities may write: this node is up (or still joining) and not in the minority. */
  @Override
  public boolean getAsBoolean() {
    CurrentClusterState state = cluster.state();
    if (state == lastState) {
      return lastAllowed;
    }
    Member self = cluster.selfMember();
    boolean allowed = !isDowned(self.status()) && !inMinority(seen(state, self));
    if (allowed != lastAllowed) {
      if (allowed) {
        log.info("This node sees a majority of the '{}' members again: SIM writes go on", role);
      } else {
        log.warn("This node is downed or sees only a minority of the '{}' members (unreachable: {}): SIM writes are "
            + "held until the split-brain resolver has decided", role, state.getUnreachable());
      }
    }
    lastAllowed = allowed;
    lastState = state;
    return allowed;
  }

  private List<Seen> seen(CurrentClusterState state, Member self) {
    List<Seen> all = new ArrayList<>();
    for (Member m : state.getMembers()) {
      if (m.hasRole(role) && m.dataCenter().equals(self.dataCenter())) {
        all.add(new Seen(counted(m.status()), state.getUnreachable().contains(m)));
      }
    }
    return all;
  }

  private static boolean counted(MemberStatus s) {
    return !(s.equals(MemberStatus.joining()) || s.equals(MemberStatus.weaklyUp()) || isDowned(s)
        || s.equals(MemberStatus.exiting()));
  }

  private static boolean isDowned(MemberStatus s) {
    return s.equals(MemberStatus.down()) || s.equals(MemberStatus.removed());
  }

  /**
   * Keep-majority's view of this side: more counted members unreachable than reachable, or as many and the lowest
   * counted member (the first) among the unreachable. No counted member at all is no minority (a node starting).
   */
  static boolean inMinority(List<Seen> members) {
    List<Seen> counted = members.stream().filter(Seen::counted).toList();
    if (counted.isEmpty()) {
      return false;
    }
    long unreachable = counted.stream().filter(Seen::unreachable).count();
    if (unreachable * 2 == counted.size()) {
      return counted.get(0).unreachable();
    }
    return unreachable * 2 > counted.size();
  }
}
