package io.simwarden.core.detect;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simwarden.core.decision.NetworkContext;
import io.simwarden.core.detect.Device.Archetype;
import io.simwarden.core.firewall.Firewall;
import io.simwarden.core.id.IpAddress;
import io.simwarden.core.traffic.Allocations;
import io.simwarden.core.traffic.Direction;
import io.simwarden.core.traffic.Flow;
import io.simwarden.core.traffic.Protocol;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Watching a compliant report allocates nothing; the whole decision stays allocation-light. */
class HotPathAllocationTest {

  @Test
  void detectorsAllocateNothingOnACompliantReport() {
    Device camera = Attacks.warmed(Archetype.CAMERA, 103, Duration.ofHours(30));
    Baseline baseline = camera.twin.state.baseline();
    List<Flow> report = compliantReport();
    Detectors detectors = new Detectors(6, Duration.ofHours(1));
    WindowWatch watch = new WindowWatch();
    long[] window = {0};
    Allocations.assertAllocatesNothing(() -> {
      detectors.startReport(watch, window[0] += 3_600_000L);
      for (int i = 0; i < report.size(); i++) {
        detectors.observe(watch, baseline, report.get(i), i, true, false);
      }
      List<Finding> found = detectors.traffic(watch, baseline, camera.twin.window, report);
      if (!found.isEmpty()) {
        throw new AssertionError(found.toString());
      }
    });
  }

  @Test
  void aCompliantReportThroughTheDeciderAllocatesOnlyItsAnswer() {
    Device camera = Attacks.warmed(Archetype.CAMERA, 107, Duration.ofHours(30));
    List<Flow> report = compliantReport();
    Instant at = Device.MONDAY.plus(Duration.ofHours(30)).plusSeconds(10);
    Firewall firewall = Firewall.compile(camera.twin.state.profile().firewallRules(),
        camera.twin.state.firewallRules(), camera.twin.state.profile().defaultAction());
    NetworkContext context = new NetworkContext(camera.twin.state, camera.twin.fleet, camera.twin.window,
        camera.twin.watch, at);
    var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long thread = Thread.currentThread().getId();
    for (int i = 0; i < 1_000; i++) {
      camera.twin.decider.traffic(context, firewall, report);
    }
    int calls = 100_000;
    long before = threads.getThreadAllocatedBytes(thread);
    for (int i = 0; i < calls; i++) {
      camera.twin.decider.traffic(context, firewall, report);
    }
    long perReport = (threads.getThreadAllocatedBytes(thread) - before) / calls;
    System.out.println("compliant report of " + report.size() + " flows through NetworkDecider.traffic: "
        + perReport + " bytes allocated (decision and verdict)");
    assertTrue(perReport <= 128, perReport + " bytes per report");
  }

  /** A camera's report: video to its VMS, an API call, NTP; all learned destinations. */
  private static List<Flow> compliantReport() {
    return List.of(new Flow(IpAddress.of("198.51.100.40"), Protocol.TCP, 443, Direction.UPLINK, 1_000_000, 800, true),
        new Flow(IpAddress.of("198.51.100.41"), Protocol.TCP, 443, Direction.UPLINK, 2_500, 5, true),
        new Flow(IpAddress.of("198.51.100.123"), Protocol.UDP, 123, Direction.UPLINK, 96, 2, false));
  }
}
