package io.simwarden.core.decision;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.simwarden.core.event.RejectReason;
import io.simwarden.core.id.IpAddress;
import io.simwarden.core.traffic.Direction;
import io.simwarden.core.traffic.EndpointUsage;
import io.simwarden.core.traffic.Flow;
import io.simwarden.core.traffic.Protocol;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BlockedFlowsTest {

  @Test
  void groupsByReasonAndRuleInOrderOfFirstRefusal() {
    Flow telnet = flow(1, Protocol.TCP, 23, 60);
    Flow dns = flow(2, Protocol.UDP, 53, 80);
    BlockedFlows head = BlockedFlows.add(null, RejectReason.FIREWALL, "deny-telnet", telnet);
    head = BlockedFlows.add(head, RejectReason.PRIVATE_NETWORK, "private-network", dns);
    head = BlockedFlows.add(head, RejectReason.FIREWALL, "deny-telnet", telnet);

    assertEquals("deny-telnet", head.ruleId);
    assertEquals(2, head.flows);
    assertEquals(120, head.bytes);
    assertEquals(List.of(new EndpointUsage(telnet.remote(), Protocol.TCP, 23, 2, 120)), head.endpoints(8));
    assertEquals(RejectReason.PRIVATE_NETWORK, head.next.reason);
    assertEquals(List.of(new EndpointUsage(dns.remote(), Protocol.UDP, 53, 1, 80)), head.next.endpoints(8));
    assertEquals(null, head.next.next);
  }

  /**
   * Scanning-bot-sized reports (up to 600 flows over up to 300 endpoints, many with equal bytes) against the plain
   * way: a map in order of first appearance, stably sorted by bytes, cut at {@code max}.
   */
  @Test
  void busiestEndpointsAreThoseOfAStableSortByBytes() {
    Random random = new Random(7);
    for (int report = 0; report < 2_000; report++) {
      int distinct = 1 + random.nextInt(random.nextBoolean() ? 6 : 300);
      int flows = 1 + random.nextInt(2 * distinct);
      int max = 1 + random.nextInt(random.nextBoolean() ? 8 : 400);
      BlockedFlows group = null;
      Map<List<Object>, long[]> plain = new LinkedHashMap<>();
      long bytes = 0;
      for (int i = 0; i < flows; i++) {
        int e = random.nextInt(distinct);
        // Same remote on two protocols and two ports, so every part of the endpoint has to be compared.
        Flow f = flow(e / 4, e % 2 == 0 ? Protocol.TCP : Protocol.UDP, 23 + (e % 4) / 2,
            40L * (1 + random.nextInt(3)));
        group = BlockedFlows.add(group, RejectReason.FIREWALL, "deny", f);
        long[] counts = plain.computeIfAbsent(List.of(f.remote(), f.protocol(), f.port()), k -> new long[2]);
        counts[0]++;
        counts[1] += f.bytes();
        bytes += f.bytes();
      }
      List<EndpointUsage> expected = new ArrayList<>();
      plain.forEach((k, c) -> expected.add(new EndpointUsage((IpAddress) k.get(0), (Protocol) k.get(1),
          (Integer) k.get(2), c[0], c[1])));
      expected.sort((a, b) -> Long.compare(b.bytes(), a.bytes()));
      int n = report;
      assertEquals(expected.subList(0, Math.min(max, expected.size())), group.endpoints(max),
          () -> "report " + n + ": " + flows + " flows to " + distinct + " endpoints, max " + max);
      assertEquals(flows, group.flows);
      assertEquals(bytes, group.bytes);
    }
  }

  private static Flow flow(int host, Protocol protocol, int port, long bytes) {
    return new Flow(IpAddress.of("203.0." + (host / 250) + "." + (1 + host % 250)), protocol, port,
        Direction.UPLINK, bytes, 1, false);
  }
}
