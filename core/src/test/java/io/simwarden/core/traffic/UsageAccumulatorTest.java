package io.simwarden.core.traffic;

import static io.simwarden.core.traffic.Allocations.assertAllocatesNothing;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simwarden.core.event.SimEvent.UsageRecorded;
import io.simwarden.core.id.IpAddress;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UsageAccumulatorTest {

  private static final long HOUR = 3_600_000L;
  private static final long T = Instant.parse("2024-03-10T10:17:00Z").toEpochMilli();
  private static final long HOUR_START = Instant.parse("2024-03-10T10:00:00Z").toEpochMilli();

  private static Flow flow(String remote, Protocol protocol, int port, Direction direction, long bytes, long packets) {
    return new Flow(IpAddress.of(remote), protocol, port, direction, bytes, packets, true);
  }

  @ParameterizedTest
  @ValueSource(longs = {0, -HOUR, 7_000_000, 86_400_001, 172_800_000})
  void windowThatDoesNotDivideTheDayIsRejected(long windowMillis) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new UsageAccumulator(windowMillis, 4));
    assertEquals("usage window must divide 24h evenly, got " + windowMillis + " ms", e.getMessage());
  }

  @Test
  void windowsAreAlignedToMultiplesOfTheirLength() {
    long[] lengths = {1, 60_000, 900_000, HOUR, 6 * HOUR, 86_400_000};
    Random random = new Random(11);
    for (long length : lengths) {
      UsageAccumulator window = new UsageAccumulator(length, 1);
      for (int i = 0; i < 5_000; i++) {
        long at = random.nextLong() % 4_000_000_000_000L;
        long start = window.windowOf(at);
        assertEquals(0, Math.floorMod(start, length), () -> "start of " + at);
        assertTrue(start <= at && at < start + length, () -> at + " outside [" + start + ", +" + length + ")");
      }
    }
  }

  @Test
  void windowArithmeticDoesNotOverflowAtTheEndsOfTime() {
    UsageAccumulator window = new UsageAccumulator(HOUR, 1);
    assertTrue(window.windowOf(Long.MIN_VALUE) > Long.MIN_VALUE, "no start wraps to the closed marker");
    assertTrue(window.windowOf(Long.MIN_VALUE) <= Long.MIN_VALUE + HOUR);
    assertEquals(Long.MAX_VALUE - Math.floorMod(Long.MAX_VALUE, HOUR), window.windowOf(Long.MAX_VALUE));
    window.openAt(Long.MAX_VALUE);
    assertEquals(Long.MAX_VALUE, window.windowEnd(), "the end saturates");
    assertFalse(window.closesAt(Long.MAX_VALUE));
  }

  @Test
  void openAtOpensTheWindowContainingTheTimeAndKeepsIt() {
    UsageAccumulator window = new UsageAccumulator(HOUR, 4);
    assertFalse(window.isOpen());
    assertFalse(window.closesAt(T));
    window.openAt(T);
    assertTrue(window.isOpen());
    assertEquals(HOUR_START, window.windowStart());
    assertEquals(HOUR_START + HOUR, window.windowEnd());
    window.openAt(T + 2 * HOUR);
    assertEquals(HOUR_START, window.windowStart());
  }

  @Test
  void onlyAnEventInAnotherWindowClosesTheOpenOne() {
    UsageAccumulator window = new UsageAccumulator(HOUR, 4);
    window.openAt(T);
    assertFalse(window.closesAt(HOUR_START));
    assertFalse(window.closesAt(HOUR_START + HOUR - 1));
    assertTrue(window.closesAt(HOUR_START + HOUR));
  }

  @Test
  void completeWindowClosesAtItsEndWithItsTotalsAndResets() {
    UsageAccumulator window = new UsageAccumulator(HOUR, 4);
    window.openAt(T);
    window.addFlow(flow("203.0.113.7", Protocol.TCP, 443, Direction.UPLINK, 1_000, 10));
    window.addFlow(flow("203.0.113.7", Protocol.TCP, 443, Direction.DOWNLINK, 3_000, 12));
    window.addSmsMo();
    window.addSmsMt();
    window.addSmsMt();
    window.addAttach();
    window.addDetach();
    window.markThrottled();
    assertEquals(4_000, window.bytes());
    assertEquals(3, window.sms());
    assertEquals(1, window.attaches());

    UsageRecorded closed = window.close(false, 0);
    assertEquals(new UsageRecorded(Instant.ofEpochMilli(HOUR_START + HOUR), Instant.ofEpochMilli(HOUR_START), false,
        1_000, 3_000, 22, 2, 1, 2, 1, 1, true,
        List.of(new EndpointUsage(IpAddress.of("203.0.113.7"), Protocol.TCP, 443, 2, 4_000)), 0, null), closed);

    assertFalse(window.isOpen());
    window.openAt(T + HOUR);
    UsageRecorded next = window.close(true, T + HOUR + 5);
    assertEquals(new UsageRecorded(Instant.ofEpochMilli(T + HOUR + 5), Instant.ofEpochMilli(HOUR_START + HOUR), true,
        0, 0, 0, 0, 0, 0, 0, 0, false, List.of(), 0, null), next);
  }

  @Test
  void endpointsDifferingInVersionProtocolOrPortAreKeptApart() {
    UsageAccumulator window = new UsageAccumulator(HOUR, 8);
    window.openAt(T);
    window.addFlow(flow("0.0.0.1", Protocol.UDP, 53, Direction.UPLINK, 10, 1));
    window.addFlow(flow("::1", Protocol.UDP, 53, Direction.UPLINK, 20, 1));
    window.addFlow(flow("0.0.0.1", Protocol.TCP, 53, Direction.UPLINK, 30, 1));
    window.addFlow(flow("0.0.0.1", Protocol.UDP, 54, Direction.UPLINK, 40, 1));
    window.addFlow(flow("2001:db8::1", Protocol.GRE, 0, Direction.DOWNLINK, 50, 1));
    assertEquals(List.of(
        new EndpointUsage(IpAddress.of("2001:db8::1"), Protocol.GRE, 0, 1, 50),
        new EndpointUsage(IpAddress.of("0.0.0.1"), Protocol.UDP, 54, 1, 40),
        new EndpointUsage(IpAddress.of("0.0.0.1"), Protocol.TCP, 53, 1, 30),
        new EndpointUsage(IpAddress.of("::1"), Protocol.UDP, 53, 1, 20),
        new EndpointUsage(IpAddress.of("0.0.0.1"), Protocol.UDP, 53, 1, 10)), window.close(false, 0).endpoints());
  }

  private static UsageRecorded fiveFlowsToThreeEndpointsWithRoomForTwo() {
    UsageAccumulator window = new UsageAccumulator(HOUR, 2);
    window.openAt(T);
    window.addFlow(flow("198.51.100.1", Protocol.TCP, 443, Direction.UPLINK, 100, 1));
    window.addFlow(flow("198.51.100.2", Protocol.TCP, 443, Direction.UPLINK, 100, 1));
    window.addFlow(flow("198.51.100.3", Protocol.TCP, 443, Direction.UPLINK, 5_000, 1));
    window.addFlow(flow("198.51.100.3", Protocol.TCP, 443, Direction.UPLINK, 5_000, 1));
    window.addFlow(flow("198.51.100.1", Protocol.TCP, 443, Direction.UPLINK, 50, 1));
    return window.close(false, 0);
  }

  @Test
  void endpointsBeyondTheBoundAreCountedAsDroppedFlowsButStillInTheTotals() {
    UsageRecorded closed = fiveFlowsToThreeEndpointsWithRoomForTwo();
    assertEquals(2, closed.endpoints().size());
    assertEquals(5, closed.flows());
    assertEquals(10_250, closed.uplinkBytes());
    assertEquals(5, closed.endpoints().stream().mapToLong(EndpointUsage::flows).sum() + closed.endpointsDropped());
  }

  /**
   * UsageRecorded and docs/security-model.md promise "the busiest distinct remote endpoints" for forensics
   * ("who talked to whom"); a table that keeps the first endpoints seen hides a heavy endpoint that
   * appears after the table filled up, e.g. an exfiltration target after routine traffic.
   */
  @Test
  void usageWindowNamesTheBusiestEndpointEvenWhenItAppearsAfterTheTableFilled() {
    assertEquals(new EndpointUsage(IpAddress.of("198.51.100.3"), Protocol.TCP, 443, 2, 10_000),
        fiveFlowsToThreeEndpointsWithRoomForTwo().endpoints().get(0));
  }

  @Test
  void closedWindowTotalsAreExactAndNamedEndpointsNeverOvercount() {
    Random random = new Random(99);
    for (int round = 0; round < 300; round++) {
      int maxEndpoints = 1 + random.nextInt(6);
      UsageAccumulator window = new UsageAccumulator(HOUR, maxEndpoints);
      window.openAt(T);
      long up = 0;
      long down = 0;
      long packets = 0;
      long sms = 0;
      Map<List<Object>, long[]> perEndpoint = new LinkedHashMap<>();
      int flows = random.nextInt(60);
      for (int i = 0; i < flows; i++) {
        boolean v6 = random.nextBoolean();
        IpAddress remote = v6 ? new IpAddress(0x20010db8L << 32, random.nextInt(4), true)
            : IpAddress.v4(random.nextInt(4));
        Protocol protocol = Protocol.values()[random.nextInt(4)];
        int port = protocol.hasPorts() ? random.nextInt(3) : 0;
        Direction direction = random.nextBoolean() ? Direction.UPLINK : Direction.DOWNLINK;
        long bytes = random.nextInt(100_000);
        long pkts = random.nextInt(100);
        window.addFlow(new Flow(remote, protocol, port, direction, bytes, pkts, random.nextBoolean()));
        if (direction == Direction.UPLINK) {
          up += bytes;
        } else {
          down += bytes;
        }
        packets += pkts;
        long[] c = perEndpoint.computeIfAbsent(List.of(remote, protocol, port), k -> new long[2]);
        c[0]++;
        c[1] += bytes;
        if (random.nextInt(5) == 0) {
          window.addSmsMo();
          sms++;
        }
      }
      Map<List<Object>, EndpointUsage> exact = new LinkedHashMap<>();
      perEndpoint.forEach((k, c) -> exact.put(k,
          new EndpointUsage((IpAddress) k.get(0), (Protocol) k.get(1), (Integer) k.get(2), c[0], c[1])));

      UsageRecorded closed = window.close(false, 0);
      String where = "round " + round;
      assertEquals(up, closed.uplinkBytes(), where);
      assertEquals(down, closed.downlinkBytes(), where);
      assertEquals(up + down, closed.totalBytes(), where);
      assertEquals(packets, closed.packets(), where);
      assertEquals(flows, closed.flows(), where);
      assertEquals(sms, closed.smsMo(), where);
      List<EndpointUsage> named = closed.endpoints();
      assertEquals(Math.min(maxEndpoints, exact.size()), named.size(), where);
      long namedFlows = 0;
      for (int i = 0; i < named.size(); i++) {
        EndpointUsage e = named.get(i);
        // An endpoint that lost its slot and came back is named with what it carried since: never more.
        EndpointUsage truth = exact.get(List.of(e.remote(), e.protocol(), e.port()));
        assertTrue(e.flows() <= truth.flows() && e.bytes() <= truth.bytes(), where + ": " + e + " vs " + truth);
        if (exact.size() <= maxEndpoints) {
          assertEquals(truth, e, where + ": with room for every endpoint the counts are exact");
        }
        assertTrue(i == 0 || named.get(i - 1).bytes() >= e.bytes(), where + ": not sorted by bytes");
        namedFlows += e.flows();
      }
      assertEquals(flows - namedFlows, closed.endpointsDropped(), where);
    }
  }

  @Test
  void addingAFlowAllocatesNothing() {
    UsageAccumulator window = new UsageAccumulator(HOUR, 4);
    window.openAt(T);
    Flow known = flow("2001:db8::7", Protocol.UDP, 5683, Direction.UPLINK, 100, 1);
    Flow overflow = flow("198.51.100.9", Protocol.TCP, 443, Direction.DOWNLINK, 100, 1);
    window.addFlow(known);
    for (int i = 0; i < 4; i++) {
      window.addFlow(flow("192.0.2." + i, Protocol.TCP, 443, Direction.UPLINK, 1, 1));
    }
    assertAllocatesNothing(() -> {
      window.addFlow(known);
      window.addFlow(overflow);
      window.addSmsMo();
      window.addAttach();
    });
  }
}
