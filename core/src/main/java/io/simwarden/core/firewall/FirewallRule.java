package io.simwarden.core.firewall;

import io.simwarden.core.ValidationException;
import io.simwarden.core.id.Cidr;
import io.simwarden.core.id.PortRange;
import io.simwarden.core.traffic.Direction;
import io.simwarden.core.traffic.Protocol;
import java.util.regex.Pattern;

/**
 * One network-firewall rule. Rules are evaluated by ascending {@code priority}; the first match wins.
 *
 * @param id        stable identifier recorded in events when the rule decides a flow
 * @param priority  0 (first) to 1,000,000 (last)
 * @param action    ALLOW or DENY
 * @param direction UPLINK, DOWNLINK or BOTH
 * @param protocol  TCP, UDP, ICMP, GRE or ANY
 * @param remote    remote address range
 * @param ports     remote port range; must be {@code any} for protocols without ports
 */
public record FirewallRule(String id, int priority, RuleAction action, Direction direction, Protocol protocol,
    Cidr remote, PortRange ports) {

  public static final int MAX_PRIORITY = 1_000_000;
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:\\-]{0,63}");

  public FirewallRule {
    if (id == null || !ID.matcher(id).matches()) {
      throw new ValidationException("id", "must be 1-64 characters of letters, digits, '_', '.', ':' or '-' "
          + "starting with a letter or digit; got " + ValidationException.quote(id));
    }
    if (priority < 0 || priority > MAX_PRIORITY) {
      throw new ValidationException("priority", "must be 0-" + MAX_PRIORITY + ", got " + priority);
    }
    if (action == null) {
      throw new ValidationException("action", "required: ALLOW or DENY");
    }
    if (direction == null) {
      direction = Direction.BOTH;
    }
    if (protocol == null) {
      protocol = Protocol.ANY;
    }
    if (remote == null) {
      throw new ValidationException("remote", "required: a CIDR such as 203.0.113.0/24 or 0.0.0.0/0");
    }
    if (ports == null) {
      ports = PortRange.ANY;
    }
    if (!protocol.hasPorts() && protocol != Protocol.ANY && !ports.equals(PortRange.ANY)) {
      throw new ValidationException("ports", protocol + " has no ports; use \"any\"");
    }
  }
}
