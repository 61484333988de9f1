package io.simwarden.core.state;

import static io.simwarden.core.state.SimFixtures.APN;
import static io.simwarden.core.state.SimFixtures.DEVICE;
import static io.simwarden.core.state.SimFixtures.HOME;
import static io.simwarden.core.state.SimFixtures.ICCID;
import static io.simwarden.core.state.SimFixtures.IMSI;
import static io.simwarden.core.state.SimFixtures.OPERATOR;
import static io.simwarden.core.state.SimFixtures.ORGANISATION;
import static io.simwarden.core.state.SimFixtures.PARTNER;
import static io.simwarden.core.state.SimFixtures.SAME_MODEL;
import static io.simwarden.core.state.SimFixtures.T0;
import static io.simwarden.core.state.SimFixtures.activated;
import static io.simwarden.core.state.SimFixtures.at;
import static io.simwarden.core.state.SimFixtures.profile;
import static io.simwarden.core.state.SimFixtures.provisioned;
import static io.simwarden.core.state.SimFixtures.rule;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simwarden.core.event.EventChain;
import io.simwarden.core.event.QuotaKind;
import io.simwarden.core.event.RejectReason;
import io.simwarden.core.event.SimEvent;
import io.simwarden.core.firewall.FirewallRule;
import io.simwarden.core.firewall.RuleAction;
import io.simwarden.core.policy.ConnectivityProfile;
import io.simwarden.core.policy.DeviceFacts;
import io.simwarden.core.policy.FormFactor;
import io.simwarden.core.policy.ImeiLock;
import io.simwarden.core.policy.ImeiLock.MismatchAction;
import io.simwarden.core.policy.Quota;
import io.simwarden.core.policy.QuotaAction;
import io.simwarden.core.policy.QuotaPeriod;
import io.simwarden.core.policy.Rat;
import io.simwarden.core.policy.Service;
import io.simwarden.core.policy.SimStatus;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SimStateTest {

  private static final Quota DAILY_DATA = new Quota(10_000, 80, QuotaAction.BLOCK, QuotaPeriod.DAY);
  private static final Quota MONTHLY_SMS = new Quota(100, 80, QuotaAction.THROTTLE, QuotaPeriod.MONTH);
  private static final ConnectivityProfile METER = profile().dataQuota(DAILY_DATA).smsQuota(MONTHLY_SMS).build();
  private static final FirewallRule SIM_RULE = rule("quarantine", 1, RuleAction.DENY, "203.0.113.0/24");
  private static final DeviceFacts RUNNING_2_4_1 = new DeviceFacts(FormFactor.EMBEDDED, "2.4.1");
  private static final long DAY_START = Instant.parse("2024-03-10T00:00:00Z").toEpochMilli();
  private static final long MONTH_START = Instant.parse("2024-03-01T00:00:00Z").toEpochMilli();

  private static SimState provisionedSim() {
    return SimState.EMPTY.apply(provisioned(METER, ImeiLock.OFF, List.of(SIM_RULE), RUNNING_2_4_1));
  }

  private static SimState activeSim() {
    return provisionedSim().apply(activated());
  }

  private static SimEvent.UsageRecorded usage(Instant windowStart, long up, long down, long smsMo, long smsMt) {
    return new SimEvent.UsageRecorded(windowStart.plusSeconds(3600), windowStart, false, up, down, 1, 1, smsMo, smsMt,
        0, 0, false, List.of(), 0, null);
  }

  @Test
  void emptyStateIsUnprovisionedAtGenesis() {
    assertFalse(SimState.EMPTY.isProvisioned());
    assertEquals(EventChain.GENESIS, SimState.EMPTY.chain());
    assertEquals(List.of(), SimState.EMPTY.firewallRules());
    assertEquals(QuotaCounter.NONE, SimState.EMPTY.data());
  }

  @Test
  void provisionedSetsIdentityConfigurationAndIssuedStatus() {
    SimState s = provisionedSim();
    assertTrue(s.isProvisioned());
    assertEquals(IMSI, s.imsi());
    assertEquals(ICCID, s.iccid());
    assertEquals(ORGANISATION, s.organisation());
    assertEquals(SimStatus.ISSUED, s.status());
    assertEquals(METER, s.profile());
    assertEquals(ImeiLock.OFF, s.imeiLock());
    assertEquals(List.of(SIM_RULE), s.firewallRules());
    assertEquals(RUNNING_2_4_1, s.device());
    assertNull(s.requestedFirmware());
    assertNull(s.vulnerableFirmware());
    assertNull(s.lastAttach());
    assertNull(s.suspendedBy());
    assertEquals(QuotaCounter.NONE, s.data());
    assertEquals(QuotaCounter.NONE, s.sms());
    assertEquals(T0, s.lastEventAt());
  }

  @Test
  void lifecycleEventsSetStatusAndWhoSuspended() {
    SimState active = activeSim();
    assertEquals(SimStatus.ACTIVE, active.status());

    SimState suspended = active.apply(new SimEvent.Suspended(at(5), "network:imei-lock", "mismatch", null));
    assertEquals(SimStatus.SUSPENDED, suspended.status());
    assertEquals("network:imei-lock", suspended.suspendedBy());

    SimState resumed = suspended.apply(new SimEvent.Resumed(at(6), OPERATOR, null));
    assertEquals(SimStatus.ACTIVE, resumed.status());
    assertNull(resumed.suspendedBy());

    SimState terminated = resumed.apply(new SimEvent.Suspended(at(7), OPERATOR, "end", null))
        .apply(new SimEvent.Terminated(at(8), OPERATOR, "end", null));
    assertEquals(SimStatus.TERMINATED, terminated.status());
    assertNull(terminated.suspendedBy());
    assertEquals(IMSI, terminated.imsi());
  }

  @Test
  void configurationEventsReplaceTheirPartOnly() {
    ConnectivityProfile open = ConnectivityProfile.OPEN;
    ImeiLock pinned = ImeiLock.pinned(DEVICE, MismatchAction.REJECT_DATA, true);
    List<FirewallRule> rules = List.of(rule("new", 3, RuleAction.ALLOW, "::/0"));

    SimState s = activeSim().applyAll(List.of(
        new SimEvent.ProfileChanged(at(5), OPERATOR, open, null),
        new SimEvent.ImeiLockChanged(at(6), OPERATOR, pinned, null),
        new SimEvent.FirewallChanged(at(7), OPERATOR, rules, null),
        new SimEvent.FirmwareUpdateRequested(at(8), OPERATOR, "2.5.0", null)));
    assertEquals(open, s.profile());
    assertEquals(pinned, s.imeiLock());
    assertEquals(rules, s.firewallRules());
    assertEquals("2.5.0", s.requestedFirmware());
    assertEquals(SimStatus.ACTIVE, s.status());
    assertEquals(RUNNING_2_4_1, s.device());
  }

  @Test
  void imeiBoundBindsAFirstSeenLock() {
    SimState s = activeSim()
        .apply(new SimEvent.ImeiLockChanged(at(5), OPERATOR, ImeiLock.firstSeen(MismatchAction.REJECT_ATTACH, true),
            null))
        .apply(new SimEvent.ImeiBound(at(6), DEVICE, null));
    assertEquals(ImeiLock.firstSeen(MismatchAction.REJECT_ATTACH, true).boundTo(DEVICE), s.imeiLock());
    assertFalse(s.imeiLock().awaitsBinding());
  }

  @Test
  void attachAcceptedBecomesTheLastAttachContext() {
    SimState s = activeSim().apply(new SimEvent.AttachAccepted(at(5), SAME_MODEL, Rat.NB_IOT, PARTNER, APN, false,
        true, null));
    assertEquals(new AttachContext(at(5), SAME_MODEL, Rat.NB_IOT, PARTNER, APN, false, true), s.lastAttach());
  }

  @Test
  void firmwareReportUpdatesTheDeviceClearsTheFlagAndCompletesOnlyWhenSaid() {
    SimState requested = activeSim()
        .apply(new SimEvent.FirmwareUpdateRequested(at(5), OPERATOR, "2.5.0", null))
        .apply(new SimEvent.VulnerableFirmwareFlagged(at(6), "2.4.1", null));
    assertEquals("2.4.1", requested.vulnerableFirmware());

    SimState other = requested.apply(new SimEvent.FirmwareReported(at(7), "2.4.1", "2.4.2", false, null));
    assertEquals(new DeviceFacts(FormFactor.EMBEDDED, "2.4.2"), other.device());
    assertEquals("2.5.0", other.requestedFirmware());
    assertNull(other.vulnerableFirmware());

    SimState completed = other.apply(new SimEvent.FirmwareReported(at(8), "2.4.2", "2.5.0", true, null));
    assertEquals("2.5.0", completed.device().firmwareVersion());
    assertNull(completed.requestedFirmware());
  }

  @Test
  void usageCountsIntoTheQuotaPeriodOfItsWindowStart() {
    SimState s = activeSim().applyAll(List.of(
        usage(Instant.parse("2024-03-10T08:00:00Z"), 100, 200, 1, 2),
        usage(Instant.parse("2024-03-10T09:00:00Z"), 1_000, 0, 0, 4)));
    assertEquals(new QuotaCounter(DAY_START, 1_300, false, false), s.data());
    assertEquals(new QuotaCounter(MONTH_START, 7, false, false), s.sms());

    SimState nextDay = s.apply(usage(Instant.parse("2024-03-11T00:00:00Z"), 5, 5, 1, 0));
    assertEquals(new QuotaCounter(DAY_START + 86_400_000L, 10, false, false), nextDay.data());
    assertEquals(new QuotaCounter(MONTH_START, 8, false, false), nextDay.sms());
  }

  @Test
  void usageLateInAWindowThatClosesAfterMidnightCountsForTheDayItStarted() {
    SimState s = activeSim().apply(usage(Instant.parse("2024-03-10T23:00:00Z"), 500, 0, 0, 0));
    assertEquals(new QuotaCounter(DAY_START, 500, false, false), s.data());
  }

  @Test
  void thresholdAndExhaustionMarkTheCounterOfTheirKindAndPeriod() {
    SimState s = activeSim().applyAll(List.of(
        usage(Instant.parse("2024-03-10T08:00:00Z"), 8_000, 0, 90, 0),
        new SimEvent.QuotaThresholdCrossed(at(5), QuotaKind.DATA, 8_000, 10_000, null)));
    assertEquals(new QuotaCounter(DAY_START, 8_000, true, false), s.data());
    assertEquals(new QuotaCounter(MONTH_START, 90, false, false), s.sms());

    s = s.applyAll(List.of(new SimEvent.QuotaExhausted(at(6), QuotaKind.SMS, 100, 100, QuotaAction.THROTTLE, null)));
    assertEquals(new QuotaCounter(MONTH_START, 90, true, true), s.sms());
    assertEquals(new QuotaCounter(DAY_START, 8_000, true, false), s.data());

    s = s.apply(new SimEvent.QuotaExhausted(at(7), QuotaKind.DATA, 10_000, 10_000, QuotaAction.BLOCK, null));
    assertEquals(new QuotaCounter(DAY_START, 8_000, true, true), s.data());
  }

  @Test
  void quotaEventOfANewPeriodStartsAFreshCounter() {
    SimState s = activeSim().applyAll(List.of(
        usage(Instant.parse("2024-03-10T08:00:00Z"), 9_000, 0, 0, 0),
        new SimEvent.QuotaExhausted(at(5), QuotaKind.DATA, 10_000, 10_000, QuotaAction.BLOCK, null),
        new SimEvent.QuotaThresholdCrossed(at(86_400), QuotaKind.DATA, 8_000, 10_000, null)));
    assertEquals(new QuotaCounter(DAY_START + 86_400_000L, 0, true, false), s.data());
  }

  @Test
  void withoutAQuotaUsageIsCountedPerDay() {
    SimState s = SimState.EMPTY.apply(provisioned(profile().build(), ImeiLock.OFF, List.of(), DeviceFacts.UNKNOWN))
        .apply(usage(Instant.parse("2024-03-10T08:00:00Z"), 10, 20, 3, 0));
    assertEquals(new QuotaCounter(DAY_START, 30, false, false), s.data());
    assertEquals(new QuotaCounter(DAY_START, 3, false, false), s.sms());
  }

  static Stream<SimEvent> recordOnlyEvents() {
    return Stream.of(
        new SimEvent.AttachRejected(at(9), DEVICE, Rat.GSM, HOME, APN, RejectReason.RAT_NOT_ALLOWED, "GSM", null),
        new SimEvent.ImeiMismatch(at(9), DEVICE.value(), SAME_MODEL, MismatchAction.REJECT_DATA, null),
        new SimEvent.FlowsBlocked(at(9), RejectReason.FIREWALL, "quarantine", 1, 60, List.of(), null),
        new SimEvent.UnencryptedTrafficDetected(at(9), 1, 60, List.of(), null),
        new SimEvent.SmsBlocked(at(9), Service.SMS_MO, RejectReason.SERVICE_NOT_ALLOWED, null));
  }

  @ParameterizedTest
  @MethodSource("recordOnlyEvents")
  void recordOnlyEventsChangeNothingButTimeAndChain(SimEvent event) throws ReflectiveOperationException {
    SimState before = activeSim();
    SimState after = before.apply(event.withChain("c".repeat(64)));
    assertEquals(at(9), after.lastEventAt());
    assertEquals("c".repeat(64), after.chain());
    for (RecordComponent field : SimState.class.getRecordComponents()) {
      if (!field.getName().equals("lastEventAt") && !field.getName().equals("chain")) {
        assertEquals(field.getAccessor().invoke(before), field.getAccessor().invoke(after), field.getName());
      }
    }
  }

  @Test
  void everyFoldRecordsTheTimeAndChainOfTheLastEvent() {
    List<SimEvent> sealed = EventChain.seal(EventChain.GENESIS, List.of(
        provisioned(METER, ImeiLock.OFF, List.of(), RUNNING_2_4_1), activated(),
        new SimEvent.AttachAccepted(at(5), DEVICE, Rat.LTE_M, HOME, APN, true, false, null)));
    SimState s = SimState.EMPTY;
    for (SimEvent e : sealed) {
      s = s.apply(e);
      assertEquals(e.at(), s.lastEventAt());
      assertEquals(e.chain(), s.chain());
    }
  }

  @Test
  void foldingTheSameEventsGivesTheSameState() {
    List<SimEvent> events = List.of(provisioned(METER, ImeiLock.OFF, List.of(SIM_RULE), RUNNING_2_4_1), activated(),
        usage(Instant.parse("2024-03-10T08:00:00Z"), 1, 2, 3, 4));
    assertEquals(SimState.EMPTY.applyAll(events), SimState.EMPTY.applyAll(events));
    assertSame(SimState.EMPTY, SimState.EMPTY.applyAll(List.of()));
  }

  @Test
  void attachContextIsTheSameOnlyWhenDeviceRadioNetworkAndApnAllMatch() {
    AttachContext c = new AttachContext(T0, DEVICE, Rat.LTE_M, HOME, APN, true, false);
    assertTrue(c.sameAs(DEVICE, Rat.LTE_M, HOME, APN));
    assertFalse(c.sameAs(SAME_MODEL, Rat.LTE_M, HOME, APN));
    assertFalse(c.sameAs(DEVICE, Rat.NB_IOT, HOME, APN));
    assertFalse(c.sameAs(DEVICE, Rat.LTE_M, PARTNER, APN));
    assertFalse(c.sameAs(DEVICE, Rat.LTE_M, HOME, SimFixtures.OTHER_APN));
  }

  @Test
  void quotaCounterStartsAfreshOnlyInAnotherPeriod() {
    QuotaCounter c = new QuotaCounter(DAY_START, 500, true, false);
    assertSame(c, c.in(DAY_START));
    assertEquals(new QuotaCounter(DAY_START + 1, 0, false, false), c.in(DAY_START + 1));
    assertEquals(new QuotaCounter(DAY_START, 700, true, false), c.plus(200));
    assertEquals(new QuotaCounter(DAY_START, 500, true, true), c.exhaust());
    assertEquals(new QuotaCounter(DAY_START, 0, true, false), new QuotaCounter(DAY_START, 0, false, false).warn());
  }
}
