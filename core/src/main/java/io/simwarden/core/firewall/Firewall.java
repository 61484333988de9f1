package io.simwarden.core.firewall;

import io.simwarden.core.ValidationException;
import io.simwarden.core.id.IpAddress;
import io.simwarden.core.traffic.Direction;
import io.simwarden.core.traffic.Protocol;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A SIM's effective network firewall, compiled into flat arrays so that evaluating a flow allocates
 * nothing and touches only primitives.
 *
 * <p>Order: ascending priority; on equal priority the profile's rules come before the SIM's own
 * overrides, and within one list the declaration order holds. The first matching rule decides; when
 * none matches, the default action does. Rule ids are unique across both lists, because the id is
 * what events record.
 */
public final class Firewall {

  /** Rule id recorded when no rule matched and the default action decided. */
  public static final String DEFAULT_RULE_ID = "default";

  /**
   * An explicit ALLOW of at most a /24 (IPv4) or a /56 (IPv6) names the servers of one operator or vendor: a
   * destination the operator declared, which the anomaly detectors take as known. A wider ALLOW (the internet,
   * a cloud region) declares nothing.
   */
  public static final int DECLARED_V4_PREFIX = 24;
  public static final int DECLARED_V6_PREFIX = 56;

  /** Index returned by {@link #match} when no rule matched. */
  public static final int NO_MATCH = -1;

  private final List<FirewallRule> rules;
  private final RuleAction defaultAction;
  private final boolean[] allow;
  /** Per rule: an ALLOW naming a few servers ({@link #declares}). */
  private final boolean[] declared;
  private final byte[] direction;
  private final byte[] protocol;
  private final boolean[] v6;
  private final long[] netHi;
  private final long[] netLo;
  private final long[] maskHi;
  private final long[] maskLo;
  private final int[] portLo;
  private final int[] portHi;

  private Firewall(List<FirewallRule> ordered, RuleAction defaultAction) {
    this.rules = List.copyOf(ordered);
    this.defaultAction = defaultAction;
    int n = ordered.size();
    allow = new boolean[n];
    declared = new boolean[n];
    direction = new byte[n];
    protocol = new byte[n];
    v6 = new boolean[n];
    netHi = new long[n];
    netLo = new long[n];
    maskHi = new long[n];
    maskLo = new long[n];
    portLo = new int[n];
    portHi = new int[n];
    for (int i = 0; i < n; i++) {
      FirewallRule r = ordered.get(i);
      allow[i] = r.action() == RuleAction.ALLOW;
      declared[i] = allow[i]
          && r.remote().prefixLength() >= (r.remote().v6() ? DECLARED_V6_PREFIX : DECLARED_V4_PREFIX);
      direction[i] = (byte) r.direction().ordinal();
      protocol[i] = (byte) r.protocol().ordinal();
      v6[i] = r.remote().v6();
      netHi[i] = r.remote().networkHi();
      netLo[i] = r.remote().networkLo();
      maskHi[i] = r.remote().maskHi();
      maskLo[i] = r.remote().maskLo();
      portLo[i] = r.ports().lo();
      portHi[i] = r.ports().hi();
    }
  }

  /**
   * Compiles the effective firewall.
   *
   * @throws ValidationException when two rules share an id
   */
  public static Firewall compile(List<FirewallRule> profileRules, List<FirewallRule> simRules,
      RuleAction defaultAction) {
    if (defaultAction == null) {
      throw new ValidationException("defaultAction", "required: ALLOW or DENY");
    }
    List<Layered> all = new ArrayList<>(profileRules.size() + simRules.size());
    Set<String> ids = new HashSet<>();
    addLayer(all, ids, profileRules, 0);
    addLayer(all, ids, simRules, 1);
    all.sort(Comparator.comparingInt((Layered l) -> l.rule.priority())
        .thenComparingInt(l -> l.layer)
        .thenComparingInt(l -> l.index));
    List<FirewallRule> ordered = new ArrayList<>(all.size());
    for (Layered l : all) {
      ordered.add(l.rule);
    }
    return new Firewall(ordered, defaultAction);
  }

  /** Checks a rule list on its own (e.g. an operator's override list) for duplicate ids. */
  public static void checkUniqueIds(List<FirewallRule> rules, String field) {
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < rules.size(); i++) {
      if (!ids.add(rules.get(i).id())) {
        throw new ValidationException(field + "[" + i + "].id", "duplicate rule id '" + rules.get(i).id() + "'");
      }
    }
  }

  private static void addLayer(List<Layered> all, Set<String> ids, List<FirewallRule> rules, int layer) {
    for (int i = 0; i < rules.size(); i++) {
      FirewallRule r = rules.get(i);
      if (!ids.add(r.id())) {
        throw new ValidationException((layer == 0 ? "profile.firewallRules[" : "firewall.rules[") + i + "].id",
            "duplicate rule id '" + r.id() + "' (ids must be unique across the profile's and the SIM's rules)");
      }
      all.add(new Layered(r, layer, i));
    }
  }

  private record Layered(FirewallRule rule, int layer, int index) {}

  /**
   * Index of the first rule matching the flow, or {@link #NO_MATCH}. Allocates nothing.
   */
  public int match(Direction flowDirection, Protocol flowProtocol, IpAddress remote, int port) {
    int dir = flowDirection.ordinal();
    int proto = flowProtocol.ordinal();
    int both = Direction.BOTH.ordinal();
    int any = Protocol.ANY.ordinal();
    boolean flowV6 = remote.v6();
    long hi = remote.hi();
    long lo = remote.lo();
    for (int i = 0, n = allow.length; i < n; i++) {
      if ((direction[i] == dir || direction[i] == both)
          && (protocol[i] == proto || protocol[i] == any)
          && v6[i] == flowV6
          && (hi & maskHi[i]) == netHi[i]
          && (lo & maskLo[i]) == netLo[i]
          && port >= portLo[i] && port <= portHi[i]) {
        return i;
      }
    }
    return NO_MATCH;
  }

  /** Whether the rule at {@code index} (or the default, for {@link #NO_MATCH}) allows the flow. */
  public boolean allows(int index) {
    return index == NO_MATCH ? defaultAction == RuleAction.ALLOW : allow[index];
  }

  /**
   * Whether the rule at {@code index} is an explicit ALLOW naming a few servers ({@value #DECLARED_V4_PREFIX} bits
   * of IPv4 prefix or more): the operator declared the flow's destination, e.g. with a firmware rollout.
   */
  public boolean declares(int index) {
    return index != NO_MATCH && declared[index];
  }

  /** The id to record for a decision made by {@code index}. */
  public String ruleId(int index) {
    return index == NO_MATCH ? DEFAULT_RULE_ID : rules.get(index).id();
  }

  /** The rules in evaluation order. */
  public List<FirewallRule> orderedRules() {
    return rules;
  }

  public RuleAction defaultAction() {
    return defaultAction;
  }
}
