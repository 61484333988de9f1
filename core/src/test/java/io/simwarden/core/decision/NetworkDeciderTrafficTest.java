package io.simwarden.core.decision;

import static io.simwarden.core.decision.Verdicts.assertCarried;
import static io.simwarden.core.decision.Verdicts.assertRefused;
import static io.simwarden.core.decision.Verdicts.assertVerdict;
import static io.simwarden.core.state.SimFixtures.DEVICE;
import static io.simwarden.core.state.SimFixtures.OPERATOR;
import static io.simwarden.core.state.SimFixtures.activated;
import static io.simwarden.core.state.SimFixtures.active;
import static io.simwarden.core.state.SimFixtures.at;
import static io.simwarden.core.state.SimFixtures.attachAccepted;
import static io.simwarden.core.state.SimFixtures.attached;
import static io.simwarden.core.state.SimFixtures.flow;
import static io.simwarden.core.state.SimFixtures.plain;
import static io.simwarden.core.state.SimFixtures.profile;
import static io.simwarden.core.state.SimFixtures.rule;
import static io.simwarden.core.state.SimFixtures.sim;
import static io.simwarden.core.state.SimFixtures.tls;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simwarden.core.detect.Detectors;
import io.simwarden.core.detect.WindowWatch;
import io.simwarden.core.event.QuotaKind;
import io.simwarden.core.event.RejectReason;
import io.simwarden.core.event.SimEvent;
import io.simwarden.core.event.SimEvent.FlowsBlocked;
import io.simwarden.core.event.SimEvent.QuotaExhausted;
import io.simwarden.core.event.SimEvent.QuotaThresholdCrossed;
import io.simwarden.core.event.SimEvent.UnencryptedTrafficDetected;
import io.simwarden.core.firewall.Firewall;
import io.simwarden.core.firewall.RuleAction;
import io.simwarden.core.id.Cidr;
import io.simwarden.core.id.IpAddress;
import io.simwarden.core.policy.ConnectivityProfile;
import io.simwarden.core.policy.DeviceFacts;
import io.simwarden.core.policy.EncryptionPolicy;
import io.simwarden.core.policy.FleetPolicy;
import io.simwarden.core.policy.ImeiLock;
import io.simwarden.core.policy.PrivateNetwork;
import io.simwarden.core.policy.Quota;
import io.simwarden.core.policy.QuotaAction;
import io.simwarden.core.policy.QuotaPeriod;
import io.simwarden.core.policy.Service;
import io.simwarden.core.state.SimState;
import io.simwarden.core.traffic.Direction;
import io.simwarden.core.traffic.EndpointUsage;
import io.simwarden.core.traffic.Flow;
import io.simwarden.core.traffic.Protocol;
import io.simwarden.core.traffic.UsageAccumulator;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class NetworkDeciderTrafficTest {

  private static final long HOUR = 3_600_000L;
  private static final long DAY = 86_400L;
  private static final Instant AT = at(60);
  private static final ConnectivityProfile METER = profile().build();
  private static final Flow TO_HEADEND = tls("198.51.100.10", 443, 1_000);

  private final NetworkDecider decider = new NetworkDecider(8, new Detectors(6, Duration.ofHours(1)));
  private final WindowWatch watch = new WindowWatch();
  private final UsageAccumulator window = new UsageAccumulator(HOUR, 16);

  private static Firewall firewallOf(SimState state) {
    return Firewall.compile(state.profile().firewallRules(), state.firewallRules(), state.profile().defaultAction());
  }

  private NetworkDecision traffic(SimState state, Instant at, Flow... flows) {
    Firewall firewall = state.isProvisioned() ? firewallOf(state) : Firewall.compile(List.of(), List.of(),
        RuleAction.ALLOW);
    return decider.traffic(new NetworkContext(state, FleetPolicy.EMPTY, window, watch, at), firewall, List.of(flows));
  }

  private NetworkDecision traffic(SimState state, Flow... flows) {
    return traffic(state, AT, flows);
  }

  private static EndpointUsage endpoint(String remote, Protocol protocol, int port, long flows, long bytes) {
    return new EndpointUsage(IpAddress.of(remote), protocol, port, flows, bytes);
  }

  private static Quota dataQuota(long limit, int warnPercent, QuotaAction action, QuotaPeriod period) {
    return new Quota(limit, warnPercent, action, period);
  }

  // ---- refused whole --------------------------------------------------------------------------

  static Stream<Arguments> refusedWhole() {
    SimEvent.Suspended suspended = new SimEvent.Suspended(at(10), OPERATOR, "lost", null);
    ImeiLock off = ImeiLock.OFF;
    DeviceFacts unknown = DeviceFacts.UNKNOWN;
    return Stream.of(
        Arguments.of("not provisioned", SimState.EMPTY, RejectReason.SIM_NOT_PROVISIONED,
            RejectReason.SIM_NOT_PROVISIONED.description()),
        Arguments.of("issued", sim(METER, off, unknown), RejectReason.NOT_ACTIVATED,
            RejectReason.NOT_ACTIVATED.description()),
        Arguments.of("suspended", sim(METER, off, unknown, activated(), attachAccepted(DEVICE, true), suspended),
            RejectReason.SUSPENDED, RejectReason.SUSPENDED.description()),
        Arguments.of("terminated", sim(METER, off, unknown, activated(), attachAccepted(DEVICE, true), suspended,
            new SimEvent.Terminated(at(20), OPERATOR, "scrapped", null)), RejectReason.TERMINATED,
            RejectReason.TERMINATED.description()),
        Arguments.of("never attached", active(METER, off), RejectReason.NOT_ATTACHED,
            RejectReason.NOT_ATTACHED.description()),
        Arguments.of("data refused by the IMEI lock", sim(METER, off, unknown, activated(),
            attachAccepted(DEVICE, false)), RejectReason.DATA_REFUSED, RejectReason.DATA_REFUSED.description()),
        Arguments.of("DATA not in the profile", attached(profile().services(Service.SMS_MO).build()),
            RejectReason.SERVICE_NOT_ALLOWED, "DATA is not allowed by the profile"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusedWhole")
  void reportIsRefusedWholeWithoutJournaling(String why, SimState state, RejectReason reason, String detail) {
    NetworkDecision d = traffic(state, TO_HEADEND, tls("203.0.113.7", 23, 60));
    assertEquals(List.of(), d.events());
    assertRefused(d.verdict(), reason, detail);
    assertFalse(window.isOpen());
  }

  @Test
  void usedUpBlockQuotaRefusesTheWholeReportWithoutJournaling() {
    SimState state = attached(profile().dataQuota(dataQuota(1_000, 80, QuotaAction.BLOCK, QuotaPeriod.DAY)).build())
        .apply(new QuotaExhausted(at(30), QuotaKind.DATA, 1_000, 1_000, QuotaAction.BLOCK, null));
    NetworkDecision d = traffic(state, TO_HEADEND, TO_HEADEND);
    assertEquals(List.of(), d.events());
    assertVerdict(d.verdict(), false, RejectReason.QUOTA_EXHAUSTED,
        "data quota of 1000 bytes used up for this period", 0, 2, true, false);
    assertEquals(0, window.bytes());
  }

  // ---- carried --------------------------------------------------------------------------------

  @Test
  void compliantReportJournalsNothingAndIsCountedInTheWindow() {
    NetworkDecision d = traffic(attached(METER), TO_HEADEND,
        flow("198.51.100.10", Protocol.TCP, 443, Direction.DOWNLINK, 500, true));
    assertEquals(List.of(), d.events());
    assertCarried(d.verdict(), 2, 0, false);
    assertEquals(1_500, window.bytes());
    assertEquals(Instant.parse("2024-03-10T10:00:00Z").toEpochMilli(), window.windowStart());
  }

  // ---- firewall -------------------------------------------------------------------------------

  @Test
  void flowsDeniedByTheFirewallAreJournaledOncePerRuleWithTheirEndpoints() {
    SimState state = attached(profile().rules(
        rule("deny-telnet", 10, RuleAction.DENY, Direction.BOTH, Protocol.TCP, "0.0.0.0/0", "23"),
        rule("deny-snmp", 20, RuleAction.DENY, Direction.BOTH, Protocol.UDP, "0.0.0.0/0", "161")).build());
    NetworkDecision d = traffic(state,
        tls("203.0.113.7", 23, 100),
        flow("198.51.100.1", Protocol.UDP, 161, Direction.UPLINK, 40, true),
        tls("203.0.113.7", 23, 300),
        TO_HEADEND,
        flow("203.0.113.8", Protocol.TCP, 23, Direction.DOWNLINK, 200, true));
    assertEquals(List.of(
        new FlowsBlocked(AT, RejectReason.FIREWALL, "deny-telnet", 3, 600, List.of(
            endpoint("203.0.113.7", Protocol.TCP, 23, 2, 400), endpoint("203.0.113.8", Protocol.TCP, 23, 1, 200)),
            null),
        new FlowsBlocked(AT, RejectReason.FIREWALL, "deny-snmp", 1, 40,
            List.of(endpoint("198.51.100.1", Protocol.UDP, 161, 1, 40)), null)), d.events());
    assertCarried(d.verdict(), 1, 4, false);
    assertEquals(1_000, window.bytes());
  }

  @Test
  void simRuleOverridesTheProfileAndIsNamedInTheEvent() {
    SimState state = attached(profile().rules(rule("allow-all", 50, RuleAction.ALLOW, "0.0.0.0/0")).build())
        .apply(new SimEvent.FirewallChanged(at(30), OPERATOR,
            List.of(rule("quarantine", 1, RuleAction.DENY, "203.0.113.0/24")), null));
    NetworkDecision d = traffic(state, tls("203.0.113.9", 443, 70), TO_HEADEND);
    assertEquals(List.of(new FlowsBlocked(AT, RejectReason.FIREWALL, "quarantine", 1, 70,
        List.of(endpoint("203.0.113.9", Protocol.TCP, 443, 1, 70)), null)), d.events());
  }

  @Test
  void flowsNoRuleMatchesUnderDefaultDenyAreJournaledAsRuleDefault() {
    SimState state = attached(profile().defaultAction(RuleAction.DENY)
        .rules(rule("headend", 10, RuleAction.ALLOW, Direction.BOTH, Protocol.TCP, "198.51.100.0/24", "443")).build());
    NetworkDecision d = traffic(state, TO_HEADEND, tls("203.0.113.7", 443, 80));
    assertEquals(List.of(new FlowsBlocked(AT, RejectReason.FIREWALL, Firewall.DEFAULT_RULE_ID, 1, 80,
        List.of(endpoint("203.0.113.7", Protocol.TCP, 443, 1, 80)), null)), d.events());
    assertEquals("default", Firewall.DEFAULT_RULE_ID);
    assertCarried(d.verdict(), 1, 1, false);
  }

  @Test
  void blockedEndpointsAreTheBusiestUpToTheBoundThenByFirstAppearance() {
    NetworkDecider narrow = new NetworkDecider(2, new Detectors(6, Duration.ofHours(1)));
    SimState state = attached(profile().defaultAction(RuleAction.DENY).build());
    NetworkDecision d = narrow.traffic(new NetworkContext(state, FleetPolicy.EMPTY, window, watch, AT),
        firewallOf(state), List.of(tls("192.0.2.1", 443, 10), tls("192.0.2.2", 443, 30), tls("192.0.2.3", 443, 30),
            tls("192.0.2.4", 443, 20)));
    assertEquals(List.of(new FlowsBlocked(AT, RejectReason.FIREWALL, "default", 4, 90, List.of(
        endpoint("192.0.2.2", Protocol.TCP, 443, 1, 30), endpoint("192.0.2.3", Protocol.TCP, 443, 1, 30)), null)),
        d.events());
  }

  // ---- private network ------------------------------------------------------------------------

  private static PrivateNetwork privateNetwork(boolean breakout) {
    return new PrivateNetwork(true, List.of(Cidr.of("10.20.0.0/16")), breakout);
  }

  @Test
  void privateNetworkWithoutBreakoutBlocksFlowsLeavingItBeforeTheFirewallLooks() {
    SimState state = attached(profile().privateNetwork(privateNetwork(false))
        .rules(rule("deny-telnet", 1, RuleAction.DENY, Direction.BOTH, Protocol.TCP, "0.0.0.0/0", "23")).build());
    NetworkDecision d = traffic(state, tls("10.20.1.1", 443, 100), tls("203.0.113.7", 23, 40),
        tls("10.20.1.1", 23, 10), tls("203.0.113.7", 443, 60));
    assertEquals(List.of(
        new FlowsBlocked(AT, RejectReason.PRIVATE_NETWORK, "private-network", 2, 100, List.of(
            endpoint("203.0.113.7", Protocol.TCP, 443, 1, 60), endpoint("203.0.113.7", Protocol.TCP, 23, 1, 40)),
            null),
        new FlowsBlocked(AT, RejectReason.FIREWALL, "deny-telnet", 1, 10,
            List.of(endpoint("10.20.1.1", Protocol.TCP, 23, 1, 10)), null)), d.events());
    assertCarried(d.verdict(), 1, 3, false);
    assertEquals(100, window.bytes());
  }

  @Test
  void privateNetworkWithBreakoutCarriesFlowsLeavingIt() {
    SimState state = attached(profile().privateNetwork(privateNetwork(true)).build());
    NetworkDecision d = traffic(state, tls("10.20.1.1", 443, 100), tls("203.0.113.7", 443, 60));
    assertEquals(List.of(), d.events());
    assertCarried(d.verdict(), 2, 0, false);
  }

  // ---- encryption -----------------------------------------------------------------------------

  @Test
  void unencryptedFlowsLeavingUnderAlertAreCarriedAndReportedOnce() {
    SimState state = attached(profile().unencrypted(EncryptionPolicy.ALERT).build());
    NetworkDecision d = traffic(state, plain("203.0.113.7", 5683, 100), TO_HEADEND, plain("203.0.113.7", 5683, 50),
        plain("2001:db8::7", 5683, 70));
    assertEquals(List.of(new UnencryptedTrafficDetected(AT, 3, 220, List.of(
        endpoint("203.0.113.7", Protocol.UDP, 5683, 2, 150), endpoint("2001:db8::7", Protocol.UDP, 5683, 1, 70)),
        null)), d.events());
    assertCarried(d.verdict(), 4, 0, false);
    assertEquals(1_220, window.bytes());
  }

  @Test
  void unencryptedFlowsInsideThePrivateNetworkAreNotReported() {
    SimState state = attached(profile().privateNetwork(privateNetwork(true)).unencrypted(EncryptionPolicy.ALERT)
        .build());
    NetworkDecision d = traffic(state, plain("10.20.0.5", 5683, 100), plain("203.0.113.7", 5683, 30));
    assertEquals(List.of(new UnencryptedTrafficDetected(AT, 1, 30,
        List.of(endpoint("203.0.113.7", Protocol.UDP, 5683, 1, 30)), null)), d.events());
  }

  @Test
  void unencryptedFlowsLeavingUnderBlockAreBlocked() {
    SimState state = attached(profile().unencrypted(EncryptionPolicy.BLOCK).build());
    NetworkDecision d = traffic(state, plain("203.0.113.7", 5683, 100), TO_HEADEND);
    assertEquals(List.of(new FlowsBlocked(AT, RejectReason.UNENCRYPTED, "encryption", 1, 100,
        List.of(endpoint("203.0.113.7", Protocol.UDP, 5683, 1, 100)), null)), d.events());
    assertCarried(d.verdict(), 1, 1, false);
    assertEquals(1_000, window.bytes());
  }

  @Test
  void firewallDecidesBeforeTheEncryptionPolicy() {
    SimState state = attached(profile().unencrypted(EncryptionPolicy.BLOCK)
        .rules(rule("deny-telnet", 1, RuleAction.DENY, Direction.BOTH, Protocol.TCP, "0.0.0.0/0", "23")).build());
    NetworkDecision d = traffic(state, flow("203.0.113.7", Protocol.TCP, 23, Direction.UPLINK, 60, false));
    assertEquals(List.of(new FlowsBlocked(AT, RejectReason.FIREWALL, "deny-telnet", 1, 60,
        List.of(endpoint("203.0.113.7", Protocol.TCP, 23, 1, 60)), null)), d.events());
  }

  @Test
  void blockedGroupsComeFirstThenTheUnencryptedReportThenQuotaEvents() {
    SimState state = attached(profile().unencrypted(EncryptionPolicy.ALERT)
        .dataQuota(dataQuota(1_000, 50, QuotaAction.THROTTLE, QuotaPeriod.DAY))
        .rules(rule("deny-telnet", 1, RuleAction.DENY, Direction.BOTH, Protocol.TCP, "0.0.0.0/0", "23")).build());
    NetworkDecision d = traffic(state, plain("203.0.113.7", 5683, 600), tls("203.0.113.7", 23, 60));
    assertEquals(List.of(
        new FlowsBlocked(AT, RejectReason.FIREWALL, "deny-telnet", 1, 60,
            List.of(endpoint("203.0.113.7", Protocol.TCP, 23, 1, 60)), null),
        new UnencryptedTrafficDetected(AT, 1, 600, List.of(endpoint("203.0.113.7", Protocol.UDP, 5683, 1, 600)),
            null),
        new QuotaThresholdCrossed(AT, QuotaKind.DATA, 600, 1_000, null)), d.events());
  }

  // ---- quota ----------------------------------------------------------------------------------

  @Test
  void warningAndExhaustionAreEachJournaledOnceThenBlockRefuses() {
    SimState state = attached(profile().dataQuota(dataQuota(1_000, 80, QuotaAction.BLOCK, QuotaPeriod.DAY)).build());
    Flow report = tls("198.51.100.10", 443, 300);
    List<List<SimEvent>> expected = List.of(
        List.of(),
        List.of(),
        List.of(new QuotaThresholdCrossed(at(62), QuotaKind.DATA, 900, 1_000, null)),
        List.of(new QuotaExhausted(at(63), QuotaKind.DATA, 1_200, 1_000, QuotaAction.BLOCK, null)),
        List.of());
    for (int i = 0; i < expected.size(); i++) {
      NetworkDecision d = traffic(state, at(60 + i), report);
      assertEquals(expected.get(i), d.events(), "report " + i);
      if (i < 4) {
        assertCarried(d.verdict(), 1, 0, false);
      } else {
        assertEquals(RejectReason.QUOTA_EXHAUSTED, d.verdict().reason());
      }
      state = state.applyAll(d.events());
    }
    assertEquals(1_200, window.bytes());
  }

  @Test
  void throttleQuotaKeepsCarryingMarksTheWindowAndSaysSo() {
    SimState state = attached(profile().dataQuota(dataQuota(1_000, 80, QuotaAction.THROTTLE, QuotaPeriod.DAY))
        .build());
    NetworkDecision below = traffic(state, at(60), tls("198.51.100.10", 443, 500));
    assertCarried(below.verdict(), 1, 0, false);

    NetworkDecision crossing = traffic(state, at(61), tls("198.51.100.10", 443, 500));
    assertEquals(List.of(new QuotaThresholdCrossed(at(61), QuotaKind.DATA, 1_000, 1_000, null),
        new QuotaExhausted(at(61), QuotaKind.DATA, 1_000, 1_000, QuotaAction.THROTTLE, null)), crossing.events());
    assertCarried(crossing.verdict(), 1, 0, true);
    state = state.applyAll(crossing.events());

    NetworkDecision after = traffic(state, at(62), tls("198.51.100.10", 443, 500));
    assertEquals(List.of(), after.events());
    assertCarried(after.verdict(), 1, 0, true);
    SimEvent.UsageRecorded closed = window.close(false, 0);
    assertTrue(closed.throttled());
    assertEquals(1_500, closed.totalBytes());
  }

  @Test
  void windowBelowTheThrottleLimitIsNotMarkedThrottled() {
    SimState state = attached(profile().dataQuota(dataQuota(1_000, 80, QuotaAction.THROTTLE, QuotaPeriod.DAY))
        .build());
    traffic(state, tls("198.51.100.10", 443, 999));
    assertFalse(window.close(false, 0).throttled());
  }

  @Test
  void journaledUsageOfThePeriodCountsTowardTheQuota() {
    SimState state = attached(profile().dataQuota(dataQuota(1_000, 80, QuotaAction.BLOCK, QuotaPeriod.DAY)).build())
        .apply(usage(Instant.parse("2024-03-10T09:00:00Z"), 700));
    NetworkDecision d = traffic(state, tls("198.51.100.10", 443, 100));
    assertEquals(List.of(new QuotaThresholdCrossed(AT, QuotaKind.DATA, 800, 1_000, null)), d.events());
  }

  private static SimEvent.UsageRecorded usage(Instant windowStart, long uplinkBytes) {
    return new SimEvent.UsageRecorded(windowStart.plusSeconds(3600), windowStart, false, uplinkBytes, 0, 1, 1, 0, 0,
        0, 0, false, List.of(), 0, null);
  }

  @Test
  void newDayStartsTheDailyQuotaAfresh() {
    Instant yesterday = at(-DAY);
    SimState state = attached(profile().dataQuota(dataQuota(1_000, 80, QuotaAction.BLOCK, QuotaPeriod.DAY)).build())
        .applyAll(List.of(usage(Instant.parse("2024-03-09T09:00:00Z"), 1_200),
            new QuotaThresholdCrossed(yesterday, QuotaKind.DATA, 900, 1_000, null),
            new QuotaExhausted(yesterday, QuotaKind.DATA, 1_200, 1_000, QuotaAction.BLOCK, null)));
    assertEquals(RejectReason.QUOTA_EXHAUSTED, traffic(state, yesterday.plusSeconds(60), TO_HEADEND).verdict()
        .reason());

    UsageAccumulator today = new UsageAccumulator(HOUR, 16);
    NetworkDecision d = decider.traffic(new NetworkContext(state, FleetPolicy.EMPTY, today, watch, AT),
        firewallOf(state), List.of(tls("198.51.100.10", 443, 850)));
    assertEquals(List.of(new QuotaThresholdCrossed(AT, QuotaKind.DATA, 850, 1_000, null)), d.events());
    assertCarried(d.verdict(), 1, 0, false);
  }

  @Test
  void newMonthStartsTheMonthlyQuotaAfresh() {
    Instant february = Instant.parse("2024-02-29T23:00:00Z");
    SimState state = attached(profile().dataQuota(dataQuota(1_000, 80, QuotaAction.BLOCK, QuotaPeriod.MONTH))
        .build()).apply(new QuotaExhausted(february, QuotaKind.DATA, 1_000, 1_000, QuotaAction.BLOCK, null));
    assertEquals(RejectReason.QUOTA_EXHAUSTED,
        traffic(state, Instant.parse("2024-02-29T23:59:59Z"), TO_HEADEND).verdict().reason());
    UsageAccumulator march = new UsageAccumulator(HOUR, 16);
    NetworkDecision d = decider.traffic(
        new NetworkContext(state, FleetPolicy.EMPTY, march, watch, Instant.parse("2024-03-01T00:00:00Z")),
        firewallOf(state), List.of(TO_HEADEND));
    assertCarried(d.verdict(), 1, 0, false);
  }
}
