package io.simwarden.core.decision;

import static io.simwarden.core.decision.Verdicts.assertOk;
import static io.simwarden.core.decision.Verdicts.assertRefused;
import static io.simwarden.core.state.SimFixtures.DEVICE;
import static io.simwarden.core.state.SimFixtures.OPERATOR;
import static io.simwarden.core.state.SimFixtures.activated;
import static io.simwarden.core.state.SimFixtures.active;
import static io.simwarden.core.state.SimFixtures.at;
import static io.simwarden.core.state.SimFixtures.attachAccepted;
import static io.simwarden.core.state.SimFixtures.attached;
import static io.simwarden.core.state.SimFixtures.profile;
import static io.simwarden.core.state.SimFixtures.sim;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.simwarden.core.detect.Detectors;
import io.simwarden.core.detect.WindowWatch;
import io.simwarden.core.event.QuotaKind;
import io.simwarden.core.event.RejectReason;
import io.simwarden.core.event.SimEvent;
import io.simwarden.core.event.SimEvent.FirmwareReported;
import io.simwarden.core.event.SimEvent.VulnerableFirmwareFlagged;
import io.simwarden.core.policy.ConnectivityProfile;
import io.simwarden.core.policy.DeviceFacts;
import io.simwarden.core.policy.FleetPolicy;
import io.simwarden.core.policy.FormFactor;
import io.simwarden.core.policy.ImeiLock;
import io.simwarden.core.policy.Quota;
import io.simwarden.core.policy.QuotaAction;
import io.simwarden.core.policy.QuotaPeriod;
import io.simwarden.core.policy.Service;
import io.simwarden.core.state.SimState;
import io.simwarden.core.traffic.UsageAccumulator;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class NetworkDeciderSmsAndFirmwareTest {

  private static final Instant AT = at(60);
  private static final ConnectivityProfile METER = profile().build();

  private final NetworkDecider decider = new NetworkDecider(8, new Detectors(6, Duration.ofHours(1)));
  private final WindowWatch watch = new WindowWatch();
  private final UsageAccumulator window = new UsageAccumulator(3_600_000L, 16);

  private NetworkDecision sms(SimState state, Service direction, Instant at) {
    return decider.sms(new NetworkContext(state, FleetPolicy.EMPTY, window, watch, at), direction);
  }

  private NetworkDecision firmwareReported(SimState state, FleetPolicy fleet, String version, Instant at) {
    return decider.firmwareReported(new NetworkContext(state, fleet, window, watch, at), version);
  }

  // ---- SMS ------------------------------------------------------------------------------------

  /** SIMs of {@code profile} that cannot use a service, each with the reason: nothing to journal. */
  static Stream<Arguments> unreachable(ConnectivityProfile profile) {
    return Stream.of(
        Arguments.of(SimState.EMPTY, RejectReason.SIM_NOT_PROVISIONED),
        Arguments.of(sim(profile, ImeiLock.OFF, DeviceFacts.UNKNOWN), RejectReason.NOT_ACTIVATED),
        Arguments.of(sim(profile, ImeiLock.OFF, DeviceFacts.UNKNOWN, activated(), attachAccepted(DEVICE, true),
            new SimEvent.Suspended(at(10), OPERATOR, "lost", null)), RejectReason.SUSPENDED),
        Arguments.of(active(profile, ImeiLock.OFF), RejectReason.NOT_ATTACHED));
  }

  static Stream<Arguments> smsRefusedWithoutJournaling() {
    return unreachable(METER);
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource
  void smsRefusedWithoutJournaling(SimState state, RejectReason reason) {
    NetworkDecision d = sms(state, Service.SMS_MO, AT);
    assertEquals(List.of(), d.events());
    assertRefused(d.verdict(), reason);
    assertFalse(window.isOpen());
  }

  @Test
  void smsServiceOutsideTheProfileIsBlockedAndJournaled() {
    SimState state = attached(profile().services(Service.DATA, Service.SMS_MT).build());
    NetworkDecision d = sms(state, Service.SMS_MO, AT);
    assertEquals(List.of(new SimEvent.SmsBlocked(AT, Service.SMS_MO, RejectReason.SERVICE_NOT_ALLOWED, null)),
        d.events());
    assertRefused(d.verdict(), RejectReason.SERVICE_NOT_ALLOWED, "SMS_MO is not allowed by the profile");
    assertFalse(window.isOpen());
    assertOk(sms(state, Service.SMS_MT, AT).verdict());
  }

  @Test
  void smsIsCountedPerDirectionWithoutJournaling() {
    SimState state = attached(METER);
    for (Service direction : List.of(Service.SMS_MO, Service.SMS_MT, Service.SMS_MT)) {
      NetworkDecision d = sms(state, direction, AT);
      assertEquals(List.of(), d.events());
      assertOk(d.verdict());
    }
    SimEvent.UsageRecorded closed = window.close(false, 0);
    assertEquals(1, closed.smsMo());
    assertEquals(2, closed.smsMt());
  }

  @Test
  void smsIsCarriedWhenOnlyDataIsRefusedByTheImeiLock() {
    SimState state = sim(METER, ImeiLock.OFF, DeviceFacts.UNKNOWN, activated(), attachAccepted(DEVICE, false));
    assertOk(sms(state, Service.SMS_MO, AT).verdict());
  }

  @Test
  void smsQuotaWarnsThenExhaustsOnceThenBlocksAndJournalsTheBlock() {
    SimState state = attached(profile().smsQuota(new Quota(4, 50, QuotaAction.BLOCK, QuotaPeriod.DAY)).build());
    List<List<SimEvent>> expected = List.of(
        List.of(),
        List.of(new SimEvent.QuotaThresholdCrossed(at(61), QuotaKind.SMS, 2, 4, null)),
        List.of(),
        List.of(new SimEvent.QuotaExhausted(at(63), QuotaKind.SMS, 4, 4, QuotaAction.BLOCK, null)));
    for (int i = 0; i < expected.size(); i++) {
      NetworkDecision d = sms(state, i % 2 == 0 ? Service.SMS_MO : Service.SMS_MT, at(60 + i));
      assertEquals(expected.get(i), d.events(), "SMS " + i);
      assertOk(d.verdict());
      state = state.applyAll(d.events());
    }
    NetworkDecision blocked = sms(state, Service.SMS_MT, at(64));
    assertEquals(List.of(new SimEvent.SmsBlocked(at(64), Service.SMS_MT, RejectReason.QUOTA_EXHAUSTED, null)),
        blocked.events());
    assertRefused(blocked.verdict(), RejectReason.QUOTA_EXHAUSTED, "SMS quota of 4 used up");
    assertEquals(4, window.sms());
  }

  @Test
  void usedUpSmsQuotaWithThrottleKeepsCarrying() {
    SimState state = attached(profile().smsQuota(new Quota(1, 100, QuotaAction.THROTTLE, QuotaPeriod.DAY)).build());
    NetworkDecision first = sms(state, Service.SMS_MO, AT);
    assertEquals(List.of(new SimEvent.QuotaThresholdCrossed(AT, QuotaKind.SMS, 1, 1, null),
        new SimEvent.QuotaExhausted(AT, QuotaKind.SMS, 1, 1, QuotaAction.THROTTLE, null)), first.events());
    state = state.applyAll(first.events());
    NetworkDecision second = sms(state, Service.SMS_MO, AT);
    assertEquals(List.of(), second.events());
    assertOk(second.verdict());
    assertEquals(2, window.sms());
  }

  @Test
  void smsDirectionMustBeAnSmsService() {
    assertThrows(IllegalArgumentException.class, () -> sms(attached(METER), Service.DATA, AT));
  }

  // ---- firmware reports -----------------------------------------------------------------------

  private static SimState running(String firmware, SimEvent... more) {
    return sim(METER, ImeiLock.OFF, new DeviceFacts(FormFactor.EMBEDDED, firmware), more);
  }

  @Test
  void firmwareReportOfAnUnprovisionedSimIsRefused() {
    NetworkDecision d = firmwareReported(SimState.EMPTY, FleetPolicy.EMPTY, "2.4.1", AT);
    assertEquals(List.of(), d.events());
    assertRefused(d.verdict(), RejectReason.SIM_NOT_PROVISIONED);
  }

  @Test
  void firstFirmwareReportIsJournaled() {
    NetworkDecision d = firmwareReported(active(METER, ImeiLock.OFF), FleetPolicy.EMPTY, "2.4.1", AT);
    assertEquals(List.of(new FirmwareReported(AT, null, "2.4.1", false, null)), d.events());
    assertOk(d.verdict());
  }

  @Test
  void unchangedFirmwareJournalsNothing() {
    NetworkDecision d = firmwareReported(running("2.4.1"), FleetPolicy.EMPTY, "2.4.1", AT);
    assertEquals(List.of(), d.events());
    assertOk(d.verdict());
  }

  @Test
  void reportOfTheRequestedVersionCompletesTheUpdate() {
    SimState state = running("2.4.1", new SimEvent.FirmwareUpdateRequested(at(5), OPERATOR, "2.5.0", null));
    NetworkDecision d = firmwareReported(state, FleetPolicy.EMPTY, "2.5.0", AT);
    assertEquals(List.of(new FirmwareReported(AT, "2.4.1", "2.5.0", true, null)), d.events());
    SimState after = state.applyAll(d.events());
    assertNull(after.requestedFirmware());
    assertEquals("2.5.0", after.device().firmwareVersion());
  }

  @Test
  void reportOfAnotherVersionLeavesTheRequestPending() {
    SimState state = running("2.4.1", new SimEvent.FirmwareUpdateRequested(at(5), OPERATOR, "2.5.0", null));
    NetworkDecision d = firmwareReported(state, FleetPolicy.EMPTY, "2.4.2", AT);
    assertEquals(List.of(new FirmwareReported(AT, "2.4.1", "2.4.2", false, null)), d.events());
    assertEquals("2.5.0", state.applyAll(d.events()).requestedFirmware());
  }

  @Test
  void vulnerableFirmwareIsFlaggedOncePerVersionRun() {
    FleetPolicy fleet = new FleetPolicy(Set.of(), Set.of("1.0.0", "1.0.1"));
    SimState state = running("0.9");

    NetworkDecision toVulnerable = firmwareReported(state, fleet, "1.0.0", at(1));
    assertEquals(List.of(new FirmwareReported(at(1), "0.9", "1.0.0", false, null),
        new VulnerableFirmwareFlagged(at(1), "1.0.0", null)), toVulnerable.events());
    state = state.applyAll(toVulnerable.events());
    assertEquals("1.0.0", state.vulnerableFirmware());

    assertEquals(List.of(), firmwareReported(state, fleet, "1.0.0", at(2)).events());

    NetworkDecision toOtherVulnerable = firmwareReported(state, fleet, "1.0.1", at(3));
    assertEquals(List.of(new FirmwareReported(at(3), "1.0.0", "1.0.1", false, null),
        new VulnerableFirmwareFlagged(at(3), "1.0.1", null)), toOtherVulnerable.events());
    state = state.applyAll(toOtherVulnerable.events());

    NetworkDecision toSafe = firmwareReported(state, fleet, "2.0.0", at(4));
    assertEquals(List.of(new FirmwareReported(at(4), "1.0.1", "2.0.0", false, null)), toSafe.events());
    assertNull(state.applyAll(toSafe.events()).vulnerableFirmware());
  }

  @Test
  void firmwareFlaggedAtAttachIsNotFlaggedAgainByAnUnchangedReport() {
    FleetPolicy fleet = new FleetPolicy(Set.of(), Set.of("1.0.0"));
    SimState state = running("1.0.0", activated(), new VulnerableFirmwareFlagged(at(2), "1.0.0", null));
    assertEquals(List.of(), firmwareReported(state, fleet, "1.0.0", AT).events());
  }

  @Test
  void runningFirmwareNewlyListedAsVulnerableIsFlaggedByAReport() {
    FleetPolicy fleet = new FleetPolicy(Set.of(), Set.of("1.0.0"));
    assertEquals(List.of(new VulnerableFirmwareFlagged(AT, "1.0.0", null)),
        firmwareReported(running("1.0.0"), fleet, "1.0.0", AT).events());
  }
}
