package io.simwarden.core.traffic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simwarden.core.ValidationException;
import io.simwarden.core.id.IpAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class FlowTest {

  private static final IpAddress SERVER = IpAddress.of("203.0.113.7");

  private static void rejected(String field, Executable build) {
    assertEquals(field, assertThrows(ValidationException.class, build).field());
  }

  @Test
  void validFlowKeepsItsFields() {
    Flow f = new Flow(SERVER, Protocol.TCP, 443, Direction.DOWNLINK, 1200, 3, true);
    assertEquals(SERVER, f.remote());
    assertEquals(443, f.port());
    assertEquals(1200, f.bytes());
    assertTrue(f.encrypted());
  }

  @Test
  void remoteIsRequired() {
    rejected("remote", () -> new Flow(null, Protocol.TCP, 443, Direction.UPLINK, 1, 1, true));
  }

  @Test
  void protocolMustBeAConcreteOne() {
    rejected("protocol", () -> new Flow(SERVER, null, 443, Direction.UPLINK, 1, 1, true));
    rejected("protocol", () -> new Flow(SERVER, Protocol.ANY, 443, Direction.UPLINK, 1, 1, true));
  }

  @Test
  void directionMustBeUplinkOrDownlink() {
    rejected("direction", () -> new Flow(SERVER, Protocol.TCP, 443, null, 1, 1, true));
    rejected("direction", () -> new Flow(SERVER, Protocol.TCP, 443, Direction.BOTH, 1, 1, true));
  }

  @ParameterizedTest
  @ValueSource(ints = {-1, 65_536})
  void portOutsideTheRangeIsRejected(int port) {
    rejected("port", () -> new Flow(SERVER, Protocol.UDP, port, Direction.UPLINK, 1, 1, true));
  }

  @ParameterizedTest
  @EnumSource(value = Protocol.class, names = {"ICMP", "GRE"})
  void protocolWithoutPortsNeedsPortZero(Protocol protocol) {
    new Flow(SERVER, protocol, 0, Direction.UPLINK, 1, 1, false);
    rejected("port", () -> new Flow(SERVER, protocol, 7, Direction.UPLINK, 1, 1, false));
  }

  @Test
  void negativeCountsAreRejected() {
    rejected("bytes", () -> new Flow(SERVER, Protocol.TCP, 1, Direction.UPLINK, -1, 1, true));
    rejected("packets", () -> new Flow(SERVER, Protocol.TCP, 1, Direction.UPLINK, 1, -1, true));
  }

  @Test
  void ruleWildcardsCoverEveryConcreteValue() {
    for (Direction d : new Direction[] {Direction.UPLINK, Direction.DOWNLINK}) {
      assertTrue(Direction.BOTH.covers(d));
      assertTrue(d.covers(d));
    }
    assertFalse(Direction.UPLINK.covers(Direction.DOWNLINK));
    for (Protocol p : Protocol.values()) {
      assertTrue(Protocol.ANY.covers(p));
    }
    assertFalse(Protocol.TCP.covers(Protocol.UDP));
    assertTrue(Protocol.TCP.hasPorts() && Protocol.UDP.hasPorts());
    assertFalse(Protocol.ICMP.hasPorts() || Protocol.GRE.hasPorts() || Protocol.ANY.hasPorts());
  }
}
