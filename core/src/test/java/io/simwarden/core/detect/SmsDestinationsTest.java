package io.simwarden.core.detect;

import static io.simwarden.core.detect.QuietAttacksTest.firstOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simwarden.core.detect.Device.Archetype;
import io.simwarden.core.event.SimEvent;
import io.simwarden.core.policy.SmsDestination;
import io.simwarden.core.traffic.SmsUsage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SMS pumping is paid by SMS to international and premium-rate numbers: a SIM whose own SMS go elsewhere and that
 * starts sending a few an hour there is found within hours, long before its SMS count is improbable; a SIM whose
 * SMS legitimately go abroad stays silent.
 */
class SmsDestinationsTest {

  static final Instant PUMP = Device.MONDAY.plus(Duration.ofDays(3)).plus(Duration.ofHours(9));

  /**
   * A vehicle whose driver texts home about six times a day (every 4 h, a third of them abroad when
   * {@code abroadShare} is 1/3), for three days, then from {@link #PUMP} {@code perHour} SMS an hour of class
   * {@code pumped} ({@code null}: none) for {@code hours}, the driver going on as before.
   */
  static Device run(long seed, double abroadShare, SmsDestination pumped, double perHour, int hours) {
    Device device = new Device(Archetype.VEHICLE, seed, Device.MONDAY);
    Random draw = new Random(seed);
    long gap = pumped == null ? Long.MAX_VALUE : Math.round(3_600_000 / perHour);
    Instant nextPump = PUMP.plusSeconds(17);
    Instant end = PUMP.plus(Duration.ofHours(hours));
    for (Instant at = Device.MONDAY; at.isBefore(end); at = at.plus(Device.STEP)) {
      device.step(at);
      if (at.getEpochSecond() % (4 * 3_600) == 2 * 3_600) {
        device.twin.sms(draw.nextDouble() < abroadShare ? SmsDestination.INTERNATIONAL : SmsDestination.DOMESTIC,
            at.plusSeconds(120));
      }
      while (nextPump.isBefore(at.plus(Device.STEP))) {
        device.twin.sms(pumped, nextPump);
        nextPump = nextPump.plusMillis(gap);
      }
    }
    return device;
  }

  @ParameterizedTest
  @EnumSource(value = SmsDestination.class, names = {"INTERNATIONAL", "PREMIUM_RATE"})
  void anHourlyPumpToAClassTheSimNeverTextsIsFoundWithinHours(SmsDestination pumped) {
    Device device = run(61, 0, pumped, 1, 10);
    Instant found = firstOf(device, AnomalyKind.SMS_SPIKE);
    assertTrue(found.isBefore(PUMP.plus(Duration.ofHours(8))), "found at " + found);
    assertTrue(device.twin.anomalies().get(0).evidence().contains(pumped.name()),
        device.twin.anomalies().get(0).evidence());
  }

  /** The same SMS counted without their class (as before classes existed): their count is not improbable yet. */
  @Test
  void theSamePumpToDomesticNumbersIsNotFoundByItsCountWithinHours() {
    Device device = run(61, 0, SmsDestination.DOMESTIC, 1, 6);
    assertEquals(List.of(), device.twin.kinds());
  }

  @ParameterizedTest
  @ValueSource(longs = {3, 5, 8})
  void aSimWhoseSmsOftenGoAbroadStaysSilentForAWeek(long seed) {
    Device device = run(seed, 1.0 / 3, null, 0, 24 * 4);
    assertEquals(List.of(), device.twin.kinds());
    long abroad = device.twin.journal.stream().filter(SimEvent.SmsUsageRecorded.class::isInstance)
        .map(SimEvent.SmsUsageRecorded.class::cast).flatMap(e -> e.destinations().stream())
        .filter(u -> u.destination() == SmsDestination.INTERNATIONAL).mapToLong(SmsUsage::sms).sum();
    assertTrue(abroad >= 10, "only " + abroad + " SMS abroad");
  }

  @ParameterizedTest
  @ValueSource(doubles = {0.5, 2})
  void aPumpAbroadOnASimThatTextsAbroadIsJudgedByItsOwnRateThere(double perHour) {
    Device device = run(11, 1.0 / 3, SmsDestination.INTERNATIONAL, perHour * 12, 12);
    Instant found = firstOf(device, AnomalyKind.SMS_SPIKE);
    assertTrue(found.isBefore(PUMP.plus(Duration.ofHours(12))), "found at " + found);
  }
}
