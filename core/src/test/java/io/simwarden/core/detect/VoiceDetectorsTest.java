package io.simwarden.core.detect;

import static io.simwarden.core.detect.Attacks.warmed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simwarden.core.decision.Verdict;
import io.simwarden.core.detect.Device.Archetype;
import io.simwarden.core.event.RejectReason;
import io.simwarden.core.event.SimEvent;
import io.simwarden.core.policy.CallDestination;
import io.simwarden.core.policy.ConnectivityProfile;
import io.simwarden.core.policy.SimStatus;
import io.simwarden.core.state.SimState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** VOICE_FRAUD: toll-fraud destinations, refused dialling, and slow or fast pumping against the SIM's own calls. */
class VoiceDetectorsTest {

  static final Duration WARM_UP = Duration.ofHours(10);
  static final Instant ATTACK = Device.MONDAY.plus(WARM_UP).plusSeconds(13);

  /** When a pump made its first call and when VOICE_FRAUD first fired (or {@code null}). */
  record Pumped(Instant firstCall, Instant firstDetection) {}

  /**
   * Calls {@code destination} about {@code perHour} times an hour (±20 %), each connected for
   * {@code seconds}, from {@link #ATTACK} for {@code length}, while the device goes on as usual.
   */
  static Pumped pump(Device device, CallDestination destination, double perHour, long seconds, Duration length,
      long seed) {
    Random random = new Random(seed);
    long gap = Math.max(seconds * 1_000, Math.round(3_600_000 / perHour));
    Instant next = ATTACK.plusMillis(random.nextInt(60_000));
    Instant firstCall = next;
    Instant firstDetection = null;
    for (Instant at = Device.MONDAY.plus(WARM_UP); at.isBefore(ATTACK.plus(length)); at = at.plus(Device.STEP)) {
      device.step(at);
      while (next.isBefore(at.plus(Device.STEP))) {
        Verdict v = device.twin.call(destination, seconds, next);
        if (firstDetection == null && v.detections().stream().anyMatch(d -> d.kind() == AnomalyKind.VOICE_FRAUD)) {
          firstDetection = next;
        }
        next = next.plusMillis(Math.round(gap * (0.8 + 0.4 * random.nextDouble())));
      }
    }
    return new Pumped(firstCall, firstDetection);
  }

  // ---- toll-fraud destinations ------------------------------------------------------------------

  @ParameterizedTest
  @EnumSource(value = Archetype.class, names = {"VEHICLE", "WEARABLE", "METER", "TRACKER"})
  void theFirstCallToAnIrsfRangeIsVoiceFraudWhetherCarriedOrRefused(Archetype kind) {
    Device device = warmed(kind, 71, WARM_UP);
    Verdict v = device.twin.call(CallDestination.IRSF_RANGE, 180, ATTACK);
    assertFalse(v.accepted(), "no profile of the fleet lets IRSF ranges through");
    assertEquals(List.of(new Detection(AnomalyKind.VOICE_FRAUD, 1.0, Response.ALERT)), v.detections());
    assertTrue(device.twin.anomalies().get(0).evidence().startsWith(
        "1 call attempt this window to IRSF_RANGE numbers, never called by this SIM"), device.twin.anomalies().get(0)
        .evidence());
  }

  @ParameterizedTest
  @ValueSource(doubles = {1, 6, 30, 120})
  void premiumRatePumpingIsFoundAtItsFirstCallWhateverTheRate(double perHour) {
    Device device = warmed(Archetype.VEHICLE, 73, WARM_UP);
    Twin open = device.twin;
    ConnectivityProfile anyVoice = withVoiceDestinations(open.state.profile(), null);
    open.state = open.state.apply(new SimEvent.ProfileChanged(ATTACK.minusSeconds(5), "ops", anyVoice, null));
    Pumped pumped = pump(device, CallDestination.PREMIUM_RATE, perHour, 240, Duration.ofHours(6), 73);
    assertEquals(pumped.firstCall(), pumped.firstDetection());
  }

  // ---- pumping to ordinary numbers ------------------------------------------------------------

  @ParameterizedTest
  @ValueSource(doubles = {1, 2, 12, 60})
  void pumpingToNumbersNoHotListKnowsIsFoundWithinAWorkingDay(double perHour) {
    Device device = warmed(Archetype.VEHICLE, 79, WARM_UP);
    Pumped pumped = pump(device, CallDestination.INTERNATIONAL, perHour, 150, Duration.ofHours(12), 79);
    assertTrue(pumped.firstDetection() != null, "never detected at " + perHour + " calls an hour");
    Duration after = Duration.between(pumped.firstCall(), pumped.firstDetection());
    double gapMinutes = Math.max(150 / 60.0, 60 / perHour);
    assertTrue(after.compareTo(Duration.ofMinutes(Math.round(6 * 1.2 * gapMinutes))) <= 0,
        "five or six calls are enough; detected after " + after);
    assertEquals(List.of(AnomalyKind.VOICE_FRAUD), device.twin.kinds().stream().distinct().toList());
  }

  @Test
  void longCallsAreFoundByTheirMinutesBeforeTheirCount() {
    Device device = warmed(Archetype.VEHICLE, 83, WARM_UP);
    Pumped pumped = pump(device, CallDestination.INTERNATIONAL, 0.5, 40 * 60, Duration.ofHours(12), 83);
    Duration after = Duration.between(pumped.firstCall(), pumped.firstDetection());
    assertTrue(after.compareTo(Duration.ofHours(3)) < 0, "at the second of two 40-minute calls; after " + after);
  }

  @Test
  void aSlowPumpDoesNotTeachItsRateBeforeItIsSeen() {
    Device device = warmed(Archetype.VEHICLE, 89, WARM_UP);
    Pumped pumped = pump(device, CallDestination.INTERNATIONAL, 0.6, 120, Duration.ofHours(24), 89);
    assertTrue(pumped.firstDetection() != null);
    VoiceBaseline v = device.twin.state.baseline().voice();
    long now = ATTACK.plus(Duration.ofHours(24)).toEpochMilli();
    assertTrue(v.recentCalls(now) > 5 * v.usualCalls(now), "a day of pumping at 0.6 calls an hour: " + v);
  }

  // ---- refused dialling -------------------------------------------------------------------------

  @Test
  void aDataOnlySimThatKeepsDiallingIsVoiceFraudAtItsThirdRefusalWithinHours() {
    Device device = warmed(Archetype.METER, 97, WARM_UP);
    for (int i = 0; i < 2; i++) {
      Verdict v = device.twin.call(CallDestination.DOMESTIC, 0, ATTACK.plus(Duration.ofMinutes(50L * i)));
      assertEquals(RejectReason.SERVICE_NOT_ALLOWED, v.reason());
      assertEquals(List.of(), v.detections());
    }
    Verdict third = device.twin.call(CallDestination.INTERNATIONAL, 0, ATTACK.plus(Duration.ofMinutes(100)));
    assertEquals(List.of(AnomalyKind.VOICE_FRAUD), third.detections().stream().map(Detection::kind).toList());
    assertEquals(3, device.twin.journal.stream().filter(SimEvent.VoiceCallBlocked.class::isInstance).count());
  }

  // ---- what is not voice fraud ------------------------------------------------------------------

  @Test
  void aLongCallToTheCaregiverOnTopOfTheDaysCallsIsNotFraud() {
    Device device = warmed(Archetype.WEARABLE, 131, WARM_UP);
    device.twin.call(CallDestination.DOMESTIC, 9 * 60, ATTACK);
    device.twin.call(CallDestination.DOMESTIC, 35 * 60, ATTACK.plus(Duration.ofHours(3)));
    device.twin.call(CallDestination.DOMESTIC, 4 * 60, ATTACK.plus(Duration.ofHours(5)));
    assertEquals(List.of(), device.twin.kinds());
  }

  @Test
  void emergencyCallsNeverCount() {
    Device device = warmed(Archetype.WEARABLE, 101, WARM_UP);
    for (int i = 0; i < 12; i++) {
      assertTrue(device.twin.call(CallDestination.EMERGENCY, 1_800, ATTACK.plus(Duration.ofMinutes(31L * i)))
          .accepted());
    }
    Device meter = warmed(Archetype.METER, 103, WARM_UP);
    for (int i = 0; i < 6; i++) {
      meter.twin.call(CallDestination.EMERGENCY, 0, ATTACK.plus(Duration.ofMinutes(10L * i)));
    }
    assertEquals(List.of(), device.twin.kinds());
    assertEquals(List.of(), meter.twin.kinds());
  }

  @ParameterizedTest
  @EnumSource(value = Archetype.class, names = {"VEHICLE", "WEARABLE"})
  void twoWeeksOfCaregiverBreakdownAndEmergencyCallsRaiseNothing(Archetype kind) {
    for (int seed = 0; seed < 8; seed++) {
      Device device = new Device(kind, 500 + seed, Device.MONDAY);
      device.run(Device.MONDAY, Duration.ofDays(14));
      long calls = device.twin.journal.stream().filter(SimEvent.VoiceUsageRecorded.class::isInstance).count();
      assertTrue(calls >= 3, kind + " seed " + seed + " called in only " + calls + " windows");
      assertEquals(List.of(), device.twin.kinds(), kind + " seed " + seed);
    }
  }

  // ---- once per window, never learned, the profile's response -----------------------------------

  @Test
  void voiceFraudFiresOncePerWindowAndItsDestinationsAreNeverLearned() {
    Device device = warmed(Archetype.VEHICLE, 107, WARM_UP);
    device.twin.state = device.twin.state.apply(new SimEvent.ProfileChanged(ATTACK.minusSeconds(5), "ops",
        withVoiceDestinations(device.twin.state.profile(), null), null));
    for (int i = 0; i < 20; i++) {
      device.twin.call(CallDestination.IRSF_RANGE, 120, ATTACK.plus(Duration.ofMinutes(2L * i)));
    }
    assertEquals(1, device.twin.anomalies().size());
    device.twin.flush(ATTACK.plus(Duration.ofHours(1)));
    assertFalse(device.twin.state.baseline().voice().called(CallDestination.IRSF_RANGE));
    device.twin.call(CallDestination.IRSF_RANGE, 120, ATTACK.plus(Duration.ofHours(1)));
    assertEquals(2, device.twin.anomalies().size(), "the next window fires again");
  }

  @Test
  void quarantineLeavesOnlyEmergencyCallsAndSuspendRefusesTheCallThatTriggeredIt() {
    Device quarantined = warmed(Archetype.VEHICLE, 109, WARM_UP);
    respond(quarantined, Response.QUARANTINE);
    Verdict first = quarantined.twin.call(CallDestination.IRSF_RANGE, 120, ATTACK);
    assertEquals(RejectReason.DESTINATION_NOT_ALLOWED, first.reason());
    assertTrue(quarantined.twin.state.quarantined());
    assertEquals(RejectReason.DESTINATION_NOT_ALLOWED,
        quarantined.twin.call(CallDestination.DOMESTIC, 60, ATTACK.plusSeconds(600)).reason());
    assertTrue(quarantined.twin.call(CallDestination.EMERGENCY, 60, ATTACK.plusSeconds(900)).accepted());

    Device suspended = warmed(Archetype.VEHICLE, 113, WARM_UP);
    respond(suspended, Response.SUSPEND);
    Verdict v = suspended.twin.call(CallDestination.INTERNATIONAL, 300, ATTACK);
    for (int i = 1; v.accepted() && i < 20; i++) {
      v = suspended.twin.call(CallDestination.INTERNATIONAL, 300, ATTACK.plus(Duration.ofMinutes(6L * i)));
    }
    assertEquals(RejectReason.SUSPENDED, v.reason());
    assertEquals(SimStatus.SUSPENDED, suspended.twin.state.status());
    assertEquals("network:detector:voice_fraud", suspended.twin.state.suspendedBy());
    SimEvent last = suspended.twin.journal.get(suspended.twin.journal.size() - 1);
    assertEquals(RejectReason.SUSPENDED, ((SimEvent.VoiceCallBlocked) last).reason());
  }

  @Test
  void theLiveStateIsTheFoldOfTheJournal() {
    Device device = warmed(Archetype.VEHICLE, 127, WARM_UP);
    assertTrue(pump(device, CallDestination.INTERNATIONAL, 3, 200, Duration.ofHours(6), 127).firstDetection() != null);
    device.twin.flush(ATTACK.plus(Duration.ofHours(7)));
    assertEquals(device.twin.state, SimState.EMPTY.applyAll(device.twin.journal));
  }

  // ---- helpers ----------------------------------------------------------------------------------

  private static void respond(Device device, Response response) {
    ConnectivityProfile p = device.twin.state.profile();
    device.twin.state = device.twin.state.apply(new SimEvent.ProfileChanged(ATTACK.minusSeconds(5), "ops",
        new ConnectivityProfile(p.name(), p.services(), p.rats(), p.plmns(), p.apns(), p.privateNetwork(),
            p.dataQuota(), p.smsQuota(), p.unencrypted(), p.firewallRules(), p.defaultAction(),
            Map.of(AnomalyKind.VOICE_FRAUD, response), p.voiceDestinations()), null));
  }

  private static ConnectivityProfile withVoiceDestinations(ConnectivityProfile p,
      java.util.Set<CallDestination> destinations) {
    return new ConnectivityProfile(p.name(), p.services(), p.rats(), p.plmns(), p.apns(), p.privateNetwork(),
        p.dataQuota(), p.smsQuota(), p.unencrypted(), p.firewallRules(), p.defaultAction(), p.responses(),
        destinations);
  }
}
