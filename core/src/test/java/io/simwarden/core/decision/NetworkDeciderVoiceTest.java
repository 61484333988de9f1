package io.simwarden.core.decision;

import static io.simwarden.core.decision.Verdicts.assertOk;
import static io.simwarden.core.decision.Verdicts.assertRefused;
import static io.simwarden.core.state.SimFixtures.DEVICE;
import static io.simwarden.core.state.SimFixtures.activated;
import static io.simwarden.core.state.SimFixtures.at;
import static io.simwarden.core.state.SimFixtures.attachAccepted;
import static io.simwarden.core.state.SimFixtures.attached;
import static io.simwarden.core.state.SimFixtures.profile;
import static io.simwarden.core.state.SimFixtures.sim;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simwarden.core.ValidationException;
import io.simwarden.core.detect.AnomalyKind;
import io.simwarden.core.detect.Detectors;
import io.simwarden.core.detect.Response;
import io.simwarden.core.detect.WindowWatch;
import io.simwarden.core.event.RejectReason;
import io.simwarden.core.event.SimEvent;
import io.simwarden.core.event.SimEvent.VoiceCallBlocked;
import io.simwarden.core.policy.CallDestination;
import io.simwarden.core.policy.ConnectivityProfile;
import io.simwarden.core.policy.DeviceFacts;
import io.simwarden.core.policy.FleetPolicy;
import io.simwarden.core.policy.ImeiLock;
import io.simwarden.core.policy.Service;
import io.simwarden.core.state.SimState;
import io.simwarden.core.traffic.Call;
import io.simwarden.core.traffic.CallUsage;
import io.simwarden.core.traffic.UsageAccumulator;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Voice calls: the profile's VOICE service and call barring, accounting in the usage window. */
class NetworkDeciderVoiceTest {

  private static final Instant AT = at(60);
  /** Data only, as most IoT profiles. */
  private static final ConnectivityProfile METER = profile().services(Service.DATA).build();
  /** eCall-style: voice to emergency services and home-country numbers only. */
  private static final ConnectivityProfile ECALL = profile().services(Service.DATA, Service.VOICE)
      .voiceDestinations(CallDestination.EMERGENCY, CallDestination.DOMESTIC).build();
  private static final ConnectivityProfile ANY_VOICE = profile().services(Service.DATA, Service.VOICE).build();

  private final NetworkDecider decider = new NetworkDecider(8, new Detectors(6, Duration.ofHours(1)));
  private final WindowWatch watch = new WindowWatch();
  private final UsageAccumulator window = new UsageAccumulator(3_600_000L, 16);

  private NetworkDecision call(SimState state, CallDestination destination, long seconds) {
    return decider.voiceCall(new NetworkContext(state, FleetPolicy.EMPTY, window, watch, AT),
        new Call(destination, seconds));
  }

  static Stream<Arguments> callsRefusedWithoutJournaling() {
    return NetworkDeciderSmsAndFirmwareTest.unreachable(ANY_VOICE);
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource
  void callsRefusedWithoutJournaling(SimState state, RejectReason reason) {
    NetworkDecision d = call(state, CallDestination.DOMESTIC, 60);
    assertEquals(List.of(), d.events());
    assertRefused(d.verdict(), reason);
    assertFalse(window.isOpen());
  }

  @ParameterizedTest
  @EnumSource(CallDestination.class)
  void aDataOnlyProfileRefusesEveryCallAndJournalsIt(CallDestination destination) {
    NetworkDecision d = call(attached(METER), destination, 120);
    assertEquals(List.of(new VoiceCallBlocked(AT, destination, RejectReason.SERVICE_NOT_ALLOWED,
        "VOICE is not allowed by the profile", null)), d.events());
    assertRefused(d.verdict(), RejectReason.SERVICE_NOT_ALLOWED, "VOICE is not allowed by the profile");
    assertFalse(window.isOpen(), "a refused call is not usage");
  }

  @ParameterizedTest
  @EnumSource(CallDestination.class)
  void aVoiceProfileWithoutDestinationsCarriesEveryCallAndCountsItsSeconds(CallDestination destination) {
    NetworkDecision d = call(attached(ANY_VOICE), destination, 95);
    assertEquals(List.of(), d.events(), "a compliant call is counted, not journaled");
    assertOk(d.verdict());
    assertEquals(1, window.calls(destination));
    assertEquals(95, window.callSeconds(destination));
  }

  @Test
  void voiceDestinationsBarEveryOtherClassOfNumber() {
    SimState state = attached(ECALL);
    for (CallDestination destination : CallDestination.values()) {
      NetworkDecision d = call(state, destination, 30);
      if (destination == CallDestination.EMERGENCY || destination == CallDestination.DOMESTIC) {
        assertOk(d.verdict());
        assertEquals(List.of(), d.events(), destination::toString);
      } else {
        String detail = destination + " numbers are not among the profile's voice destinations [EMERGENCY, DOMESTIC]";
        assertRefused(d.verdict(), RejectReason.DESTINATION_NOT_ALLOWED, detail);
        assertEquals(List.of(new VoiceCallBlocked(AT, destination, RejectReason.DESTINATION_NOT_ALLOWED, detail,
            null)), d.events());
      }
    }
    assertEquals(2, window.calls());
    assertEquals(60, window.callSeconds());
  }

  @Test
  void aQuarantinedSimMayStillCallEmergencyServicesAndNothingElse() {
    SimState state = attached(ANY_VOICE).apply(new SimEvent.AnomalyDetected(at(30), AnomalyKind.VOICE_FRAUD, 2,
        "test", Response.QUARANTINE, null));
    assertTrue(state.quarantined());
    assertOk(call(state, CallDestination.EMERGENCY, 600).verdict());
    NetworkDecision d = call(state, CallDestination.DOMESTIC, 60);
    assertRefused(d.verdict(), RejectReason.DESTINATION_NOT_ALLOWED,
        "a QUARANTINE response is in force: emergency calls only");
    assertEquals(1, d.events().size());
    assertEquals(1, window.calls());
  }

  @Test
  void voiceIsCarriedWhenOnlyDataIsRefusedByTheImeiLock() {
    SimState state = sim(ANY_VOICE, ImeiLock.OFF, DeviceFacts.UNKNOWN, activated(), attachAccepted(DEVICE, false));
    assertOk(call(state, CallDestination.DOMESTIC, 10).verdict());
  }

  @Test
  void aCarriedCallClosesIntoVoiceUsageThatTheFoldCounts() {
    SimState state = attached(ANY_VOICE);
    call(state, CallDestination.INTERNATIONAL, 240);
    call(state, CallDestination.INTERNATIONAL, 0);
    List<SimEvent> closed = UsageWindows.closeNow(window, at(3_000));
    SimEvent.VoiceUsageRecorded voice = (SimEvent.VoiceUsageRecorded) closed.get(0);
    assertEquals(List.of(new CallUsage(CallDestination.INTERNATIONAL, 2, 240)), voice.destinations());
    SimState after = state.applyAll(closed);
    assertEquals(2, after.baseline().voice().recentCalls(at(3_000).toEpochMilli()), 1e-9);
    assertEquals(4, after.baseline().voice().recentMinutes(at(3_000).toEpochMilli()), 1e-9);
    assertTrue(after.baseline().voice().called(CallDestination.INTERNATIONAL), "a clean window teaches its classes");
  }

  // ---- the value types ------------------------------------------------------------------------

  @Test
  void aCallNamesTheFieldItRefuses() {
    assertEquals("seconds", assertThrows(ValidationException.class,
        () -> new Call(CallDestination.DOMESTIC, -1)).field());
    assertEquals("seconds", assertThrows(ValidationException.class,
        () -> new Call(CallDestination.DOMESTIC, Call.MAX_SECONDS + 1)).field());
    assertEquals("destination", assertThrows(ValidationException.class, () -> new Call(null, 10)).field());
  }

  @Test
  void voiceDestinationsNeedTheVoiceServiceAndEmptyMeansUnrestricted() {
    ValidationException e = assertThrows(ValidationException.class,
        () -> profile().services(Service.DATA).voiceDestinations(CallDestination.EMERGENCY).build());
    assertEquals("profile.voiceDestinations", e.field());
    ConnectivityProfile empty = new ConnectivityProfile("v", EnumSet.of(Service.VOICE), ANY_VOICE.rats(),
        ANY_VOICE.plmns(), Set.of(), null, null, null, null, null, null, null, Set.of());
    assertNull(empty.voiceDestinations(), "stored as absent, so its encoding matches an unrestricted profile's");
    assertTrue(empty.allowsCallTo(CallDestination.IRSF_RANGE));
    assertFalse(METER.allowsCallTo(CallDestination.EMERGENCY));
  }
}
