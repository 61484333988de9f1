package io.simwarden.core.decision;

import static io.simwarden.core.decision.Verdicts.assertOk;
import static io.simwarden.core.decision.Verdicts.assertRefused;
import static io.simwarden.core.decision.Verdicts.assertVerdict;
import static io.simwarden.core.state.SimFixtures.APN;
import static io.simwarden.core.state.SimFixtures.DEVICE;
import static io.simwarden.core.state.SimFixtures.FOREIGN;
import static io.simwarden.core.state.SimFixtures.HOME;
import static io.simwarden.core.state.SimFixtures.OPERATOR;
import static io.simwarden.core.state.SimFixtures.OTHER_APN;
import static io.simwarden.core.state.SimFixtures.OTHER_MODEL;
import static io.simwarden.core.state.SimFixtures.PARTNER;
import static io.simwarden.core.state.SimFixtures.SAME_MODEL;
import static io.simwarden.core.state.SimFixtures.activated;
import static io.simwarden.core.state.SimFixtures.active;
import static io.simwarden.core.state.SimFixtures.at;
import static io.simwarden.core.state.SimFixtures.attachAccepted;
import static io.simwarden.core.state.SimFixtures.attached;
import static io.simwarden.core.state.SimFixtures.profile;
import static io.simwarden.core.state.SimFixtures.sim;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simwarden.core.detect.Detectors;
import io.simwarden.core.detect.WindowWatch;
import io.simwarden.core.event.RejectReason;
import io.simwarden.core.event.SimEvent;
import io.simwarden.core.event.SimEvent.AttachAccepted;
import io.simwarden.core.event.SimEvent.AttachRejected;
import io.simwarden.core.id.Apn;
import io.simwarden.core.id.Imei;
import io.simwarden.core.id.Plmn;
import io.simwarden.core.policy.ConnectivityProfile;
import io.simwarden.core.policy.DeviceFacts;
import io.simwarden.core.policy.FleetPolicy;
import io.simwarden.core.policy.FormFactor;
import io.simwarden.core.policy.ImeiLock;
import io.simwarden.core.policy.ImeiLock.MismatchAction;
import io.simwarden.core.policy.PlmnPolicy;
import io.simwarden.core.policy.Rat;
import io.simwarden.core.state.SimState;
import io.simwarden.core.traffic.UsageAccumulator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class NetworkDeciderAttachTest {

  private static final long HOUR = 3_600_000L;
  private static final Instant AT = at(60);
  private static final ConnectivityProfile METER = profile().build();

  private final NetworkDecider decider = new NetworkDecider(8, new Detectors(6, Duration.ofHours(1)));
  private final WindowWatch watch = new WindowWatch();
  private final UsageAccumulator window = new UsageAccumulator(HOUR, 16);

  private NetworkDecision attach(SimState state, FleetPolicy fleet, Imei imei, Rat rat, Plmn plmn, Apn apn) {
    return decider.attach(new NetworkContext(state, fleet, window, watch, AT), imei, rat, plmn, apn);
  }

  private NetworkDecision attach(SimState state, Imei imei) {
    return attach(state, FleetPolicy.EMPTY, imei, Rat.LTE_M, HOME, APN);
  }

  private static AttachAccepted accepted(Imei imei, boolean dataAllowed) {
    return new AttachAccepted(AT, imei, Rat.LTE_M, HOME, APN, dataAllowed, false, null);
  }

  private static AttachRejected rejected(RejectReason reason, String detail) {
    return new AttachRejected(AT, DEVICE, Rat.LTE_M, HOME, APN, reason, detail, null);
  }

  private void assertWindowUntouched() {
    assertFalse(window.isOpen(), "a refused attach must not open the usage window");
  }

  // ---- refusals before the IMEI lock ----------------------------------------------------------

  @Test
  void attachOfAnUnprovisionedSimIsRefusedWithoutJournaling() {
    NetworkDecision d = attach(SimState.EMPTY, DEVICE);
    assertEquals(List.of(), d.events());
    assertRefused(d.verdict(), RejectReason.SIM_NOT_PROVISIONED);
    assertWindowUntouched();
  }

  static Stream<Arguments> inactiveSims() {
    SimEvent.Suspended suspended = new SimEvent.Suspended(at(10), OPERATOR, "lost", null);
    return Stream.of(
        Arguments.of(sim(METER, ImeiLock.OFF, DeviceFacts.UNKNOWN), RejectReason.NOT_ACTIVATED),
        Arguments.of(sim(METER, ImeiLock.OFF, DeviceFacts.UNKNOWN, activated(), suspended), RejectReason.SUSPENDED),
        Arguments.of(sim(METER, ImeiLock.OFF, DeviceFacts.UNKNOWN, activated(), suspended,
            new SimEvent.Terminated(at(20), OPERATOR, "scrapped", null)), RejectReason.TERMINATED));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("inactiveSims")
  void attachIsRejectedUnlessTheSimIsActive(SimState state, RejectReason reason) {
    NetworkDecision d = attach(state, DEVICE);
    assertEquals(List.of(rejected(reason, reason.description())), d.events());
    assertRefused(d.verdict(), reason);
    assertWindowUntouched();
  }

  @Test
  void attachFromAStolenDeviceIsRejected() {
    NetworkDecision d = attach(active(METER, ImeiLock.OFF), new FleetPolicy(Set.of(DEVICE), Set.of()), DEVICE,
        Rat.LTE_M, HOME, APN);
    String detail = "IMEI " + DEVICE + " is on the stolen-device blocklist";
    assertEquals(List.of(rejected(RejectReason.IMEI_BLOCKLISTED, detail)), d.events());
    assertRefused(d.verdict(), RejectReason.IMEI_BLOCKLISTED, detail);
    assertWindowUntouched();
  }

  static Stream<Arguments> outsideTheProfile() {
    return Stream.of(
        Arguments.of(Rat.GSM, HOME, APN, RejectReason.RAT_NOT_ALLOWED, "GSM not in the profile's RATs [LTE_M]"),
        Arguments.of(Rat.LTE_M, FOREIGN, APN, RejectReason.PLMN_NOT_ALLOWED,
            "network 310410 is neither home nor on the roaming allowlist"),
        Arguments.of(Rat.LTE_M, HOME, OTHER_APN, RejectReason.APN_NOT_ALLOWED,
            "APN internet.example.com not in the profile's APNs [iot.example.com]"));
  }

  @ParameterizedTest(name = "{3}")
  @MethodSource("outsideTheProfile")
  void attachOutsideTheProfilesRatsNetworksOrApnsIsRejected(Rat rat, Plmn plmn, Apn apn, RejectReason reason,
      String detail) {
    NetworkDecision d = attach(active(profile().rats(Rat.LTE_M).build(), ImeiLock.OFF), FleetPolicy.EMPTY, DEVICE,
        rat, plmn, apn);
    assertEquals(List.of(new AttachRejected(AT, DEVICE, rat, plmn, apn, reason, detail, null)), d.events());
    assertRefused(d.verdict(), reason, detail);
    assertWindowUntouched();
  }

  @Test
  void checksRunInTheDocumentedOrderAndTheFirstFailureWins() {
    ImeiLock pinnedElsewhere = ImeiLock.pinned(SAME_MODEL, MismatchAction.REJECT_ATTACH, false);
    FleetPolicy stolen = new FleetPolicy(Set.of(DEVICE), Set.of());
    SimState suspended = sim(METER, pinnedElsewhere, DeviceFacts.UNKNOWN, activated(),
        new SimEvent.Suspended(at(10), OPERATOR, "lost", null));
    SimState active = active(METER, pinnedElsewhere);

    assertEquals(RejectReason.SUSPENDED,
        attach(suspended, stolen, DEVICE, Rat.GSM, FOREIGN, OTHER_APN).verdict().reason());
    assertEquals(RejectReason.IMEI_BLOCKLISTED,
        attach(active, stolen, DEVICE, Rat.GSM, FOREIGN, OTHER_APN).verdict().reason());
    assertEquals(RejectReason.RAT_NOT_ALLOWED,
        attach(active, FleetPolicy.EMPTY, DEVICE, Rat.GSM, FOREIGN, OTHER_APN).verdict().reason());
    assertEquals(RejectReason.PLMN_NOT_ALLOWED,
        attach(active, FleetPolicy.EMPTY, DEVICE, Rat.LTE_M, FOREIGN, OTHER_APN).verdict().reason());
    assertEquals(RejectReason.APN_NOT_ALLOWED,
        attach(active, FleetPolicy.EMPTY, DEVICE, Rat.LTE_M, HOME, OTHER_APN).verdict().reason());
    assertEquals(RejectReason.IMEI_MISMATCH,
        attach(active, FleetPolicy.EMPTY, DEVICE, Rat.LTE_M, HOME, APN).verdict().reason());
  }

  // ---- accepted attaches ----------------------------------------------------------------------

  @Test
  void firstAttachIsJournaledAndCountedInTheWindow() {
    NetworkDecision d = attach(active(METER, ImeiLock.OFF), DEVICE);
    assertEquals(List.of(accepted(DEVICE, true)), d.events());
    assertOk(d.verdict());
    assertTrue(window.isOpen());
    assertEquals(Instant.parse("2024-03-10T10:00:00Z").toEpochMilli(), window.windowStart());
    assertEquals(1, window.attaches());
  }

  @Test
  void attachOnARoamingPartnerIsMarkedRoaming() {
    NetworkDecision d = attach(active(METER, ImeiLock.OFF), FleetPolicy.EMPTY, DEVICE, Rat.NB_IOT, PARTNER, APN);
    assertEquals(List.of(new AttachAccepted(AT, DEVICE, Rat.NB_IOT, PARTNER, APN, true, true, null)), d.events());
  }

  @Test
  void profileAllowingAnyNetworkAndAnyApnAcceptsAnyAndNeverRoams() {
    SimState state = active(profile().plmns(PlmnPolicy.ANY).apns().build(), ImeiLock.OFF);
    NetworkDecision d = attach(state, FleetPolicy.EMPTY, DEVICE, Rat.LTE_M, FOREIGN, OTHER_APN);
    assertEquals(List.of(new AttachAccepted(AT, DEVICE, Rat.LTE_M, FOREIGN, OTHER_APN, true, false, null)),
        d.events());
  }

  @Test
  void plainReattachInTheSameContextJournalsNothingButIsCounted() {
    NetworkDecision d = attach(attached(METER), DEVICE);
    assertEquals(List.of(), d.events());
    assertOk(d.verdict());
    assertEquals(1, window.attaches());
  }

  static Stream<Arguments> otherContexts() {
    return Stream.of(
        Arguments.of("another device", SAME_MODEL, Rat.LTE_M, HOME, APN),
        Arguments.of("another RAT", DEVICE, Rat.NB_IOT, HOME, APN),
        Arguments.of("another network", DEVICE, Rat.LTE_M, PARTNER, APN),
        Arguments.of("another APN", DEVICE, Rat.LTE_M, HOME, OTHER_APN));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("otherContexts")
  void attachInAnotherContextIsJournaled(String change, Imei imei, Rat rat, Plmn plmn, Apn apn) {
    SimState state = attached(profile().apns(APN, OTHER_APN).build());
    NetworkDecision d = attach(state, FleetPolicy.EMPTY, imei, rat, plmn, apn);
    assertEquals(List.of(new AttachAccepted(AT, imei, rat, plmn, apn, true, plmn.equals(PARTNER), null)),
        d.events());
    assertEquals(1, window.attaches());
  }

  // ---- IMEI lock ------------------------------------------------------------------------------

  enum LockKind {
    PINNED, FIRST_SEEN, TAC_ALLOWLIST;

    /** An active SIM whose lock admits {@link io.simwarden.core.state.SimFixtures#DEVICE} only (by IMEI or TAC). */
    SimState sim(MismatchAction action, boolean suspend) {
      switch (this) {
        case PINNED:
          return active(METER, ImeiLock.pinned(DEVICE, action, suspend));
        case FIRST_SEEN:
          return io.simwarden.core.state.SimFixtures.sim(METER, ImeiLock.firstSeen(action, suspend),
              DeviceFacts.UNKNOWN, activated(), new SimEvent.ImeiBound(at(2), DEVICE, null));
        default:
          return active(METER, ImeiLock.tacAllowlist(Set.of(DEVICE.tac()), action, suspend));
      }
    }

    String expectation() {
      return this == TAC_ALLOWLIST ? "TAC in [" + DEVICE.tac() + "]" : DEVICE.value();
    }
  }

  static Stream<Arguments> mismatchCases() {
    List<Arguments> cases = new ArrayList<>();
    for (LockKind kind : LockKind.values()) {
      for (MismatchAction action : MismatchAction.values()) {
        cases.add(Arguments.of(kind, action, false));
        cases.add(Arguments.of(kind, action, true));
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0} {1} suspend={2}")
  @MethodSource("mismatchCases")
  void attachWithForeignImeiGetsWhatTheLockSays(LockKind kind, MismatchAction action, boolean suspend) {
    NetworkDecision d = attach(kind.sim(action, suspend), OTHER_MODEL);

    List<SimEvent> expected = new ArrayList<>();
    MismatchAction got = suspend ? MismatchAction.REJECT_ATTACH : action;
    expected.add(new SimEvent.ImeiMismatch(AT, kind.expectation(), OTHER_MODEL, got, null));
    if (suspend) {
      expected.add(new SimEvent.Suspended(AT, NetworkDecider.IMEI_LOCK_ACTOR,
          "IMEI mismatch: expected " + kind.expectation() + ", seen " + OTHER_MODEL, null));
    }
    if (action == MismatchAction.REJECT_ATTACH || suspend) {
      String detail = "device " + OTHER_MODEL + " is not the one this SIM is locked to (" + kind.expectation() + ")"
          + (suspend ? "; SIM suspended" : "");
      expected.add(new AttachRejected(AT, OTHER_MODEL, Rat.LTE_M, HOME, APN, RejectReason.IMEI_MISMATCH, detail,
          null));
      assertEquals(expected, d.events());
      assertRefused(d.verdict(), RejectReason.IMEI_MISMATCH, detail);
      assertWindowUntouched();
    } else {
      expected.add(accepted(OTHER_MODEL, false));
      assertEquals(expected, d.events());
      assertVerdict(d.verdict(), true, RejectReason.DATA_REFUSED,
          "attach accepted, data refused: IMEI lock mismatch", 0, 0, false, false);
      assertEquals(1, window.attaches());
    }
  }

  @ParameterizedTest
  @MethodSource("mismatchCases")
  void attachWithTheLockedDeviceIsAcceptedNormally(LockKind kind, MismatchAction action, boolean suspend) {
    NetworkDecision d = attach(kind.sim(action, suspend), DEVICE);
    assertEquals(List.of(accepted(DEVICE, true)), d.events());
    assertOk(d.verdict());
  }

  @Test
  void attachWithForeignImeiIsRejectedWhenPinned() {
    NetworkDecision d = attach(active(METER, ImeiLock.pinned(DEVICE, MismatchAction.REJECT_ATTACH, false)),
        SAME_MODEL);
    assertEquals(RejectReason.IMEI_MISMATCH, d.verdict().reason());
    assertFalse(d.verdict().accepted());
  }

  @Test
  void tacAllowlistAdmitsAnotherUnitOfTheSameModel() {
    SimState state = active(METER, ImeiLock.tacAllowlist(Set.of(DEVICE.tac()), MismatchAction.REJECT_ATTACH, true));
    assertEquals(List.of(accepted(SAME_MODEL, true)), attach(state, SAME_MODEL).events());
  }

  @Test
  void firstSeenLockBindsAtTheFirstAcceptedAttachOnly() {
    SimState state = active(METER, ImeiLock.firstSeen(MismatchAction.REJECT_ATTACH, false));
    NetworkDecision first = attach(state, DEVICE);
    assertEquals(List.of(new SimEvent.ImeiBound(AT, DEVICE, null), accepted(DEVICE, true)), first.events());
    assertOk(first.verdict());

    state = state.applyAll(first.events());
    assertEquals(DEVICE, state.imeiLock().imei());
    assertEquals(List.of(), attach(state, DEVICE).events());
    NetworkDecision foreign = attach(state, SAME_MODEL);
    assertEquals(new SimEvent.ImeiMismatch(AT, DEVICE.value(), SAME_MODEL, MismatchAction.REJECT_ATTACH, null),
        foreign.events().get(0));
    assertEquals(RejectReason.IMEI_MISMATCH, foreign.verdict().reason());
  }

  @Test
  void firstSeenLockDoesNotBindOnARejectedAttach() {
    SimState state = active(METER, ImeiLock.firstSeen(MismatchAction.REJECT_ATTACH, false));
    NetworkDecision d = attach(state, FleetPolicy.EMPTY, DEVICE, Rat.GSM, HOME, APN);
    assertEquals(1, d.events().size());
    assertTrue(state.applyAll(d.events()).imeiLock().awaitsBinding());
  }

  @Test
  void rearmedFirstSeenLockBindsEvenInTheSameContext() {
    SimState state = attached(METER).apply(new SimEvent.ImeiLockChanged(at(30), OPERATOR,
        ImeiLock.firstSeen(MismatchAction.REJECT_DATA, false), null));
    assertEquals(List.of(new SimEvent.ImeiBound(AT, DEVICE, null), accepted(DEVICE, true)),
        attach(state, DEVICE).events());
  }

  @Test
  void deviceRegainingDataInTheSameContextIsJournaled() {
    SimState refused = sim(METER, ImeiLock.OFF, DeviceFacts.UNKNOWN, activated(), attachAccepted(DEVICE, false));
    assertEquals(List.of(accepted(DEVICE, true)), attach(refused, DEVICE).events());
  }

  @Test
  void repeatedMismatchUnderRejectDataIsJournaledEveryTime() {
    SimState state = active(METER, ImeiLock.pinned(DEVICE, MismatchAction.REJECT_DATA, false));
    state = state.applyAll(attach(state, OTHER_MODEL).events());
    assertEquals(List.of(new SimEvent.ImeiMismatch(AT, DEVICE.value(), OTHER_MODEL, MismatchAction.REJECT_DATA,
        null), accepted(OTHER_MODEL, false)), attach(state, OTHER_MODEL).events());
  }

  // ---- vulnerable firmware --------------------------------------------------------------------

  private static final FleetPolicy VULNERABLE_1_0_0 = new FleetPolicy(Set.of(), Set.of("1.0.0"));

  @Test
  void vulnerableFirmwareIsFlaggedOnceAtAttach() {
    SimState state = sim(METER, ImeiLock.OFF, new DeviceFacts(FormFactor.EMBEDDED, "1.0.0"), activated());
    NetworkDecision first = attach(state, VULNERABLE_1_0_0, DEVICE, Rat.LTE_M, HOME, APN);
    assertEquals(List.of(accepted(DEVICE, true), new SimEvent.VulnerableFirmwareFlagged(AT, "1.0.0", null)),
        first.events());

    state = state.applyAll(first.events());
    assertEquals(List.of(), attach(state, VULNERABLE_1_0_0, DEVICE, Rat.LTE_M, HOME, APN).events());
    assertEquals(List.of(accepted(SAME_MODEL, true)),
        attach(state, VULNERABLE_1_0_0, SAME_MODEL, Rat.LTE_M, HOME, APN).events());
  }

  @Test
  void unknownOrSafeFirmwareIsNotFlagged() {
    assertEquals(List.of(accepted(DEVICE, true)),
        attach(active(METER, ImeiLock.OFF), VULNERABLE_1_0_0, DEVICE, Rat.LTE_M, HOME, APN).events());
    SimState safe = sim(METER, ImeiLock.OFF, new DeviceFacts(FormFactor.EMBEDDED, "1.0.1"), activated());
    assertEquals(List.of(accepted(DEVICE, true)),
        attach(safe, VULNERABLE_1_0_0, DEVICE, Rat.LTE_M, HOME, APN).events());
  }

  @Test
  void rejectedAttachDoesNotFlagFirmware() {
    SimState state = sim(METER, ImeiLock.OFF, new DeviceFacts(FormFactor.EMBEDDED, "1.0.0"), activated());
    NetworkDecision d = attach(state, VULNERABLE_1_0_0, DEVICE, Rat.GSM, HOME, APN);
    assertEquals(1, d.events().size());
    assertEquals(AttachRejected.class, d.events().get(0).getClass());
  }

  // ---- detach ---------------------------------------------------------------------------------

  @Test
  void detachOfAnUnprovisionedSimIsRefused() {
    NetworkDecision d = decider.detach(new NetworkContext(SimState.EMPTY, FleetPolicy.EMPTY, window, watch, AT));
    assertEquals(List.of(), d.events());
    assertRefused(d.verdict(), RejectReason.SIM_NOT_PROVISIONED);
    assertWindowUntouched();
  }

  @Test
  void detachIsCountedInTheWindowOnly() {
    NetworkDecision d = decider.detach(new NetworkContext(attached(METER), FleetPolicy.EMPTY, window, watch, AT));
    assertEquals(List.of(), d.events());
    assertOk(d.verdict());
    assertEquals(1, window.close(false, 0).detaches());
  }
}
