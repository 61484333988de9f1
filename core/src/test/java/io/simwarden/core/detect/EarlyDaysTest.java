package io.simwarden.core.detect;

import static io.simwarden.core.detect.Attacks.under;
import static io.simwarden.core.detect.QuietAttacksTest.firstOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simwarden.core.detect.Device.Archetype;
import io.simwarden.core.id.IpAddress;
import io.simwarden.core.policy.SmsDestination;
import io.simwarden.core.traffic.Direction;
import io.simwarden.core.traffic.Flow;
import io.simwarden.core.traffic.Protocol;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A SIM that always did something (texted, often abroad; knocked on a server its firewall refuses) is judged by its
 * own rate from its first days, with the uncertainty of the few days watched: it is not taken for a pump or a
 * creeping exfiltration, while the same activity starting on a SIM that never did it still is.
 */
class EarlyDaysTest {

  static final IpAddress REFUSED = IpAddress.of("192.0.2.99");

  /**
   * A vehicle that from its first hour sends {@code perDay} SMS a day, Poisson in time, a share {@code abroad} of
   * them to international numbers, for {@code length}; then, for {@code pumpHours}, also {@code pumpPerHour} SMS an
   * hour to international numbers.
   */
  static Device texting(long seed, double perDay, double abroad, Duration length, double pumpPerHour,
      int pumpHours) {
    Device device = new Device(Archetype.VEHICLE, seed, Device.MONDAY);
    Random draw = new Random(seed * 7_919 + 1);
    Instant pump = Device.MONDAY.plus(length);
    Instant end = pump.plus(Duration.ofHours(pumpHours));
    for (Instant at = Device.MONDAY; at.isBefore(end); at = at.plus(Device.STEP)) {
      device.step(at);
      int sms = poisson(draw, perDay / 288) + (at.isBefore(pump) ? 0 : poisson(draw, pumpPerHour / 12));
      for (int i = 0; i < sms; i++) {
        device.twin.sms(!at.isBefore(pump) || draw.nextDouble() < abroad ? SmsDestination.INTERNATIONAL
            : SmsDestination.DOMESTIC, at.plusSeconds(200 + i));
      }
    }
    return device;
  }

  private static int poisson(Random draw, double mean) {
    int n = 0;
    double p = Math.exp(-mean);
    double cumulative = p;
    double u = draw.nextDouble();
    while (u > cumulative) {
      n++;
      p *= mean / n;
      cumulative += p;
    }
    return n;
  }

  /** Fails on a Poisson test with the rate's point estimate: it took 2 of these 40 vehicles for pumps. */
  @Test
  void vehiclesThatAlwaysTextedAbroadAreNotPumpsInTheirFirstDays() {
    List<String> alarmed = new ArrayList<>();
    for (long seed = 1; seed <= 40; seed++) {
      Device device = texting(seed, 6, 0.5, Duration.ofDays(3), 0, 0);
      if (!device.twin.anomalies().isEmpty()) {
        alarmed.add(seed + ": " + device.twin.anomalies().get(0).evidence());
      }
    }
    assertEquals(List.of(), alarmed);
  }

  /**
   * Fails on learning capped by what the usual counter read (one SMS a window in a SIM's first days) with the whole
   * last day taken off it: the vehicles' rate before the last day read 0 after three days, the guard stopped their
   * learning, and 28 of 40 vehicles at 12 SMS a day (40 of 40 at 24) were taken for pumps.
   */
  @ParameterizedTest
  @ValueSource(doubles = {12, 24})
  void vehiclesThatTextTwiceOrFourTimesAsOftenLearnTheirRateAndAreNotPumps(double perDay) {
    List<String> alarmed = new ArrayList<>();
    List<String> unlearned = new ArrayList<>();
    for (long seed = 1; seed <= 40; seed++) {
      Device device = texting(seed, perDay, 0.5, Duration.ofDays(4), 0, 0);
      Trend trend = device.twin.state.baseline().trend();
      long t = Device.MONDAY.plus(Duration.ofDays(4)).toEpochMilli();
      double before = Trend.learnedBefore(trend.usualSms(t), trend.learnedSms(t), 4);
      if (!device.twin.anomalies().isEmpty()) {
        // a window with a detection teaches nothing, so an alarmed SIM stops learning by design
        alarmed.add(seed + ": " + device.twin.anomalies().get(0).evidence());
      } else if (before < perDay / 2) {
        unlearned.add(seed + ": " + String.format("%.1f", before));
      }
    }
    assertEquals(List.of(), unlearned, "rate before the last day under half the SIM's own");
    // one alarm in 40 SIMs at 1e-7 a day is not expected but possible while the rate is estimated from a day or two
    assertTrue(alarmed.size() <= 1, alarmed.toString());
  }

  @Test
  void aPumpAbroadOnAVehicleThatAlwaysTextedAbroadIsStillFound() {
    Device device = texting(5, 6, 0.5, Duration.ofDays(3), 2, 16);
    Instant found = firstOf(device, AnomalyKind.SMS_SPIKE);
    assertTrue(found.isBefore(Device.MONDAY.plus(Duration.ofDays(3)).plus(Duration.ofHours(16))),
        "found at " + found);
  }

  /** A tracker whose firmware knocks once an hour on a server its firewall refuses. */
  private static List<Flow> knockEveryHour(int[] report) {
    return report[0]++ % 12 == 0 ? List.of(new Flow(REFUSED, Protocol.TCP, 8883, Direction.UPLINK, 450, 3, true))
        : List.of();
  }

  /** Fails when the day's refused flows are judged against the usual counter as it reads in the first days. */
  @Test
  void aTrackerThatAlwaysKnockedOnARefusedServerIsNotACreepInItsFirstDays() {
    for (long seed : new long[] {47, 48, 49}) {
      Device device = new Device(Archetype.TRACKER, seed, Device.MONDAY);
      int[] report = {0};
      under(device, Device.MONDAY, Duration.ofDays(3), () -> knockEveryHour(report));
      assertEquals(List.of(), device.twin.kinds(), "seed " + seed + ": " + device.twin.anomalies());
    }
  }

  @Test
  void theSameKnockStartingOnATrackerThatNeverKnockedIsFound() {
    Device device = Attacks.warmed(Archetype.TRACKER, 47, Duration.ofDays(2));
    Instant start = Device.MONDAY.plus(Duration.ofDays(2));
    int[] report = {0};
    under(device, start, Duration.ofDays(1), () -> knockEveryHour(report));
    Instant found = firstOf(device, AnomalyKind.FIREWALL_VIOLATION_BURST);
    assertTrue(found.isBefore(start.plus(Duration.ofHours(16))), "found at " + found);
  }
}
