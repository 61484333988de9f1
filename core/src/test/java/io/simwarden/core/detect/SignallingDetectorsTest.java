package io.simwarden.core.detect;

import static io.simwarden.core.detect.Attacks.warmed;
import static io.simwarden.core.detect.Device.HOME;
import static io.simwarden.core.detect.Device.OWN_DEVICE;
import static io.simwarden.core.detect.Device.PHONE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simwarden.core.decision.Verdict;
import io.simwarden.core.detect.Device.Archetype;
import io.simwarden.core.event.RejectReason;
import io.simwarden.core.id.Apn;
import io.simwarden.core.id.Imei;
import io.simwarden.core.id.IpAddress;
import io.simwarden.core.id.Plmn;
import io.simwarden.core.policy.ConnectivityProfile;
import io.simwarden.core.policy.ImeiLock;
import io.simwarden.core.policy.PlmnPolicy;
import io.simwarden.core.policy.Rat;
import io.simwarden.core.policy.Service;
import io.simwarden.core.traffic.Direction;
import io.simwarden.core.traffic.Flow;
import io.simwarden.core.traffic.Protocol;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Attach and SMS detectors: storms, location jumps, device changes, SMS spikes, and SIM theft as one cause. */
class SignallingDetectorsTest {

  static final Duration WARM_UP = Duration.ofHours(10);
  static final Instant ATTACK = Device.MONDAY.plus(WARM_UP).plusSeconds(7);
  static final Plmn SOUTH_AFRICA = Plmn.of("65501");
  static final Plmn RUSSIA = Plmn.of("25001");
  static final Plmn USA = Plmn.of("310410");

  // ---- SIGNALLING_STORM --------------------------------------------------------------------------

  @ParameterizedTest
  @ValueSource(ints = {30, 120, 300})
  void reattachingEveryFewSecondsOrMinutesIsASignallingStorm(int retrySeconds) {
    for (Archetype kind : Archetype.values()) {
      Device device = warmed(kind, 41, WARM_UP);
      Random random = new Random(retrySeconds);
      for (int t = 0; t < 3_600; t += Math.round(retrySeconds * (0.8 + 0.4 * random.nextDouble()))) {
        device.attach(ATTACK.plusSeconds(t));
      }
      // the attaches that spill into the next window are a storm there too: the day's count stays far over usual
      List<AnomalyKind> kinds = device.twin.kinds();
      assertEquals(AnomalyKind.SIGNALLING_STORM, kinds.get(0), kind::toString);
      assertEquals(Set.of(AnomalyKind.SIGNALLING_STORM), Set.copyOf(kinds), kind::toString);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {480, 720})
  void reattachingEveryQuarterHourForHoursIsASlowStorm(int retrySeconds) {
    for (Archetype kind : List.of(Archetype.METER, Archetype.CAMERA, Archetype.PAYMENT)) {
      Device device = warmed(kind, 43, Duration.ofDays(2));
      Instant start = Device.MONDAY.plus(Duration.ofDays(2)).plus(Duration.ofHours(10));
      for (int t = 0; t < 6 * 3_600; t += retrySeconds) {
        device.attach(start.plusSeconds(t));
      }
      assertEquals(AnomalyKind.SIGNALLING_STORM, device.twin.kinds().get(0), kind::toString);
    }
  }

  // ---- IMEI_CHANGE -------------------------------------------------------------------------------

  @ParameterizedTest
  @EnumSource(Archetype.class)
  void aPhoneTakingTheSimIsAnImeiChangeEvenWhenTheLockRefusesIt(Archetype kind) {
    Device device = warmed(kind, 43, WARM_UP);
    Verdict verdict = device.twin.attach(PHONE, Rat.LTE, HOME, device.apn, ATTACK);
    assertFalse(verdict.accepted());
    assertEquals(AnomalyKind.IMEI_CHANGE, verdict.detections().get(0).kind());
    assertEquals(2.0, verdict.detections().get(0).score());
    assertEquals(List.of(AnomalyKind.IMEI_CHANGE), device.twin.kinds());
    assertTrue(device.twin.anomalies().get(0).evidence().contains("another device model"));
  }

  @Test
  void anotherUnitOfTheSameModelScoresLowerAndAnOpenLockStillDetects() {
    Twin twin = learned(ImeiLock.OFF, Device.profile(Archetype.CAMERA, Apn.of("camera.acme")));
    Imei sameModel = Imei.fromBody(OWN_DEVICE.value().substring(0, 8) + "999999");
    Verdict verdict = twin.attach(sameModel, Rat.LTE, HOME, Apn.of("camera.acme"), ATTACK);
    assertTrue(verdict.accepted());
    assertEquals(List.of(new Detection(AnomalyKind.IMEI_CHANGE, 1.0, Response.ALERT)), verdict.detections());
    assertTrue(twin.anomalies().get(0).evidence().contains("another unit of a known model"));
  }

  @Test
  void aDeviceChangeIsFlaggedOncePerWindowAndNeverLearned() {
    Twin twin = learned(ImeiLock.OFF, Device.profile(Archetype.CAMERA, Apn.of("camera.acme")));
    for (int i = 0; i < 5; i++) {
      twin.attach(PHONE, Rat.LTE, HOME, Apn.of("camera.acme"), ATTACK.plusSeconds(60L * i));
    }
    assertEquals(1, twin.anomalies().size());
    twin.attach(PHONE, Rat.LTE, HOME, Apn.of("camera.acme"), ATTACK.plus(Duration.ofHours(1)));
    assertEquals(2, twin.anomalies().size());
    assertFalse(twin.state.baseline().knowsDevice(PHONE));
  }

  // ---- LOCATION_JUMP -----------------------------------------------------------------------------

  @Test
  void anAttachOnAFarAwayNetworkThePolicyRefusesIsALocationJump() {
    Device device = warmed(Archetype.TRACKER, 47, WARM_UP);
    Verdict verdict = device.twin.attach(OWN_DEVICE, Rat.LTE_M, SOUTH_AFRICA, device.apn, ATTACK);
    assertEquals(RejectReason.PLMN_NOT_ALLOWED, verdict.reason());
    assertEquals(List.of(new Detection(AnomalyKind.LOCATION_JUMP, 2.0, Response.ALERT)), verdict.detections());
    Verdict near = device.twin.attach(OWN_DEVICE, Rat.LTE_M, RUSSIA, device.apn, ATTACK.plus(Duration.ofHours(1)));
    assertEquals(List.of(new Detection(AnomalyKind.LOCATION_JUMP, 1.0, Response.ALERT)), near.detections());
    assertTrue(device.twin.anomalies().get(1).evidence().contains("not allowed by the profile"));
  }

  @Test
  void anAcceptedAttachOnAnotherContinentIsALocationJump() {
    ConnectivityProfile open = withPlmns(Device.profile(Archetype.CAMERA, Apn.of("camera.acme")), PlmnPolicy.ANY);
    Twin twin = learned(ImeiLock.OFF, open);
    Verdict verdict = twin.attach(OWN_DEVICE, Rat.LTE, USA, Apn.of("camera.acme"), ATTACK);
    assertTrue(verdict.accepted());
    assertEquals(List.of(new Detection(AnomalyKind.LOCATION_JUMP, 2.0, Response.ALERT)), verdict.detections());
    assertFalse(twin.state.baseline().knowsNetwork(USA));
  }

  @Test
  void roamingAcrossABorderToAnAllowedPartnerIsNormal() {
    Device device = warmed(Archetype.TRACKER, 53, WARM_UP);
    for (int i = 0; i < Device.PARTNERS.size(); i++) {
      device.network = Device.PARTNERS.get(i);
      device.run(ATTACK.plus(Duration.ofHours(3L * i)), Duration.ofHours(3));
    }
    assertEquals(List.of(), device.twin.kinds());
  }

  // ---- SMS_SPIKE ---------------------------------------------------------------------------------

  @ParameterizedTest
  @ValueSource(ints = {15, 60, 600})
  void smsPumpingIsAnSmsSpike(int smsPerHour) {
    Device device = warmed(Archetype.WEARABLE, 59, WARM_UP);
    for (int i = 0; i < smsPerHour; i++) {
      device.twin.sms(Service.SMS_MO, ATTACK.plusMillis(3_600_000L * i / smsPerHour));
    }
    // a pump that runs into the next window is not learned: it fires there again
    List<AnomalyKind> kinds = device.twin.kinds();
    assertEquals(AnomalyKind.SMS_SPIKE, kinds.get(0));
    assertEquals(Set.of(AnomalyKind.SMS_SPIKE), Set.copyOf(kinds));
  }

  // ---- SIM theft as one cause --------------------------------------------------------------------

  @Test
  void whatAStolenSimDoesInAPhoneIsExplainedByTheDeviceChangeUntilItsOwnDeviceReturns() {
    ConnectivityProfile profile = Device.profile(Archetype.VEHICLE, Apn.of("vehicle.acme"));
    Twin twin = learned(ImeiLock.OFF, profile);
    twin.attach(PHONE, Rat.LTE, HOME, Apn.of("vehicle.acme"), ATTACK);
    Random random = new Random(61);
    for (int report = 0; report < 24; report++) {
      Instant at = ATTACK.plus(Device.STEP.multipliedBy(report + 1));
      List<Flow> browsing = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        browsing.add(new Flow(IpAddress.v4(0x5DB8D800 + random.nextInt(4096)), Protocol.TCP, 443, Direction.UPLINK,
            400_000, 300, true));
      }
      twin.traffic(browsing, at);
      for (int i = 0; i < 5; i++) {
        twin.sms(Service.SMS_MO, at.plusSeconds(i));
      }
    }
    assertEquals(List.of(AnomalyKind.IMEI_CHANGE), twin.kinds());

    Instant back = ATTACK.plus(Duration.ofHours(3));
    twin.attach(OWN_DEVICE, Rat.LTE, HOME, Apn.of("vehicle.acme"), back);
    assertEquals(0, twin.state.baseline().standing());
    twin.traffic(Attacks.telnetScan(random, 256), back.plusSeconds(300));
    // the phone's refused browsing was not learned as usual, so the scan's refused flows are a burst too
    assertEquals(List.of(AnomalyKind.IMEI_CHANGE, AnomalyKind.PORT_SCAN, AnomalyKind.FIREWALL_VIOLATION_BURST),
        twin.kinds());
  }

  // ---- helpers -----------------------------------------------------------------------------------

  /** A SIM of {@code profile} that learned 10 windows of a little traffic from {@link Device#OWN_DEVICE}. */
  static Twin learned(ImeiLock lock, ConnectivityProfile profile) {
    Twin twin = new Twin(profile, lock, Device.MONDAY);
    Apn apn = profile.apns().iterator().next();
    Rat rat = profile.rats().iterator().next();
    twin.attach(OWN_DEVICE, rat, HOME, apn, Device.MONDAY.plusSeconds(1));
    for (int hour = 0; hour < 10; hour++) {
      twin.traffic(List.of(new Flow(IpAddress.of("192.0.2.20"), Protocol.TCP, 8883, Direction.UPLINK, 2_000, 5, true)),
          Device.MONDAY.plus(Duration.ofHours(hour)).plusSeconds(600));
    }
    assertEquals(9, twin.state.baseline().windows());
    return twin;
  }

  static ConnectivityProfile withPlmns(ConnectivityProfile p, PlmnPolicy plmns) {
    return new ConnectivityProfile(p.name(), p.services(), p.rats(), plmns, p.apns(), p.privateNetwork(),
        p.dataQuota(), p.smsQuota(), p.unencrypted(), p.firewallRules(), p.defaultAction(), p.responses());
  }
}
