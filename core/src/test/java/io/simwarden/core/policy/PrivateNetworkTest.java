package io.simwarden.core.policy;

import static io.simwarden.core.traffic.Allocations.assertAllocatesNothing;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simwarden.core.ValidationException;
import io.simwarden.core.id.Cidr;
import io.simwarden.core.id.IpAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class PrivateNetworkTest {

  private final PrivateNetwork network =
      new PrivateNetwork(true, List.of(Cidr.of("10.20.0.0/16"), Cidr.of("2001:db8:aa::/48")), false);

  @Test
  void addressesInsideAnyRangeAreContained() {
    assertTrue(network.contains(IpAddress.of("10.20.255.1")));
    assertTrue(network.contains(IpAddress.of("2001:db8:aa:1::9")));
    assertFalse(network.contains(IpAddress.of("10.21.0.1")));
    assertFalse(network.contains(IpAddress.of("2001:db8:ab::1")));
  }

  @Test
  void anIpv4MappedAddressIsNotInsideAnIpv4Range() {
    assertFalse(network.contains(IpAddress.of("::ffff:10.20.0.1")));
  }

  @Test
  void flowsLeaveOnlyWhenTheRemoteIsOutside() {
    assertFalse(network.leaves(IpAddress.of("10.20.0.1")));
    assertTrue(network.leaves(IpAddress.of("203.0.113.7")));
  }

  @Test
  void withoutAPrivateNetworkEveryFlowLeaves() {
    PrivateNetwork disabled = new PrivateNetwork(false, List.of(Cidr.of("10.20.0.0/16")), false);
    assertTrue(disabled.leaves(IpAddress.of("10.20.0.1")));
    assertTrue(PrivateNetwork.NONE.leaves(IpAddress.of("10.20.0.1")));
    assertTrue(PrivateNetwork.NONE.internetBreakout());
  }

  @Test
  void enabledNetworkNeedsARange() {
    ValidationException e = assertThrows(ValidationException.class, () -> new PrivateNetwork(true, null, true));
    assertEquals("privateNetwork.ranges", e.field());
  }

  @Test
  void containsAllocatesNothing() {
    IpAddress inside = IpAddress.of("2001:db8:aa::1");
    IpAddress outside = IpAddress.of("198.51.100.1");
    assertAllocatesNothing(() -> {
      network.contains(inside);
      network.leaves(outside);
    });
  }
}
