package io.simwarden.core.firewall;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.simwarden.core.ValidationException;
import io.simwarden.core.id.Cidr;
import io.simwarden.core.id.PortRange;
import io.simwarden.core.traffic.Direction;
import io.simwarden.core.traffic.Protocol;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class FirewallRuleTest {

  private static final Cidr ANYWHERE = Cidr.ANY_V4;

  private static ValidationException rejected(String field, org.junit.jupiter.api.function.Executable build) {
    ValidationException e = assertThrows(ValidationException.class, build);
    assertEquals(field, e.field());
    return e;
  }

  @Test
  void omittedDirectionProtocolAndPortsMatchEverything() {
    FirewallRule r = new FirewallRule("r", 10, RuleAction.DENY, null, null, ANYWHERE, null);
    assertEquals(Direction.BOTH, r.direction());
    assertEquals(Protocol.ANY, r.protocol());
    assertEquals(PortRange.ANY, r.ports());
  }

  @ParameterizedTest
  @ValueSource(strings = {"a", "deny-telnet", "org:acme.rule_7", "9"})
  void acceptableIdsAreKept(String id) {
    assertEquals(id, new FirewallRule(id, 0, RuleAction.ALLOW, null, null, ANYWHERE, null).id());
  }

  @ParameterizedTest
  @NullSource
  @ValueSource(strings = {"", "-x", "has space", "semi;colon", "é"})
  void unacceptableIdsAreRejected(String id) {
    rejected("id", () -> new FirewallRule(id, 0, RuleAction.ALLOW, null, null, ANYWHERE, null));
  }

  @Test
  void idLongerThan64CharactersIsRejected() {
    new FirewallRule("r".repeat(64), 0, RuleAction.ALLOW, null, null, ANYWHERE, null);
    rejected("id", () -> new FirewallRule("r".repeat(65), 0, RuleAction.ALLOW, null, null, ANYWHERE, null));
  }

  @Test
  void priorityMustLieIn0To1000000() {
    new FirewallRule("lo", 0, RuleAction.ALLOW, null, null, ANYWHERE, null);
    new FirewallRule("hi", FirewallRule.MAX_PRIORITY, RuleAction.ALLOW, null, null, ANYWHERE, null);
    assertEquals("must be 0-1000000, got -1",
        rejected("priority", () -> new FirewallRule("r", -1, RuleAction.ALLOW, null, null, ANYWHERE, null)).problem());
    rejected("priority", () -> new FirewallRule("r", 1_000_001, RuleAction.ALLOW, null, null, ANYWHERE, null));
  }

  @Test
  void actionAndRemoteAreRequired() {
    rejected("action", () -> new FirewallRule("r", 1, null, null, null, ANYWHERE, null));
    rejected("remote", () -> new FirewallRule("r", 1, RuleAction.ALLOW, null, null, null, null));
  }

  @ParameterizedTest
  @EnumSource(value = Protocol.class, names = {"ICMP", "GRE"})
  void protocolWithoutPortsRejectsAPortRange(Protocol protocol) {
    ValidationException e = rejected("ports",
        () -> new FirewallRule("r", 1, RuleAction.DENY, null, protocol, ANYWHERE, PortRange.single(80)));
    assertEquals(protocol + " has no ports; use \"any\"", e.problem());
    assertEquals(PortRange.ANY,
        new FirewallRule("r", 1, RuleAction.DENY, null, protocol, ANYWHERE, PortRange.ANY).ports());
  }

  @ParameterizedTest
  @EnumSource(value = Protocol.class, names = {"TCP", "UDP", "ANY"})
  void protocolThatMayHavePortsKeepsItsRange(Protocol protocol) {
    assertEquals(PortRange.of(1000, 2000),
        new FirewallRule("r", 1, RuleAction.DENY, null, protocol, ANYWHERE, PortRange.of(1000, 2000)).ports());
  }
}
