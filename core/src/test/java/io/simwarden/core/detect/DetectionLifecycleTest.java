package io.simwarden.core.detect;

import static io.simwarden.core.detect.Attacks.under;
import static io.simwarden.core.detect.Attacks.warmed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simwarden.core.detect.Device.Archetype;
import io.simwarden.core.event.SimEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** When detectors run and how often they speak: learning period, once per window, no learning from attacks. */
class DetectionLifecycleTest {

  @Test
  void nothingFiresWhileTheSimIsLearningAndTheFirstWatchedWindowDoes() {
    for (int learned = 5; learned <= 6; learned++) {
      Device device = new Device(Archetype.CAMERA, 71, Device.MONDAY);
      device.run(Device.MONDAY, Duration.ofHours(learned));
      assertEquals(learned - 1, device.twin.state.baseline().windows());
      Random random = new Random(71);
      under(device, Device.MONDAY.plus(Duration.ofHours(learned)), Duration.ofHours(1),
          () -> Attacks.telnetScan(random, 256));
      assertEquals(learned, device.twin.state.baseline().windows());
      assertEquals(learned == 5 ? List.of() : List.of(AnomalyKind.PORT_SCAN), device.twin.kinds(),
          "after " + learned + " learned windows");
    }
  }

  @Test
  void anOngoingAttackIsReportedOncePerKindPerUsageWindow() {
    Device device = warmed(Archetype.METER, 73, Duration.ofHours(10));
    Random random = new Random(73);
    Instant start = Device.MONDAY.plus(Duration.ofHours(10));
    under(device, start, Duration.ofHours(3), () -> Attacks.telnetScan(random, 256));
    List<SimEvent.AnomalyDetected> found = device.twin.anomalies();
    assertEquals(List.of(AnomalyKind.PORT_SCAN, AnomalyKind.FIREWALL_VIOLATION_BURST, AnomalyKind.PORT_SCAN,
        AnomalyKind.FIREWALL_VIOLATION_BURST, AnomalyKind.PORT_SCAN, AnomalyKind.FIREWALL_VIOLATION_BURST),
        device.twin.kinds());
    for (int hour = 0; hour < 3; hour++) {
      assertEquals(start.plus(Duration.ofHours(hour)).plus(Device.STEP).minusSeconds(1), found.get(2 * hour).at(),
          "detected in the first report of each window");
    }
  }

  @Test
  void windowsWithADetectionTeachTheBaselineNothing() {
    Device device = warmed(Archetype.METER, 79, Duration.ofHours(10));
    device.twin.flush(Device.MONDAY.plus(Duration.ofHours(10)));
    Baseline before = device.twin.state.baseline();
    Random random = new Random(79);
    under(device, Device.MONDAY.plus(Duration.ofHours(10)), Duration.ofHours(2), () -> Attacks.telnetScan(random, 64));
    device.step(Device.MONDAY.plus(Duration.ofHours(12)));
    Baseline after = device.twin.state.baseline();
    assertEquals(before.windows(), after.windows());
    assertEquals(before.expected(Metric.ENDPOINTS), after.expected(Metric.ENDPOINTS));
    assertEquals(before.destinations().length, after.destinations().length);
    device.run(Device.MONDAY.plus(Duration.ofHours(12)).plus(Device.STEP), Duration.ofHours(2));
    assertTrue(device.twin.state.baseline().windows() > before.windows(), "clean windows are learned again");
  }
}
