package io.simwarden.core.decision;

import io.simwarden.core.event.RejectReason;
import io.simwarden.core.traffic.EndpointUsage;
import io.simwarden.core.traffic.Flow;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Refused flows of one report, grouped by reason and rule: a short linked list, because a report has
 * few distinct reasons. Only allocated once a flow is refused, so the compliant path pays nothing.
 */
final class BlockedFlows {
  final RejectReason reason;
  final String ruleId;
  long flows;
  long bytes;
  BlockedFlows next;
  private final Map<EndpointKey, long[]> endpoints = new LinkedHashMap<>();

  private BlockedFlows(RejectReason reason, String ruleId) {
    this.reason = reason;
    this.ruleId = ruleId;
  }

  /** Adds {@code f} to the group for (reason, ruleId) in {@code head}, creating it; returns the head. */
  static BlockedFlows add(BlockedFlows head, RejectReason reason, String ruleId, Flow f) {
    BlockedFlows group = head;
    while (group != null && !(group.reason == reason && group.ruleId.equals(ruleId))) {
      group = group.next;
    }
    BlockedFlows first = head;
    if (group == null) {
      group = new BlockedFlows(reason, ruleId);
      if (head == null) {
        first = group;
      } else {
        BlockedFlows tail = head;
        while (tail.next != null) {
          tail = tail.next;
        }
        tail.next = group;
      }
    }
    group.flows++;
    group.bytes += f.bytes();
    long[] counts = group.endpoints.computeIfAbsent(new EndpointKey(f), k -> new long[2]);
    counts[0]++;
    counts[1] += f.bytes();
    return first;
  }

  /** The busiest {@code max} endpoints, by bytes, then by first appearance. */
  List<EndpointUsage> endpoints(int max) {
    List<EndpointUsage> all = new ArrayList<>(endpoints.size());
    endpoints.forEach((k, c) -> all.add(new EndpointUsage(k.flow.remote(), k.flow.protocol(), k.flow.port(), c[0],
        c[1])));
    all.sort((a, b) -> Long.compare(b.bytes(), a.bytes()));
    return List.copyOf(all.size() > max ? all.subList(0, max) : all);
  }

  private static final class EndpointKey {
    final Flow flow;

    EndpointKey(Flow flow) {
      this.flow = flow;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof EndpointKey k && k.flow.remote().equals(flow.remote())
          && k.flow.protocol() == flow.protocol() && k.flow.port() == flow.port();
    }

    @Override
    public int hashCode() {
      return (flow.remote().hashCode() * 31 + flow.protocol().ordinal()) * 31 + flow.port();
    }
  }
}
