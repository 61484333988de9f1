package io.simwarden.core.firewall;

import static io.simwarden.core.state.SimFixtures.rule;
import static io.simwarden.core.traffic.Allocations.assertAllocatesNothing;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simwarden.core.ValidationException;
import io.simwarden.core.id.Cidr;
import io.simwarden.core.id.IpAddress;
import io.simwarden.core.id.PortRange;
import io.simwarden.core.traffic.Direction;
import io.simwarden.core.traffic.Protocol;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FirewallTest {

  private static final IpAddress SERVER = IpAddress.of("203.0.113.7");

  private static String decidingRule(Firewall fw, Direction d, Protocol p, String remote, int port) {
    return fw.ruleId(fw.match(d, p, IpAddress.of(remote), port));
  }

  /** A firewall of SIM rules only. */
  private static Firewall simRules(RuleAction defaultAction, FirewallRule... rules) {
    return Firewall.compile(List.of(), List.of(rules), defaultAction);
  }

  private static List<String> ids(Firewall fw) {
    return fw.orderedRules().stream().map(FirewallRule::id).toList();
  }

  // ---- ordering -------------------------------------------------------------------------------

  @Test
  void rulesAreEvaluatedByAscendingPriorityAcrossBothLayers() {
    Firewall fw = Firewall.compile(
        List.of(rule("p30", 30, RuleAction.ALLOW, "0.0.0.0/0"), rule("p10", 10, RuleAction.ALLOW, "0.0.0.0/0")),
        List.of(rule("s20", 20, RuleAction.DENY, "0.0.0.0/0"), rule("s0", 0, RuleAction.DENY, "0.0.0.0/0")),
        RuleAction.ALLOW);
    assertEquals(List.of("s0", "p10", "s20", "p30"), ids(fw));
    assertEquals("s0", decidingRule(fw, Direction.UPLINK, Protocol.TCP, "203.0.113.7", 443));
  }

  @Test
  void onEqualPriorityTheProfileRuleComesBeforeTheSimRule() {
    Firewall fw = Firewall.compile(List.of(rule("profile", 100, RuleAction.DENY, "203.0.113.0/24")),
        List.of(rule("sim", 100, RuleAction.ALLOW, "203.0.113.0/24")), RuleAction.ALLOW);
    assertEquals(List.of("profile", "sim"), ids(fw));
    int rule = fw.match(Direction.UPLINK, Protocol.UDP, SERVER, 53);
    assertEquals("profile", fw.ruleId(rule));
    assertFalse(fw.allows(rule));
  }

  @Test
  void onEqualPriorityWithinOneListDeclarationOrderHolds() {
    Firewall fw = Firewall.compile(
        List.of(rule("b", 5, RuleAction.ALLOW, "::/0"), rule("a", 5, RuleAction.DENY, "::/0")),
        List.of(rule("z", 5, RuleAction.DENY, "::/0"), rule("y", 5, RuleAction.ALLOW, "::/0")),
        RuleAction.DENY);
    assertEquals(List.of("b", "a", "z", "y"), ids(fw));
  }

  @Test
  void firstMatchWinsEvenOverAMoreSpecificLaterRule() {
    Firewall fw = Firewall.compile(List.of(),
        List.of(rule("broad", 1, RuleAction.ALLOW, "203.0.113.0/24"), rule("host", 2, RuleAction.DENY,
            "203.0.113.7/32")), RuleAction.DENY);
    int rule = fw.match(Direction.UPLINK, Protocol.TCP, SERVER, 443);
    assertEquals("broad", fw.ruleId(rule));
    assertTrue(fw.allows(rule));
  }

  @Test
  void unmatchedFlowIsDecidedByTheDefaultActionUnderTheIdDefault() {
    List<FirewallRule> rules = List.of(rule("lan", 1, RuleAction.ALLOW, "10.0.0.0/8"));
    Firewall deny = Firewall.compile(List.of(), rules, RuleAction.DENY);
    Firewall allow = Firewall.compile(List.of(), rules, RuleAction.ALLOW);
    assertEquals(Firewall.NO_MATCH, deny.match(Direction.UPLINK, Protocol.TCP, SERVER, 443));
    assertEquals("default", deny.ruleId(Firewall.NO_MATCH));
    assertFalse(deny.allows(Firewall.NO_MATCH));
    assertTrue(allow.allows(Firewall.NO_MATCH));
    assertEquals(RuleAction.DENY, deny.defaultAction());
  }

  @Test
  void emptyFirewallAppliesTheDefaultToEverything() {
    Firewall fw = Firewall.compile(List.of(), List.of(), RuleAction.DENY);
    assertEquals(Firewall.NO_MATCH, fw.match(Direction.DOWNLINK, Protocol.GRE, IpAddress.of("::1"), 0));
    assertEquals(List.of(), fw.orderedRules());
  }

  // ---- validation -----------------------------------------------------------------------------

  @Test
  void ruleIdUsedInBothLayersIsRefusedNamingTheSimRule() {
    ValidationException e = assertThrows(ValidationException.class, () -> Firewall.compile(
        List.of(rule("a", 1, RuleAction.ALLOW, "0.0.0.0/0"), rule("x", 2, RuleAction.ALLOW, "0.0.0.0/0")),
        List.of(rule("b", 1, RuleAction.DENY, "0.0.0.0/0"), rule("x", 9, RuleAction.DENY, "::/0")),
        RuleAction.ALLOW));
    assertEquals("firewall.rules[1].id", e.field());
    assertEquals("duplicate rule id 'x' (ids must be unique across the profile's and the SIM's rules)",
        e.problem());
  }

  @Test
  void ruleIdRepeatedInTheProfileListIsRefusedNamingTheProfileRule() {
    ValidationException e = assertThrows(ValidationException.class, () -> Firewall.compile(
        List.of(rule("x", 1, RuleAction.ALLOW, "0.0.0.0/0"), rule("x", 2, RuleAction.ALLOW, "0.0.0.0/0")),
        List.of(), RuleAction.ALLOW));
    assertEquals("profile.firewallRules[1].id", e.field());
  }

  @Test
  void defaultActionIsRequired() {
    assertEquals("defaultAction",
        assertThrows(ValidationException.class, () -> Firewall.compile(List.of(), List.of(), null)).field());
  }

  @Test
  void checkUniqueIdsNamesTheFirstRepeat() {
    Firewall.checkUniqueIds(List.of(rule("a", 1, RuleAction.ALLOW, "::/0"), rule("b", 1, RuleAction.ALLOW, "::/0")),
        "rules");
    ValidationException e = assertThrows(ValidationException.class, () -> Firewall.checkUniqueIds(List.of(
        rule("a", 1, RuleAction.ALLOW, "::/0"), rule("b", 1, RuleAction.ALLOW, "::/0"),
        rule("a", 1, RuleAction.ALLOW, "::/0")), "rules"));
    assertEquals("rules[2].id", e.field());
    assertEquals("duplicate rule id 'a'", e.problem());
  }

  // ---- matching -------------------------------------------------------------------------------

  @Test
  void directionOfARuleLimitsTheFlowsItMatches() {
    Firewall fw = simRules(RuleAction.ALLOW,
        rule("up", 1, RuleAction.DENY, Direction.UPLINK, Protocol.ANY, "203.0.113.0/24", "any"),
        rule("both", 2, RuleAction.DENY, Direction.BOTH, Protocol.ANY, "203.0.113.0/24", "any"));
    assertEquals("up", decidingRule(fw, Direction.UPLINK, Protocol.TCP, "203.0.113.7", 80));
    assertEquals("both", decidingRule(fw, Direction.DOWNLINK, Protocol.TCP, "203.0.113.7", 80));
  }

  @Test
  void protocolOfARuleLimitsTheFlowsItMatches() {
    Firewall fw = simRules(RuleAction.ALLOW,
        rule("udp", 1, RuleAction.DENY, Direction.BOTH, Protocol.UDP, "0.0.0.0/0", "any"),
        rule("any", 2, RuleAction.DENY, Direction.BOTH, Protocol.ANY, "0.0.0.0/0", "any"));
    assertEquals("udp", decidingRule(fw, Direction.UPLINK, Protocol.UDP, "203.0.113.7", 53));
    assertEquals("any", decidingRule(fw, Direction.UPLINK, Protocol.TCP, "203.0.113.7", 53));
    assertEquals("any", decidingRule(fw, Direction.UPLINK, Protocol.ICMP, "203.0.113.7", 0));
  }

  @Test
  void portRangeBoundsAreInclusive() {
    Firewall fw = simRules(RuleAction.ALLOW,
        rule("range", 1, RuleAction.DENY, Direction.BOTH, Protocol.TCP, "0.0.0.0/0", "1000-2000"));
    assertEquals("default", decidingRule(fw, Direction.UPLINK, Protocol.TCP, "203.0.113.7", 999));
    assertEquals("range", decidingRule(fw, Direction.UPLINK, Protocol.TCP, "203.0.113.7", 1000));
    assertEquals("range", decidingRule(fw, Direction.UPLINK, Protocol.TCP, "203.0.113.7", 2000));
    assertEquals("default", decidingRule(fw, Direction.UPLINK, Protocol.TCP, "203.0.113.7", 2001));
  }

  @Test
  void ipv4RulesNeverMatchIpv6FlowsAndViceVersa() {
    Firewall fw = simRules(RuleAction.ALLOW,
        rule("v4", 1, RuleAction.DENY, "0.0.0.0/0"), rule("v6", 2, RuleAction.DENY, "::/0"));
    assertEquals("v4", decidingRule(fw, Direction.UPLINK, Protocol.TCP, "0.0.0.1", 1));
    assertEquals("v6", decidingRule(fw, Direction.UPLINK, Protocol.TCP, "::1", 1));
    assertEquals("v6", decidingRule(fw, Direction.UPLINK, Protocol.TCP, "::ffff:10.0.0.1", 1));
  }

  @Test
  void ipv6PrefixesOnBothSidesOfBit64AreHonoured() {
    Firewall fw = simRules(RuleAction.ALLOW,
        rule("p65", 1, RuleAction.DENY, "2001:db8:0:1:8000::/65"),
        rule("p63", 2, RuleAction.DENY, "2001:db8:0:2::/63"));
    assertEquals("p65", decidingRule(fw, Direction.UPLINK, Protocol.TCP, "2001:db8:0:1:8000::5", 1));
    assertEquals("default", decidingRule(fw, Direction.UPLINK, Protocol.TCP, "2001:db8:0:1:7fff::5", 1));
    assertEquals("p63", decidingRule(fw, Direction.UPLINK, Protocol.TCP, "2001:db8:0:3:ffff::", 1));
    assertEquals("default", decidingRule(fw, Direction.UPLINK, Protocol.TCP, "2001:db8:0:4::", 1));
  }

  @Test
  void matchAllocatesNothing() {
    Firewall fw = Firewall.compile(
        List.of(rule("p", 5, RuleAction.ALLOW, Direction.UPLINK, Protocol.TCP, "10.0.0.0/8", "443")),
        List.of(rule("s", 5, RuleAction.DENY, Direction.BOTH, Protocol.UDP, "2001:db8::/32", "1000-2000")),
        RuleAction.DENY);
    IpAddress v6 = IpAddress.of("2001:db8::9");
    assertAllocatesNothing(() -> {
      fw.allows(fw.match(Direction.UPLINK, Protocol.TCP, SERVER, 443));
      fw.allows(fw.match(Direction.DOWNLINK, Protocol.UDP, v6, 1500));
    });
  }

  // ---- against a reference evaluator ----------------------------------------------------------

  private static final BigInteger[] V4_BASES = {
      bits(IpAddress.of("10.0.0.0")), bits(IpAddress.of("10.0.1.0")), bits(IpAddress.of("192.0.2.0")),
      bits(IpAddress.of("203.0.113.0")),
  };
  private static final BigInteger[] V6_BASES = {
      bits(IpAddress.of("2001:db8::")), bits(IpAddress.of("2001:db8:0:1::")), bits(IpAddress.of("fe80::")),
      bits(IpAddress.of("::ffff:10.0.0.0")),
  };
  private static final int[] COMMON_PORTS = {0, 22, 53, 80, 443, 1000, 2000, 8883, 65535};
  private static final Protocol[] FLOW_PROTOCOLS = {Protocol.TCP, Protocol.UDP, Protocol.ICMP, Protocol.GRE};

  private static BigInteger bits(IpAddress a) {
    return new BigInteger(Long.toUnsignedString(a.hi())).shiftLeft(64)
        .or(new BigInteger(Long.toUnsignedString(a.lo())));
  }

  private static IpAddress address(BigInteger bits, boolean v6) {
    return new IpAddress(bits.shiftRight(64).longValue(), bits.longValue(), v6);
  }

  /** A random address near one of the bases, so that rules and flows often overlap. */
  private static BigInteger nearBase(Random random, boolean v6) {
    BigInteger base = (v6 ? V6_BASES : V4_BASES)[random.nextInt(4)];
    BigInteger offset = BigInteger.valueOf(random.nextInt(512));
    if (v6 && random.nextInt(4) == 0) {
      offset = offset.or(BigInteger.ONE.shiftLeft(64 + random.nextInt(16)));
    }
    BigInteger max = BigInteger.ONE.shiftLeft(v6 ? 128 : 32);
    return base.add(offset).mod(max);
  }

  private static Cidr randomCidr(Random random) {
    boolean v6 = random.nextInt(5) < 2;
    int width = v6 ? 128 : 32;
    int prefix = random.nextInt(4) == 0 ? random.nextInt(width + 1) : width - 7 - random.nextInt(10);
    BigInteger network = nearBase(random, v6).shiftRight(width - prefix).shiftLeft(width - prefix);
    return Cidr.of(address(network, v6), prefix);
  }

  private static PortRange randomPorts(Random random, Protocol protocol) {
    if (!protocol.hasPorts() && protocol != Protocol.ANY) {
      return PortRange.ANY;
    }
    switch (random.nextInt(4)) {
      case 0:
      case 1:
        return PortRange.ANY;
      case 2:
        return PortRange.single(COMMON_PORTS[random.nextInt(COMMON_PORTS.length)]);
      default:
        int lo = random.nextInt(3000);
        return PortRange.of(lo, Math.min(65_535, lo + random.nextInt(2000)));
    }
  }

  private static List<FirewallRule> randomRules(Random random, String prefix, int count) {
    List<FirewallRule> rules = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Protocol protocol = random.nextBoolean() ? Protocol.ANY : Protocol.values()[random.nextInt(4)];
      Direction direction = random.nextBoolean() ? Direction.BOTH : Direction.values()[random.nextInt(2)];
      rules.add(new FirewallRule(prefix + i, random.nextInt(4) * 10,
          random.nextBoolean() ? RuleAction.ALLOW : RuleAction.DENY,
          direction, protocol, randomCidr(random), randomPorts(random, protocol)));
    }
    return rules;
  }

  /** Containment by comparing the top prefix bits as numbers: independent of the mask arithmetic. */
  private static boolean inNetwork(IpAddress ip, Cidr cidr) {
    if (ip.v6() != cidr.v6()) {
      return false;
    }
    int hostBits = (ip.v6() ? 128 : 32) - cidr.prefixLength();
    return bits(ip).shiftRight(hostBits).equals(bits(cidr.network()).shiftRight(hostBits));
  }

  private static boolean ruleMatches(FirewallRule r, Direction d, Protocol p, IpAddress remote, int port) {
    return (r.direction() == Direction.BOTH || r.direction() == d)
        && (r.protocol() == Protocol.ANY || r.protocol() == p)
        && inNetwork(remote, r.remote())
        && port >= r.ports().lo() && port <= r.ports().hi();
  }

  /** The rules matching a flow, and the one with the least (priority, layer, declaration index). */
  private record Reference(int matching, FirewallRule decides) {}

  private static Reference reference(List<FirewallRule> profile, List<FirewallRule> sim, Direction d,
      Protocol p, IpAddress remote, int port) {
    FirewallRule best = null;
    long bestKey = Long.MAX_VALUE;
    int matching = 0;
    List<List<FirewallRule>> layers = List.of(profile, sim);
    for (int layer = 0; layer < 2; layer++) {
      for (int i = 0; i < layers.get(layer).size(); i++) {
        FirewallRule r = layers.get(layer).get(i);
        if (!ruleMatches(r, d, p, remote, port)) {
          continue;
        }
        matching++;
        long key = (long) r.priority() * 1_000_000 + layer * 1_000 + i;
        if (key < bestKey) {
          best = r;
          bestKey = key;
        }
      }
    }
    return new Reference(matching, best);
  }

  @Test
  void evaluationAgreesWithAFullScanForTheLeastMatchingRule() {
    Random random = new Random(0x5EED);
    int contested = 0;
    for (int set = 0; set < 400; set++) {
      List<FirewallRule> profile = randomRules(random, "p", random.nextInt(12));
      List<FirewallRule> sim = randomRules(random, "s", random.nextInt(12));
      RuleAction defaultAction = random.nextBoolean() ? RuleAction.ALLOW : RuleAction.DENY;
      Firewall fw = Firewall.compile(profile, sim, defaultAction);
      for (int f = 0; f < 200; f++) {
        boolean v6 = random.nextInt(5) < 2;
        IpAddress remote = address(nearBase(random, v6), v6);
        Protocol protocol = FLOW_PROTOCOLS[random.nextInt(4)];
        int port = protocol.hasPorts() ? COMMON_PORTS[random.nextInt(COMMON_PORTS.length)] : 0;
        if (protocol.hasPorts() && random.nextBoolean()) {
          port = random.nextInt(4000);
        }
        Direction direction = random.nextBoolean() ? Direction.UPLINK : Direction.DOWNLINK;

        Reference ref = reference(profile, sim, direction, protocol, remote, port);
        FirewallRule expected = ref.decides();
        int index = fw.match(direction, protocol, remote, port);
        String flow = direction + " " + protocol + " " + remote + ":" + port + " in set " + set;
        assertEquals(expected == null ? "default" : expected.id(), fw.ruleId(index), flow);
        boolean allowed = expected == null ? defaultAction == RuleAction.ALLOW : expected.action() == RuleAction.ALLOW;
        assertEquals(allowed, fw.allows(index), flow);
        if (ref.matching() > 1) {
          contested++;
        }
      }
    }
    assertTrue(contested > 4_000, "too few flows matched several rules to exercise the ordering: " + contested);
  }

  @Test
  void orderedRulesAreSortedByPriorityThenLayerThenDeclaration() {
    Random random = new Random(7);
    for (int set = 0; set < 300; set++) {
      List<FirewallRule> profile = randomRules(random, "p", random.nextInt(15));
      List<FirewallRule> sim = randomRules(random, "s", random.nextInt(15));
      Map<String, Long> key = new HashMap<>();
      for (int i = 0; i < profile.size(); i++) {
        key.put(profile.get(i).id(), profile.get(i).priority() * 1_000L + i);
      }
      for (int i = 0; i < sim.size(); i++) {
        key.put(sim.get(i).id(), sim.get(i).priority() * 1_000L + 500 + i);
      }
      List<FirewallRule> ordered = Firewall.compile(profile, sim, RuleAction.ALLOW).orderedRules();
      assertEquals(profile.size() + sim.size(), ordered.size());
      for (int i = 1; i < ordered.size(); i++) {
        String before = ordered.get(i - 1).id();
        String after = ordered.get(i).id();
        assertTrue(key.get(before) < key.get(after), before + " must come after " + after + " in set " + set);
      }
    }
  }
}
