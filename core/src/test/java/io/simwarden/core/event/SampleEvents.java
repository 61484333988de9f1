package io.simwarden.core.event;

import static io.simwarden.core.state.SimFixtures.APN;
import static io.simwarden.core.state.SimFixtures.DEVICE;
import static io.simwarden.core.state.SimFixtures.FOREIGN;
import static io.simwarden.core.state.SimFixtures.HOME;
import static io.simwarden.core.state.SimFixtures.OPERATOR;
import static io.simwarden.core.state.SimFixtures.OTHER_APN;
import static io.simwarden.core.state.SimFixtures.OTHER_MODEL;
import static io.simwarden.core.state.SimFixtures.PARTNER;
import static io.simwarden.core.state.SimFixtures.SAME_MODEL;
import static io.simwarden.core.state.SimFixtures.T0;
import static io.simwarden.core.state.SimFixtures.profile;
import static io.simwarden.core.state.SimFixtures.provisioned;
import static io.simwarden.core.state.SimFixtures.rule;
import io.simwarden.core.event.SimEvent.AttachAccepted;
import io.simwarden.core.event.SimEvent.FlowsBlocked;
import io.simwarden.core.event.SimEvent.Provisioned;
import io.simwarden.core.event.SimEvent.UsageRecorded;
import io.simwarden.core.detect.AnomalyKind;
import io.simwarden.core.detect.Response;
import io.simwarden.core.firewall.RuleAction;
import io.simwarden.core.id.IpAddress;
import io.simwarden.core.id.Tac;
import io.simwarden.core.policy.CallDestination;
import io.simwarden.core.policy.SmsDestination;
import io.simwarden.core.policy.DeviceFacts;
import io.simwarden.core.policy.FormFactor;
import io.simwarden.core.policy.ImeiLock;
import io.simwarden.core.policy.ImeiLock.MismatchAction;
import io.simwarden.core.policy.PlmnPolicy;
import io.simwarden.core.policy.QuotaAction;
import io.simwarden.core.policy.Rat;
import io.simwarden.core.policy.Service;
import io.simwarden.core.traffic.CallUsage;
import io.simwarden.core.traffic.SmsUsage;
import io.simwarden.core.traffic.EndpointUsage;
import io.simwarden.core.traffic.Protocol;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/** One sample of every event type, shared by the chain tests and the serialization fixtures. */
public final class SampleEvents {

  private SampleEvents() {}

  public static final List<EndpointUsage> ENDPOINTS = List.of(
      new EndpointUsage(IpAddress.of("203.0.113.7"), Protocol.TCP, 23, 3, 900),
      new EndpointUsage(IpAddress.of("2001:db8::5"), Protocol.UDP, 161, 1, 80));

  /** A Provisioned event whose profile and lock hold sets of several elements. */
  public static Provisioned provisionedWithSets() {
    return provisioned(
        profile().services(Service.DATA, Service.SMS_MO, Service.SMS_MT, Service.VOICE)
            .rats(Rat.GSM, Rat.LTE, Rat.LTE_M, Rat.NB_IOT, Rat.NR)
            .plmns(new PlmnPolicy(false, HOME, Set.of(PARTNER, FOREIGN, io.simwarden.core.id.Plmn.of("23415"))))
            .apns(APN, OTHER_APN, io.simwarden.core.id.Apn.of("m2m.example.net"))
            .rules(rule("deny-telnet", 10, RuleAction.DENY, "0.0.0.0/0")).build(),
        ImeiLock.tacAllowlist(Set.of(DEVICE.tac(), OTHER_MODEL.tac(), Tac.of("86000000")), MismatchAction.REJECT_DATA,
            true),
        List.of(rule("allow-lan", 5, RuleAction.ALLOW, "10.0.0.0/8")), new DeviceFacts(FormFactor.EMBEDDED, "2.4.1"));
  }

  /**
   * Every event type once, without chain values: in a plausible order, then the types added later,
   * appended so that the stored fixtures of the others keep their chain values.
   */
  public static List<SimEvent> oneOfEachType() {
    Instant t = T0;
    return List.of(
        provisionedWithSets(),
        new SimEvent.Activated(t.plusSeconds(1), OPERATOR, null),
        new SimEvent.ProfileChanged(t.plusSeconds(2), OPERATOR, profile().build(), null),
        new SimEvent.ImeiLockChanged(t.plusSeconds(3), OPERATOR, ImeiLock.firstSeen(MismatchAction.REJECT_ATTACH,
            false), null),
        new SimEvent.FirewallChanged(t.plusSeconds(4), OPERATOR, List.of(rule("r1", 1, RuleAction.DENY, "::/0")),
            null),
        new SimEvent.FirmwareUpdateRequested(t.plusSeconds(5), OPERATOR, "2.5.0", null),
        new SimEvent.AttachAccepted(t.plusSeconds(6), DEVICE, Rat.LTE_M, HOME, APN, true, false, null),
        new SimEvent.ImeiBound(t.plusSeconds(6), DEVICE, null),
        new SimEvent.FirmwareReported(t.plusSeconds(7), "2.4.1", "2.5.0", true, null),
        new SimEvent.VulnerableFirmwareFlagged(t.plusSeconds(7), "2.5.0", null),
        new SimEvent.AttachRejected(t.plusSeconds(8), SAME_MODEL, Rat.NR, FOREIGN, OTHER_APN,
            RejectReason.RAT_NOT_ALLOWED, "NR not in the profile's RATs", null),
        new SimEvent.ImeiMismatch(t.plusSeconds(9), DEVICE.value(), SAME_MODEL, MismatchAction.REJECT_ATTACH, null),
        new SimEvent.FlowsBlocked(t.plusSeconds(10), RejectReason.FIREWALL, "deny-telnet", 4, 980, ENDPOINTS, null),
        new SimEvent.UnencryptedTrafficDetected(t.plusSeconds(10), 1, 80, ENDPOINTS.subList(1, 2), null),
        new SimEvent.SmsBlocked(t.plusSeconds(11), Service.SMS_MO, RejectReason.QUOTA_EXHAUSTED, null),
        new SimEvent.QuotaThresholdCrossed(t.plusSeconds(12), QuotaKind.DATA, 800, 1000, null),
        new SimEvent.QuotaExhausted(t.plusSeconds(13), QuotaKind.SMS, 10, 10, QuotaAction.BLOCK, null),
        new SimEvent.UsageRecorded(t.plusSeconds(3600), t, false, 100, 200, 3, 2, 1, 0, 4, 1, false, ENDPOINTS, 7,
            null),
        new SimEvent.Suspended(t.plusSeconds(3700), OPERATOR, "lost", null),
        new SimEvent.Resumed(t.plusSeconds(3800), OPERATOR, null),
        new SimEvent.AnomalyDetected(t.plusSeconds(3850), AnomalyKind.PORT_SCAN, 4.25, "23 targets on port 23",
            Response.QUARANTINE, null),
        new SimEvent.ResponseCleared(t.plusSeconds(3860), OPERATOR, null),
        new SimEvent.Terminated(t.plusSeconds(3900), OPERATOR, "decommissioned", null),
        new SimEvent.VoiceCallBlocked(t.plusSeconds(3950), CallDestination.IRSF_RANGE,
            RejectReason.DESTINATION_NOT_ALLOWED,
            "IRSF_RANGE numbers are not among the profile's voice destinations [EMERGENCY, DOMESTIC]", null),
        new SimEvent.VoiceUsageRecorded(t.plusSeconds(7200), t.plusSeconds(3600), false, 3, 420, List.of(
            new CallUsage(CallDestination.DOMESTIC, 2, 300), new CallUsage(CallDestination.INTERNATIONAL, 1, 120)),
            null),
        new SimEvent.SmsUsageRecorded(t.plusSeconds(7200), t.plusSeconds(3600), false, List.of(
            new SmsUsage(SmsDestination.DOMESTIC, 2), new SmsUsage(SmsDestination.PREMIUM_RATE, 3)), null),
        // Last, so that the state folded from the events before it is the one stored before it existed.
        new SimEvent.RequestKeyRecorded(t.plusSeconds(7300), "order-4711-suspend", "3f9a0c5e1b7d2468ace0135792468ace",
            null, "SIM is not ACTIVE", null, null));
  }
}
