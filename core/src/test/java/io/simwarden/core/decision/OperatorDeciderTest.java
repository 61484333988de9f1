package io.simwarden.core.decision;

import static io.simwarden.core.state.SimFixtures.DEVICE;
import static io.simwarden.core.state.SimFixtures.ICCID;
import static io.simwarden.core.state.SimFixtures.IMSI;
import static io.simwarden.core.state.SimFixtures.OPERATOR;
import static io.simwarden.core.state.SimFixtures.ORGANISATION;
import static io.simwarden.core.state.SimFixtures.activated;
import static io.simwarden.core.state.SimFixtures.at;
import static io.simwarden.core.state.SimFixtures.profile;
import static io.simwarden.core.state.SimFixtures.rule;
import static io.simwarden.core.state.SimFixtures.sim;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simwarden.core.ValidationException;
import io.simwarden.core.event.SimEvent;
import io.simwarden.core.firewall.FirewallRule;
import io.simwarden.core.firewall.RuleAction;
import io.simwarden.core.policy.ConnectivityProfile;
import io.simwarden.core.policy.DeviceFacts;
import io.simwarden.core.policy.FormFactor;
import io.simwarden.core.policy.ImeiLock;
import io.simwarden.core.policy.ImeiLock.MismatchAction;
import io.simwarden.core.policy.SimStatus;
import io.simwarden.core.policy.SimStatus.Transition;
import io.simwarden.core.state.SimState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class OperatorDeciderTest {

  private static final Instant AT = at(600);
  private static final ConnectivityProfile METER = profile().build();
  private static final DeviceFacts RUNNING_2_4_1 = new DeviceFacts(FormFactor.EMBEDDED, "2.4.1");
  private static final FirewallRule PROFILE_RULE = rule("headend", 10, RuleAction.ALLOW, "198.51.100.0/24");
  private static final FirewallRule SIM_RULE = rule("quarantine", 1, RuleAction.DENY, "203.0.113.0/24");

  private static SimState in(SimStatus status) {
    List<SimEvent> events = new ArrayList<>();
    if (status != SimStatus.ISSUED) {
      events.add(activated());
    }
    if (status == SimStatus.SUSPENDED || status == SimStatus.TERMINATED) {
      events.add(new SimEvent.Suspended(at(2), OPERATOR, "lost", null));
    }
    if (status == SimStatus.TERMINATED) {
      events.add(new SimEvent.Terminated(at(3), OPERATOR, "scrapped", null));
    }
    SimState state = sim(profile().rules(PROFILE_RULE).build(), ImeiLock.OFF, RUNNING_2_4_1,
        events.toArray(SimEvent[]::new));
    assertEquals(status, state.status());
    return state;
  }

  private static void assertAccepted(OperatorDecision d, SimEvent expected) {
    assertFalse(d.refused(), () -> "refused: " + d.refusal());
    assertNull(d.refusal());
    assertEquals(List.of(expected), d.events());
  }

  private static void assertRefused(OperatorDecision d, String refusal) {
    assertTrue(d.refused());
    assertEquals(refusal, d.refusal());
    assertEquals(List.of(), d.events());
    // Bad input names its field (the refusal reads "<field>: <problem>"); a refusal by state names none.
    if (d.field() != null) {
      assertTrue(refusal.startsWith(d.field() + ": "), refusal + " names " + d.field());
    } else {
      assertFalse(refusal.matches("^firewall\\.rules\\[\\d+].*|^targetVersion:.*|^organisation:.*"), refusal);
    }
  }

  // ---- provisioning ---------------------------------------------------------------------------

  private static OperatorDecision provision(SimState state, ImeiLock lock, List<FirewallRule> rules,
      DeviceFacts device) {
    return OperatorDecider.provision(state, AT, OPERATOR, IMSI, ICCID, ORGANISATION, METER, lock, rules, device);
  }

  @Test
  void provisionJournalsTheSimWithLockOffAndUnknownDeviceByDefault() {
    assertAccepted(provision(SimState.EMPTY, null, List.of(SIM_RULE), null), new SimEvent.Provisioned(AT, OPERATOR,
        IMSI, ICCID, ORGANISATION, METER, ImeiLock.OFF, List.of(SIM_RULE), DeviceFacts.UNKNOWN, null));
  }

  @Test
  void provisionArmsAFirstSeenLockUnbound() {
    ImeiLock prebound = ImeiLock.firstSeen(MismatchAction.REJECT_DATA, true).boundTo(DEVICE);
    OperatorDecision d = provision(SimState.EMPTY, prebound, List.of(), RUNNING_2_4_1);
    SimEvent.Provisioned p = (SimEvent.Provisioned) d.events().get(0);
    assertEquals(ImeiLock.firstSeen(MismatchAction.REJECT_DATA, true), p.imeiLock());
    assertEquals(RUNNING_2_4_1, p.device());
  }

  @Test
  void provisionKeepsAPinnedLock() {
    ImeiLock pinned = ImeiLock.pinned(DEVICE, MismatchAction.REJECT_ATTACH, true);
    assertEquals(pinned, ((SimEvent.Provisioned) provision(SimState.EMPTY, pinned, List.of(), null).events().get(0))
        .imeiLock());
  }

  @Test
  void provisionIsNotChangedThroughTheRuleListItWasGiven() {
    List<FirewallRule> rules = new ArrayList<>(List.of(SIM_RULE));
    OperatorDecision d = provision(SimState.EMPTY, null, rules, null);
    rules.add(rule("later", 1, RuleAction.ALLOW, "::/0"));
    assertEquals(List.of(SIM_RULE), ((SimEvent.Provisioned) d.events().get(0)).firewallRules());
  }

  @Test
  void provisioningTwiceIsRefused() {
    SimState provisioned = SimState.EMPTY.applyAll(provision(SimState.EMPTY, null, List.of(), null).events());
    assertRefused(provision(provisioned, null, List.of(), null),
        "SIM 001010123456789 is already provisioned (status ISSUED, organisation acme-utilities)");
  }

  @Test
  void provisionWithASimRuleReusingAProfileRuleIdIsRefused() {
    FirewallRule clash = rule("headend", 5, RuleAction.DENY, "0.0.0.0/0");
    OperatorDecision d = OperatorDecider.provision(SimState.EMPTY, AT, OPERATOR, IMSI, ICCID, ORGANISATION,
        profile().rules(PROFILE_RULE).build(), null, List.of(SIM_RULE, clash), null);
    assertRefused(d, "firewall.rules[1].id: duplicate rule id 'headend' "
        + "(ids must be unique across the profile's and the SIM's rules)");
  }

  // ---- lifecycle ------------------------------------------------------------------------------

  static Stream<Arguments> legalTransitions() {
    return Stream.of(
        Arguments.of(SimStatus.ISSUED, Transition.ACTIVATE, new SimEvent.Activated(AT, OPERATOR, null)),
        Arguments.of(SimStatus.ACTIVE, Transition.SUSPEND, new SimEvent.Suspended(AT, OPERATOR, "device lost", null)),
        Arguments.of(SimStatus.SUSPENDED, Transition.RESUME, new SimEvent.Resumed(AT, OPERATOR, null)),
        Arguments.of(SimStatus.SUSPENDED, Transition.TERMINATE,
            new SimEvent.Terminated(AT, OPERATOR, "device lost", null)),
        Arguments.of(SimStatus.ISSUED, Transition.TERMINATE,
            new SimEvent.Terminated(AT, OPERATOR, "device lost", null)));
  }

  @ParameterizedTest(name = "{1} from {0}")
  @MethodSource("legalTransitions")
  void legalTransitionIsJournaledAndFoldsToItsTarget(SimStatus from, Transition transition, SimEvent expected) {
    OperatorDecision d = OperatorDecider.transition(in(from), transition, AT, OPERATOR, "  device lost ");
    assertAccepted(d, expected);
    assertEquals(transition.target(), in(from).applyAll(d.events()).status());
  }

  /** The exact reason texts are pinned in SimStatusTest; here every illegal pair must be refused with them. */
  @Test
  void illegalTransitionIsRefusedWithTheLifecycleReasonAndJournalsNothing() {
    int illegal = 0;
    for (SimStatus from : SimStatus.values()) {
      for (Transition transition : Transition.values()) {
        String reason = from.refusal(transition);
        if (reason != null) {
          assertRefused(OperatorDecider.transition(in(from), transition, AT, OPERATOR, "why"), reason);
          illegal++;
        }
      }
    }
    assertEquals(11, illegal);
  }

  @ParameterizedTest
  @NullSource
  @ValueSource(strings = {"", "   "})
  void missingReasonIsRecordedAsByOperator(String reason) {
    assertAccepted(OperatorDecider.transition(in(SimStatus.ACTIVE), Transition.SUSPEND, AT, OPERATOR, reason),
        new SimEvent.Suspended(AT, OPERATOR, "by operator", null));
  }

  @Test
  void longReasonIsCutTo500Characters() {
    OperatorDecision d = OperatorDecider.transition(in(SimStatus.ACTIVE), Transition.SUSPEND, AT, OPERATOR,
        "x".repeat(499) + "yz");
    assertEquals("x".repeat(499) + "y", ((SimEvent.Suspended) d.events().get(0)).reason());
  }

  @Test
  void transitionOfAnUnprovisionedSimIsRefused() {
    for (Transition t : Transition.values()) {
      assertRefused(OperatorDecider.transition(SimState.EMPTY, t, AT, OPERATOR, null), "SIM is not provisioned");
    }
  }

  // ---- configuration --------------------------------------------------------------------------

  static Stream<Arguments> configurationChanges() {
    Function<SimState, OperatorDecision> setProfile = s -> OperatorDecider.setProfile(s, AT, OPERATOR, METER);
    Function<SimState, OperatorDecision> setLock = s -> OperatorDecider.setImeiLock(s, AT, OPERATOR, ImeiLock.OFF);
    Function<SimState, OperatorDecision> setFirewall =
        s -> OperatorDecider.setFirewall(s, AT, OPERATOR, List.of(SIM_RULE));
    Function<SimState, OperatorDecision> requestFirmware =
        s -> OperatorDecider.requestFirmwareUpdate(s, AT, OPERATOR, "2.5.0");
    return Stream.of(Arguments.of("setProfile", setProfile), Arguments.of("setImeiLock", setLock),
        Arguments.of("setFirewall", setFirewall), Arguments.of("requestFirmwareUpdate", requestFirmware));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("configurationChanges")
  void terminatedSimConfigurationIsFrozen(String command, Function<SimState, OperatorDecision> change) {
    assertRefused(change.apply(in(SimStatus.TERMINATED)), "SIM is TERMINATED; its configuration can no longer change");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("configurationChanges")
  void unprovisionedSimConfigurationIsRefused(String command, Function<SimState, OperatorDecision> change) {
    assertRefused(change.apply(SimState.EMPTY), "SIM is not provisioned");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("configurationChanges")
  void suspendedSimConfigurationCanChange(String command, Function<SimState, OperatorDecision> change) {
    OperatorDecision d = change.apply(in(SimStatus.SUSPENDED));
    assertFalse(d.refused(), d::refusal);
    assertEquals(1, d.events().size());
  }

  @Test
  void setProfileIsJournaled() {
    assertAccepted(OperatorDecider.setProfile(in(SimStatus.ACTIVE), AT, OPERATOR, METER),
        new SimEvent.ProfileChanged(AT, OPERATOR, METER, null));
  }

  @Test
  void profileWhoseRuleIdClashesWithTheSimsOwnRulesIsRefused() {
    SimState state = in(SimStatus.ACTIVE).apply(new SimEvent.FirewallChanged(at(5), OPERATOR, List.of(SIM_RULE),
        null));
    ConnectivityProfile clashing = profile().rules(rule("quarantine", 100, RuleAction.ALLOW, "0.0.0.0/0")).build();
    assertRefused(OperatorDecider.setProfile(state, AT, OPERATOR, clashing), "firewall.rules[0].id: duplicate rule "
        + "id 'quarantine' (ids must be unique across the profile's and the SIM's rules)");
  }

  @Test
  void setFirewallIsJournaled() {
    assertAccepted(OperatorDecider.setFirewall(in(SimStatus.ACTIVE), AT, OPERATOR, List.of(SIM_RULE)),
        new SimEvent.FirewallChanged(AT, OPERATOR, List.of(SIM_RULE), null));
  }

  @Test
  void simRulesReusingAProfileRuleIdAreRefused() {
    FirewallRule clash = rule("headend", 1, RuleAction.DENY, "0.0.0.0/0");
    assertRefused(OperatorDecider.setFirewall(in(SimStatus.ACTIVE), AT, OPERATOR, List.of(SIM_RULE, clash)),
        "firewall.rules[1].id: duplicate rule id 'headend' "
            + "(ids must be unique across the profile's and the SIM's rules)");
  }

  @Test
  void simRulesRepeatingAnIdAmongThemselvesAreRefused() {
    assertRefused(OperatorDecider.setFirewall(in(SimStatus.ACTIVE), AT, OPERATOR, List.of(SIM_RULE, SIM_RULE)),
        "firewall.rules[1].id: duplicate rule id 'quarantine' "
            + "(ids must be unique across the profile's and the SIM's rules)");
  }

  @Test
  void setImeiLockJournalsTheLockAndArmsFirstSeenUnbound() {
    ImeiLock pinned = ImeiLock.pinned(DEVICE, MismatchAction.REJECT_DATA, false);
    assertAccepted(OperatorDecider.setImeiLock(in(SimStatus.ACTIVE), AT, OPERATOR, pinned),
        new SimEvent.ImeiLockChanged(AT, OPERATOR, pinned, null));
    assertAccepted(OperatorDecider.setImeiLock(in(SimStatus.ACTIVE), AT, OPERATOR,
        ImeiLock.firstSeen(MismatchAction.REJECT_ATTACH, true).boundTo(DEVICE)),
        new SimEvent.ImeiLockChanged(AT, OPERATOR, ImeiLock.firstSeen(MismatchAction.REJECT_ATTACH, true), null));
  }

  @Test
  void firmwareUpdateIsJournaledWithTheTrimmedVersion() {
    assertAccepted(OperatorDecider.requestFirmwareUpdate(in(SimStatus.ACTIVE), AT, OPERATOR, " 2.5.0 "),
        new SimEvent.FirmwareUpdateRequested(AT, OPERATOR, "2.5.0", null));
  }

  @ParameterizedTest
  @ValueSource(strings = {"2.4.1", " 2.4.1\t"})
  void firmwareUpdateToTheRunningVersionIsRefused(String version) {
    assertRefused(OperatorDecider.requestFirmwareUpdate(in(SimStatus.ACTIVE), AT, OPERATOR, version),
        "device already runs firmware 2.4.1");
  }

  @Test
  void firmwareUpdateToAMalformedVersionIsRejectedNamingTheField() {
    ValidationException e = assertThrows(ValidationException.class,
        () -> OperatorDecider.requestFirmwareUpdate(in(SimStatus.ACTIVE), AT, OPERATOR, "2.5 beta"));
    assertEquals("targetVersion", e.field());
  }

  @Test
  void firmwareUpdateForADeviceOfUnknownFirmwareIsAccepted() {
    SimState unknown = sim(METER, ImeiLock.OFF, DeviceFacts.UNKNOWN);
    assertAccepted(OperatorDecider.requestFirmwareUpdate(unknown, AT, OPERATOR, "2.5.0"),
        new SimEvent.FirmwareUpdateRequested(AT, OPERATOR, "2.5.0", null));
  }

  // ---- identities -----------------------------------------------------------------------------

  @Test
  void operatorIdentityIsTrimmedAndBounded() {
    assertEquals("alice", OperatorDecider.checkOperator("  alice "));
    assertEquals("a".repeat(128), OperatorDecider.checkOperator("a".repeat(128)));
    for (String bad : new String[] {null, "", "   ", "a".repeat(129)}) {
      assertEquals("by", assertThrows(ValidationException.class, () -> OperatorDecider.checkOperator(bad)).field());
    }
  }

  @Test
  void organisationIsALowerCaseSlug() {
    assertEquals(ORGANISATION, OperatorDecider.checkOrganisation(ORGANISATION));
    assertEquals("9", OperatorDecider.checkOrganisation("9"));
    for (String bad : new String[] {null, "", "Acme", "-acme", "acme utilities", "a".repeat(64)}) {
      assertEquals("organisation",
          assertThrows(ValidationException.class, () -> OperatorDecider.checkOrganisation(bad)).field());
    }
  }
}
