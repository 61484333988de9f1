package io.simwarden.core.detect;

import static io.simwarden.core.detect.Attacks.DROP_SERVER;
import static io.simwarden.core.detect.Attacks.under;
import static io.simwarden.core.detect.Attacks.warmed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simwarden.core.detect.Device.Archetype;
import io.simwarden.core.id.IpAddress;
import io.simwarden.core.policy.Service;
import io.simwarden.core.traffic.Direction;
import io.simwarden.core.traffic.Flow;
import io.simwarden.core.traffic.Protocol;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Low-and-slow attacks, each under the per-window thresholds (which miss them), are found by the {@link Trend}
 * detectors within the time the test gives them; benign changes of the same shape stay silent.
 */
class QuietAttacksTest {

  static final Instant TUESDAY = Device.MONDAY.plus(Duration.ofDays(1));

  /** The first detection's time, or fails naming what fired. */
  static Instant firstOf(Device device, AnomalyKind kind) {
    List<Detection> found = device.twin.detections;
    assertTrue(!found.isEmpty(), kind + " never fired");
    assertEquals(kind, found.get(0).kind(), found.toString());
    return device.twin.anomalies().get(0).at();
  }

  // ---- SMS pumping against the SIM's own rate ---------------------------------------------------

  @ParameterizedTest
  @ValueSource(doubles = {1, 2, 4})
  void smsPumpingAtAFewAnHourIsFoundWithinTheDay(double perHour) {
    Device device = warmed(Archetype.VEHICLE, 31, Duration.ofDays(2));
    Instant start = Device.MONDAY.plus(Duration.ofDays(2)).plus(Duration.ofHours(9));
    long gap = Math.round(3_600_000 / perHour);
    for (Instant at = start; at.isBefore(start.plus(Duration.ofHours(16))); at = at.plusMillis(gap)) {
      device.twin.sms(Service.SMS_MO, at);
    }
    Instant found = firstOf(device, AnomalyKind.SMS_SPIKE);
    assertTrue(found.isBefore(start.plus(Duration.ofHours(Math.round(16 / perHour) + 2))), "found at " + found);
  }

  @Test
  void aPumpUnderTheWindowThresholdDoesNotLiftWhatIsUsual() {
    Device device = warmed(Archetype.WEARABLE, 37, Duration.ofDays(2));
    double before = device.twin.state.baseline().expected(Metric.SMS);
    Instant start = Device.MONDAY.plus(Duration.ofDays(2)).plus(Duration.ofHours(9));
    for (int i = 0; i < 8 * 8; i++) {
      device.twin.sms(Service.SMS_MO, start.plusSeconds(450L * i));
    }
    device.run(start.plus(Duration.ofHours(8)), Duration.ofHours(2));
    double after = device.twin.state.baseline().expected(Metric.SMS);
    assertTrue(after <= Math.max(2 * before, 3), "usual SMS per window went from " + before + " to " + after);
    assertEquals(Set.of(AnomalyKind.SMS_SPIKE), Set.copyOf(device.twin.kinds()));
  }

  // ---- exfiltration to a new server below the per-window threshold -------------------------------

  @ParameterizedTest
  @ValueSource(longs = {800_000, 300_000})
  void aCameraUploadingUnderAMegabyteAnHourToANewServerIsFound(long bytesPerHour) {
    Device device = warmed(Archetype.CAMERA, 41, Duration.ofHours(30));
    Instant start = Device.MONDAY.plus(Duration.ofHours(30));
    under(device, start, Duration.ofHours(6), () -> List.of(Attacks.upload(DROP_SERVER, 443, bytesPerHour / 12)));
    Instant found = firstOf(device, AnomalyKind.NEW_DESTINATION);
    assertTrue(found.isBefore(start.plus(Duration.ofSeconds(1_500_000L * 3_600 / bytesPerHour + 3_600))),
        "found at " + found);
    assertTrue(TrafficDetectorsTest.EXFILTRATION.containsAll(device.twin.kinds()), device.twin.kinds().toString());
  }

  @Test
  void aFirmwareUpdateAddingASmallDestinationStaysSilent() {
    Device device = warmed(Archetype.CAMERA, 43, Duration.ofDays(1));
    IpAddress telemetry = IpAddress.of("192.0.2.77");
    under(device, TUESDAY, Duration.ofDays(5), () -> List.of(new Flow(telemetry, Protocol.TCP, 8443,
        Direction.UPLINK, 180, 3, true)));
    assertEquals(List.of(), device.twin.kinds());
  }

  // ---- refused flows over days ------------------------------------------------------------------

  @Test
  void aTrackerTryingANewDestinationOnceAnHourIsFoundWithinADay() {
    Device device = warmed(Archetype.TRACKER, 47, Duration.ofDays(2));
    Instant start = Device.MONDAY.plus(Duration.ofDays(2));
    IpAddress collector = IpAddress.of("192.0.2.99");
    int[] report = {0};
    under(device, start, Duration.ofDays(1), () -> report[0]++ % 12 == 0
        ? List.of(new Flow(collector, Protocol.TCP, 8883, Direction.UPLINK, 450, 3, true)) : List.of());
    Instant found = firstOf(device, AnomalyKind.FIREWALL_VIOLATION_BURST);
    assertTrue(found.isBefore(start.plus(Duration.ofHours(16))), "found at " + found);
  }

  // ---- volume per part of the day ---------------------------------------------------------------

  @Test
  void aCameraUploadingHalfAgainAtNightToItsOwnCloudIsFoundWithinTwoNights() {
    Device device = warmed(Archetype.CAMERA, 53, Duration.ofDays(4));
    Instant start = Device.MONDAY.plus(Duration.ofDays(4));
    long night = start.toEpochMilli();
    long perReport = Math.round(device.twin.state.baseline().trend().partUplink(night) * 0.5 / 12);
    IpAddress ownCloud = IpAddress.of("198.51.100.40");
    for (int day = 0; day < 2; day++) {
      Instant midnight = start.plus(Duration.ofDays(day));
      under(device, midnight, Duration.ofHours(6), () -> List.of(
          new Flow(ownCloud, Protocol.TCP, 8443, Direction.UPLINK, perReport, perReport / 1_300, true)));
      device.run(midnight.plus(Duration.ofHours(6)), Duration.ofHours(18));
    }
    firstOf(device, AnomalyKind.VOLUME_SPIKE);
  }

  @Test
  void aCameraWhoseNightsAreTenPercentBusierStaysSilent() {
    Device device = warmed(Archetype.CAMERA, 59, Duration.ofDays(3));
    Instant start = Device.MONDAY.plus(Duration.ofDays(3));
    long perReport = Math.round(device.twin.state.baseline().trend().partUplink(start.toEpochMilli()) * 0.1 / 12);
    IpAddress ownCloud = IpAddress.of("198.51.100.40");
    for (int day = 0; day < 4; day++) {
      Instant midnight = start.plus(Duration.ofDays(day));
      under(device, midnight, Duration.ofHours(6), () -> List.of(
          new Flow(ownCloud, Protocol.TCP, 8443, Direction.UPLINK, perReport, perReport / 1_300, true)));
      device.run(midnight.plus(Duration.ofHours(6)), Duration.ofHours(18));
    }
    assertEquals(List.of(), device.twin.kinds());
  }
}
