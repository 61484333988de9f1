package io.simwarden.core.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simwarden.core.detect.Device.Archetype;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A fleet behaving normally raises nothing: every archetype, seeded variations, a week with day and night. */
class CleanFleetTest {

  private static final int SIMS_PER_ARCHETYPE = 24;

  @ParameterizedTest
  @EnumSource(Archetype.class)
  void aWeekOfNormalTrafficRaisesNoDetection(Archetype kind) {
    for (int seed = 0; seed < SIMS_PER_ARCHETYPE; seed++) {
      Instant start = Device.MONDAY.plus(Duration.ofHours(seed * 7L % 24));
      Device device = new Device(kind, kind.ordinal() * 1000L + seed, start);
      device.run(start, Duration.ofDays(7));
      List<?> found = device.twin.anomalies();
      int s = seed;
      assertEquals(List.of(), found, () -> kind + " seed " + s + " (scale " + device.scale + ")");
      assertTrue(device.twin.state.baseline().windows() >= 24 * 6, () -> kind + " seed " + s + " learned only "
          + device.twin.state.baseline().windows() + " windows");
    }
  }
}
