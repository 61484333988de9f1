package io.simwarden.core.policy;

import io.simwarden.core.ValidationException;
import io.simwarden.core.id.Cidr;
import io.simwarden.core.id.IpAddress;
import java.util.List;

/**
 * A private network the SIM's traffic is confined to: only the listed ranges are reachable unless
 * internet breakout is allowed.
 *
 * @param enabled          whether the SIM is on a private network at all
 * @param ranges           the address ranges that make up the private network
 * @param internetBreakout whether traffic to addresses outside {@code ranges} is carried
 */
public record PrivateNetwork(boolean enabled, List<Cidr> ranges, boolean internetBreakout) {

  public static final PrivateNetwork NONE = new PrivateNetwork(false, List.of(), true);

  public PrivateNetwork {
    ranges = ranges == null ? List.of() : List.copyOf(ranges);
    if (enabled && ranges.isEmpty()) {
      throw new ValidationException("privateNetwork.ranges", "a private network needs at least one CIDR range");
    }
  }

  /** Whether {@code remote} is inside the private network. Allocates nothing. */
  public boolean contains(IpAddress remote) {
    for (int i = 0, n = ranges.size(); i < n; i++) {
      if (ranges.get(i).contains(remote)) {
        return true;
      }
    }
    return false;
  }

  /** Whether a flow to {@code remote} leaves the private network (always true without one). */
  public boolean leaves(IpAddress remote) {
    return !enabled || !contains(remote);
  }
}
