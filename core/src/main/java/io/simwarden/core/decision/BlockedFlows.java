package io.simwarden.core.decision;

import io.simwarden.core.event.RejectReason;
import io.simwarden.core.traffic.EndpointUsage;
import io.simwarden.core.traffic.Flow;
import java.util.Arrays;
import java.util.List;

/**
 * Refused flows of one report, grouped by reason and rule: a short linked list, because a report has
 * few distinct reasons. Only allocated once a flow is refused, so the compliant path pays nothing.
 *
 * <p>Each group counts its distinct endpoints (remote, protocol, port) in arrays in order of first appearance,
 * indexed by a small open-addressing table: a scanning bot refuses hundreds of distinct endpoints per report, and
 * a map entry, key and counter array per endpoint was the largest allocation of the traffic path.
 */
final class BlockedFlows {
  private static final int FIRST_CAPACITY = 4;

  final RejectReason reason;
  final String ruleId;
  long flows;
  long bytes;
  BlockedFlows next;
  /** The first flow to each endpoint (it names the endpoint), and the flows and bytes to it, by first appearance. */
  private Flow[] endpoint = new Flow[FIRST_CAPACITY];
  private long[] endpointFlows = new long[FIRST_CAPACITY];
  private long[] endpointBytes = new long[FIRST_CAPACITY];
  private int endpoints;
  /** Index + 1 of the endpoint in each slot, 0 for an empty slot; a power of two at least twice the endpoints. */
  private int[] slots = new int[2 * FIRST_CAPACITY];

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
    int i = group.indexOf(f);
    group.endpointFlows[i]++;
    group.endpointBytes[i] += f.bytes();
    return first;
  }

  /** The index of {@code f}'s endpoint, added with no flows if new. */
  private int indexOf(Flow f) {
    int mask = slots.length - 1;
    for (int slot = hash(f) & mask; ; slot = (slot + 1) & mask) {
      int held = slots[slot];
      if (held == 0) {
        return append(f, slot);
      }
      Flow e = endpoint[held - 1];
      if (e.port() == f.port() && e.protocol() == f.protocol() && e.remote().equals(f.remote())) {
        return held - 1;
      }
    }
  }

  private int append(Flow f, int slot) {
    int i = endpoints++;
    if (i == endpoint.length) {
      int capacity = 2 * i;
      endpoint = Arrays.copyOf(endpoint, capacity);
      endpointFlows = Arrays.copyOf(endpointFlows, capacity);
      endpointBytes = Arrays.copyOf(endpointBytes, capacity);
    }
    endpoint[i] = f;
    if (2 * endpoints > slots.length) {
      rehash(2 * slots.length);
    } else {
      slots[slot] = i + 1;
    }
    return i;
  }

  private void rehash(int capacity) {
    slots = new int[capacity];
    int mask = capacity - 1;
    for (int i = 0; i < endpoints; i++) {
      int slot = hash(endpoint[i]) & mask;
      while (slots[slot] != 0) {
        slot = (slot + 1) & mask;
      }
      slots[slot] = i + 1;
    }
  }

  private static int hash(Flow f) {
    int h = (f.remote().hashCode() * 31 + f.protocol().ordinal()) * 31 + f.port();
    return h ^ (h >>> 16);
  }

  /** The busiest {@code max} endpoints, by bytes, then by first appearance. */
  List<EndpointUsage> endpoints(int max) {
    // Indices of the busiest so far, busiest first; an endpoint enters only with more bytes than the last kept,
    // since on a tie the earlier one (already kept) goes first.
    int[] top = new int[Math.min(max, endpoints)];
    int kept = 0;
    for (int i = 0; i < endpoints; i++) {
      if (kept == top.length && endpointBytes[i] <= endpointBytes[top[kept - 1]]) {
        continue;
      }
      int at = kept == top.length ? kept - 1 : kept++;
      while (at > 0 && endpointBytes[top[at - 1]] < endpointBytes[i]) {
        top[at] = top[at - 1];
        at--;
      }
      top[at] = i;
    }
    EndpointUsage[] busiest = new EndpointUsage[kept];
    for (int k = 0; k < kept; k++) {
      Flow e = endpoint[top[k]];
      busiest[k] = new EndpointUsage(e.remote(), e.protocol(), e.port(), endpointFlows[top[k]],
          endpointBytes[top[k]]);
    }
    return List.of(busiest);
  }
}
