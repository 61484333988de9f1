package io.simwarden.core.detect;

import static io.simwarden.core.detect.Device.HOME;
import static io.simwarden.core.detect.Device.OWN_DEVICE;
import static io.simwarden.core.detect.Device.PHONE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simwarden.core.decision.OperatorDecider;
import io.simwarden.core.decision.OperatorDecision;
import io.simwarden.core.decision.Verdict;
import io.simwarden.core.detect.Device.Archetype;
import io.simwarden.core.event.RejectReason;
import io.simwarden.core.event.SimEvent;
import io.simwarden.core.firewall.FirewallRule;
import io.simwarden.core.firewall.RuleAction;
import io.simwarden.core.id.Apn;
import io.simwarden.core.id.Cidr;
import io.simwarden.core.id.IpAddress;
import io.simwarden.core.id.PortRange;
import io.simwarden.core.policy.ConnectivityProfile;
import io.simwarden.core.policy.ImeiLock;
import io.simwarden.core.policy.PrivateNetwork;
import io.simwarden.core.policy.Rat;
import io.simwarden.core.policy.SimStatus;
import io.simwarden.core.traffic.Direction;
import io.simwarden.core.traffic.Flow;
import io.simwarden.core.traffic.Protocol;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** What the network does about a detection: the profile's response, and lifting it. */
class ResponsesTest {

  static final Apn APN = Apn.of("camera.acme");
  static final Instant ATTACK = Device.MONDAY.plus(Duration.ofHours(10)).plusSeconds(11);
  static final Flow TO_VMS = new Flow(IpAddress.of("198.51.100.40"), Protocol.TCP, 443, Direction.UPLINK, 50_000,
      40, true);
  static final Flow TO_API = new Flow(IpAddress.of("198.51.100.41"), Protocol.TCP, 443, Direction.UPLINK, 2_000, 4,
      true);

  /** The camera profile with {@code responses}, an explicit ALLOW for the VMS and a DENY for telnet. */
  static ConnectivityProfile camera(Map<AnomalyKind, Response> responses, PrivateNetwork privateNetwork) {
    ConnectivityProfile p = Device.profile(Archetype.CAMERA, APN);
    return new ConnectivityProfile(p.name(), p.services(), p.rats(), p.plmns(), p.apns(), privateNetwork,
        p.dataQuota(), p.smsQuota(), p.unencrypted(),
        List.of(new FirewallRule("vms", 10, RuleAction.ALLOW, Direction.UPLINK, Protocol.TCP,
                Cidr.of("198.51.100.40/32"), PortRange.single(443)),
            new FirewallRule("no-telnet", 20, RuleAction.DENY, Direction.BOTH, Protocol.TCP, Cidr.of("0.0.0.0/0"),
                PortRange.single(23))),
        p.defaultAction(), responses);
  }

  static Twin learnedCamera(Map<AnomalyKind, Response> responses, PrivateNetwork privateNetwork) {
    Twin twin = new Twin(camera(responses, privateNetwork), ImeiLock.OFF, Device.MONDAY);
    twin.attach(OWN_DEVICE, Rat.LTE, HOME, APN, Device.MONDAY.plusSeconds(1));
    for (int hour = 0; hour < 10; hour++) {
      twin.traffic(List.of(TO_VMS, TO_API), Device.MONDAY.plus(Duration.ofHours(hour)).plusSeconds(600));
    }
    return twin;
  }

  static Verdict scan(Twin twin, Instant at) {
    return twin.traffic(Attacks.telnetScan(new Random(at.getEpochSecond()), 200), at);
  }

  @Test
  void suspendSuspendsTheSimAsTheDetector() {
    Twin twin = learnedCamera(Map.of(AnomalyKind.PORT_SCAN, Response.SUSPEND), PrivateNetwork.NONE);
    Verdict verdict = scan(twin, ATTACK);
    assertEquals(new Detection(AnomalyKind.PORT_SCAN, verdict.detections().get(0).score(), Response.SUSPEND),
        verdict.detections().get(0));
    int scanAt = twin.journal.size() - 1;
    while (!(twin.journal.get(scanAt) instanceof SimEvent.AnomalyDetected a && a.kind() == AnomalyKind.PORT_SCAN)) {
      scanAt--;
    }
    SimEvent.AnomalyDetected detected = (SimEvent.AnomalyDetected) twin.journal.get(scanAt);
    assertEquals(Response.SUSPEND, detected.response());
    SimEvent.Suspended suspended = assertInstanceOf(SimEvent.Suspended.class, twin.journal.get(scanAt + 1));
    assertEquals("network:detector:port_scan", suspended.by());
    assertEquals(SimStatus.SUSPENDED, twin.state.status());
    assertEquals(RejectReason.SUSPENDED, twin.traffic(List.of(TO_VMS), ATTACK.plusSeconds(300)).reason());
  }

  @Test
  void suspendOnAnAttachRefusesTheAttach() {
    Twin twin = learnedCamera(Map.of(AnomalyKind.IMEI_CHANGE, Response.SUSPEND), PrivateNetwork.NONE);
    Verdict verdict = twin.attach(PHONE, Rat.LTE, HOME, APN, ATTACK);
    assertFalse(verdict.accepted());
    assertEquals(RejectReason.SUSPENDED, verdict.reason());
    assertEquals("SIM suspended by network:detector:imei_change", verdict.detail());
    assertEquals(AnomalyKind.IMEI_CHANGE, verdict.detections().get(0).kind());
    List<Class<?>> tail = twin.journal.subList(twin.journal.size() - 3, twin.journal.size()).stream()
        .<Class<?>>map(Object::getClass).toList();
    assertEquals(List.of(SimEvent.AnomalyDetected.class, SimEvent.Suspended.class, SimEvent.AttachRejected.class),
        tail);
    assertNull(twin.state.lastAttach(), "the refused attach ended the session: nothing more is carried");
  }

  @Test
  void quarantineCarriesOnlyFlowsAnExplicitAllowRuleAdmits() {
    Twin twin = learnedCamera(Map.of(AnomalyKind.PORT_SCAN, Response.QUARANTINE), PrivateNetwork.NONE);
    assertTrue(twin.traffic(List.of(TO_VMS, TO_API), ATTACK.minusSeconds(300)).blockedFlows() == 0);
    scan(twin, ATTACK);
    assertTrue(twin.state.quarantined());
    Flow telnet = new Flow(IpAddress.of("203.0.113.9"), Protocol.TCP, 23, Direction.UPLINK, 60, 1, false);
    Verdict verdict = twin.traffic(List.of(TO_VMS, TO_API, telnet), ATTACK.plusSeconds(300));
    assertEquals(1, verdict.allowedFlows());
    assertEquals(2, verdict.blockedFlows());
    List<SimEvent.FlowsBlocked> blocked = twin.journal.stream().filter(SimEvent.FlowsBlocked.class::isInstance)
        .map(SimEvent.FlowsBlocked.class::cast).filter(b -> b.at().equals(ATTACK.plusSeconds(300))).toList();
    assertEquals(List.of("quarantine", "no-telnet"), blocked.stream().map(SimEvent.FlowsBlocked::ruleId).toList());
    assertEquals(TO_API.remote(), blocked.get(0).endpoints().get(0).remote());
  }

  @Test
  void quarantineClosesThePrivateNetworksInternetBreakoutToo() {
    PrivateNetwork breakout = new PrivateNetwork(true, List.of(Cidr.of("10.0.0.0/8")), true);
    Twin twin = learnedCamera(Map.of(AnomalyKind.PORT_SCAN, Response.QUARANTINE), breakout);
    scan(twin, ATTACK);
    Flow inside = new Flow(IpAddress.of("10.1.2.3"), Protocol.TCP, 443, Direction.UPLINK, 500, 2, true);
    Verdict verdict = twin.traffic(List.of(TO_VMS, TO_API, inside), ATTACK.plusSeconds(300));
    assertEquals(1, verdict.allowedFlows(), "only the explicitly allowed VMS flow is carried");
  }

  @Test
  void throttleFlagsTheVerdictAndTheUsageUntilCleared() {
    Twin twin = learnedCamera(Map.of(AnomalyKind.VOLUME_SPIKE, Response.THROTTLE), PrivateNetwork.NONE);
    Flow burst = new Flow(TO_VMS.remote(), Protocol.TCP, 443, Direction.UPLINK, 5_000_000, 4_000, true);
    Verdict trigger = twin.traffic(List.of(burst), ATTACK);
    assertEquals(AnomalyKind.VOLUME_SPIKE, trigger.detections().get(0).kind());
    assertTrue(trigger.throttled());
    assertTrue(twin.traffic(List.of(TO_VMS), ATTACK.plus(Duration.ofHours(1))).throttled());
    SimEvent.UsageRecorded usage = twin.journal.stream().filter(SimEvent.UsageRecorded.class::isInstance)
        .map(SimEvent.UsageRecorded.class::cast).reduce((a, b) -> b).orElseThrow();
    assertTrue(usage.throttled());

    OperatorDecision cleared = twin.operator(OperatorDecider.clearResponse(twin.state, ATTACK.plus(Duration.ofHours(2)),
        "ops"));
    assertNull(cleared.refusal());
    assertEquals(new SimEvent.ResponseCleared(ATTACK.plus(Duration.ofHours(2)), "ops", null),
        cleared.events().get(0));
    assertFalse(twin.state.throttledByDetector());
    assertFalse(twin.traffic(List.of(TO_VMS), ATTACK.plus(Duration.ofHours(2)).plusSeconds(1)).throttled());
  }

  @Test
  void clearingLiftsAQuarantine() {
    Twin twin = learnedCamera(Map.of(AnomalyKind.PORT_SCAN, Response.QUARANTINE), PrivateNetwork.NONE);
    scan(twin, ATTACK);
    twin.operator(OperatorDecider.clearResponse(twin.state, ATTACK.plusSeconds(60), "ops"));
    assertFalse(twin.state.quarantined());
    assertEquals(0, twin.traffic(List.of(TO_VMS, TO_API), ATTACK.plusSeconds(300)).blockedFlows());
  }

  @Test
  void clearingIsRefusedWhenNoResponseIsInForce() {
    Twin twin = learnedCamera(Map.of(AnomalyKind.PORT_SCAN, Response.SUSPEND), PrivateNetwork.NONE);
    OperatorDecision refused = OperatorDecider.clearResponse(twin.state, ATTACK, "ops");
    assertEquals("no THROTTLE or QUARANTINE response is in force", refused.refusal());
    scan(twin, ATTACK);
    assertEquals("no THROTTLE or QUARANTINE response is in force; a suspended SIM is resumed with Resume",
        OperatorDecider.clearResponse(twin.state, ATTACK.plusSeconds(1), "ops").refusal());
  }

  @Test
  void windowsShapedByAResponseTeachNothing() {
    Twin twin = learnedCamera(Map.of(AnomalyKind.PORT_SCAN, Response.QUARANTINE), PrivateNetwork.NONE);
    scan(twin, ATTACK);
    int learned = twin.state.baseline().windows();
    for (int hour = 1; hour <= 3; hour++) {
      twin.traffic(List.of(TO_VMS), ATTACK.plus(Duration.ofHours(hour)));
    }
    assertEquals(learned, twin.state.baseline().windows());
  }
}
