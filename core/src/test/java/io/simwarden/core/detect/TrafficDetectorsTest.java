package io.simwarden.core.detect;

import static io.simwarden.core.detect.Attacks.DROP_SERVER;
import static io.simwarden.core.detect.Attacks.VICTIM;
import static io.simwarden.core.detect.Attacks.under;
import static io.simwarden.core.detect.Attacks.warmed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simwarden.core.decision.Verdict;
import io.simwarden.core.detect.Device.Archetype;
import io.simwarden.core.event.SimEvent;
import io.simwarden.core.id.IpAddress;
import io.simwarden.core.traffic.Direction;
import io.simwarden.core.traffic.Flow;
import io.simwarden.core.traffic.Protocol;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each traffic detector fires on its attack, at other rates and mixes too, and names the right cause:
 * a botnet's traffic raises only botnet kinds, an upload only exfiltration kinds.
 */
class TrafficDetectorsTest {

  static final Set<AnomalyKind> BOTNET =
      EnumSet.of(AnomalyKind.PORT_SCAN, AnomalyKind.DDOS_SOURCE, AnomalyKind.FIREWALL_VIOLATION_BURST);
  static final Set<AnomalyKind> EXFILTRATION = EnumSet.of(AnomalyKind.NEW_DESTINATION, AnomalyKind.VOLUME_SPIKE);
  /** Attacks start after 10 h of normal traffic, at 10:00 on Monday. */
  static final Duration WARM_UP = Duration.ofHours(10);
  static final Instant ATTACK = Device.MONDAY.plus(WARM_UP);

  static void assertOnly(Set<AnomalyKind> allowed, AnomalyKind expected, Device device) {
    List<AnomalyKind> kinds = device.twin.kinds();
    assertTrue(kinds.contains(expected), () -> expected + " not among " + kinds);
    assertTrue(allowed.containsAll(kinds), () -> kinds + " names causes outside " + allowed);
  }

  // ---- PORT_SCAN ---------------------------------------------------------------------------------

  @ParameterizedTest
  @ValueSource(ints = {256, 40, 8})
  void telnetScanningIsAPortScanOnEveryArchetype(int probesPerReport) {
    for (Archetype kind : Archetype.values()) {
      Device device = warmed(kind, 7, WARM_UP);
      Random random = new Random(probesPerReport);
      under(device, ATTACK, Duration.ofHours(1), () -> Attacks.telnetScan(random, probesPerReport));
      assertOnly(BOTNET, AnomalyKind.PORT_SCAN, device);
    }
  }

  @Test
  void aFullRateScanIsReportedInTheVerdictOfItsFirstReport() {
    Device device = warmed(Archetype.CAMERA, 3, WARM_UP);
    device.extra.addAll(Attacks.telnetScan(new Random(1), 10_000));
    device.step(ATTACK);
    List<Detection> found = device.twin.detections;
    assertEquals(AnomalyKind.PORT_SCAN, found.get(0).kind());
    assertTrue(found.get(0).score() >= 1, found.toString());
    SimEvent.AnomalyDetected event = device.twin.anomalies().get(0);
    assertTrue(event.evidence().contains("distinct new endpoints"), event.evidence());
  }

  @Test
  void newEndpointsOfNormalServicesAreNoScanButRefusedAllAlongTheyAreAViolation() {
    Device device = warmed(Archetype.VEHICLE, 5, WARM_UP);
    Random random = new Random(5);
    under(device, ATTACK, Duration.ofHours(3), () -> List.of(new Flow(IpAddress.v4(0xC6336400 | random.nextInt(256)),
        Protocol.UDP, 123, Direction.UPLINK, 96, 2, false)));
    // the vehicle's firewall refuses every one of them: three hours of that are a slow firewall-violation
    // burst (refused flows against the SIM's own history), never a scan
    assertEquals(Set.of(AnomalyKind.FIREWALL_VIOLATION_BURST), Set.copyOf(device.twin.kinds()));
  }

  // ---- DDOS_SOURCE -------------------------------------------------------------------------------

  /** Mirai's vectors: packet size and whether the destination port is random per packet. */
  static Stream<Arguments> floods() {
    List<Arguments> out = new ArrayList<>();
    Object[][] vectors = {{"udp", Protocol.UDP, 540, true}, {"syn", Protocol.TCP, 60, true},
        {"ack", Protocol.TCP, 552, true}, {"gre", Protocol.GRE, 576, false}, {"http", Protocol.TCP, 420, false}};
    for (Archetype kind : Archetype.values()) {
      for (Object[] v : vectors) {
        for (double bps : new double[] {2_000_000, 300_000}) {
          out.add(Arguments.of(kind, v[0], v[1], v[2], v[3], bps));
        }
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0} {1} at {5} bit/s")
  @MethodSource("floods")
  void floodsAreDdosAndNeverExfiltration(Archetype kind, String vector, Protocol protocol, int packetBytes,
      boolean randomPort, double bitsPerSecond) {
    Device device = warmed(kind, 11, WARM_UP);
    Random random = new Random(3);
    under(device, ATTACK, Duration.ofHours(1),
        () -> Attacks.flood(random, VICTIM, protocol, 80, packetBytes, randomPort, bitsPerSecond));
    assertOnly(BOTNET, AnomalyKind.DDOS_SOURCE, device);
  }

  @Test
  void scanningAndFloodingTogetherStayBotnetKinds() {
    Device device = warmed(Archetype.CAMERA, 13, WARM_UP);
    Random random = new Random(4);
    under(device, ATTACK, Duration.ofHours(2), () -> {
      List<Flow> report = new ArrayList<>(Attacks.telnetScan(random, 128));
      report.addAll(Attacks.flood(random, VICTIM, Protocol.UDP, 0, 540, true, 1_000_000).subList(0, 128));
      return report;
    });
    assertOnly(BOTNET, AnomalyKind.DDOS_SOURCE, device);
  }

  // ---- VOLUME_SPIKE ------------------------------------------------------------------------------

  @Test
  void aMeterPushingMegabytesToItsOwnHeadEndIsAVolumeSpike() {
    Device device = warmed(Archetype.METER, 17, WARM_UP);
    under(device, ATTACK, Duration.ofHours(1), () -> List.of(new Flow(IpAddress.of("10.20.1.10"), Protocol.TCP, 4059,
        Direction.UPLINK, 400_000, 300, true)));
    assertEquals(List.of(AnomalyKind.VOLUME_SPIKE), device.twin.kinds());
  }

  @Test
  void aCameraSendingFifteenTimesItsUsualIsAVolumeSpikeOnceItsBaselineIsADayOld() {
    Device device = warmed(Archetype.CAMERA, 19, Duration.ofHours(34));
    Instant at = Device.MONDAY.plus(Duration.ofHours(34));
    long perReport = Math.round(device.twin.state.baseline().expected(Metric.BYTES) * 15 / 12);
    under(device, at, Duration.ofHours(1), () -> List.of(new Flow(IpAddress.of("198.51.100.40"), Protocol.TCP, 443,
        Direction.UPLINK, perReport, perReport / 1_300, true)));
    assertEquals(List.of(AnomalyKind.VOLUME_SPIKE), device.twin.kinds());
  }

  // ---- NEW_DESTINATION ---------------------------------------------------------------------------

  @ParameterizedTest
  @EnumSource(Archetype.class)
  void anUploadToADestinationNeverSeenIsExfiltrationEvenWhenBlocked(Archetype kind) {
    Device device = warmed(kind, 23, Duration.ofHours(30));
    Instant at = Device.MONDAY.plus(Duration.ofHours(30));
    long perReport = Math.max(60_000, Math.round(device.twin.state.baseline().expected(Metric.UPLINK) * 0.5 / 12));
    under(device, at, Duration.ofHours(2), () -> List.of(Attacks.upload(DROP_SERVER, 443, perReport)));
    assertOnly(EXFILTRATION, AnomalyKind.NEW_DESTINATION, device);
    SimEvent.AnomalyDetected first = device.twin.anomalies().get(0);
    assertTrue(first.evidence().contains(DROP_SERVER.toString()), first.evidence());
  }

  @Test
  void anUploadHiddenInADaytimeVideoStreamIsANewDestinationWithinTheHour() {
    // A camera streams ~170 MB/h by day; the malware adds a steady 15 % of that towards a drop server. The
    // volume stays within the camera's rhythm, so only the new destination gives it away, and it must do so
    // in the attack's first window: a window without finding is learned, destination included.
    Device device = warmed(Archetype.CAMERA, 31, Duration.ofHours(13));
    Instant at = Device.MONDAY.plus(Duration.ofHours(13));
    long perReport = Math.round(device.twin.state.baseline().expected(Metric.UPLINK) * 0.15 / 12);
    under(device, at, Duration.ofHours(1), () -> List.of(Attacks.upload(DROP_SERVER, 443, perReport)));
    assertEquals(List.of(AnomalyKind.NEW_DESTINATION), device.twin.kinds());
  }

  @Test
  void moreTrafficToKnownDestinationsIsNoNewDestination() {
    Device device = warmed(Archetype.CAMERA, 29, WARM_UP);
    long perReport = Math.round(device.twin.state.baseline().expected(Metric.BYTES) / 12);
    under(device, ATTACK, Duration.ofHours(2), () -> List.of(new Flow(IpAddress.of("198.51.100.40"), Protocol.TCP,
        443, Direction.UPLINK, perReport, perReport / 1_300, true)));
    assertEquals(List.of(), device.twin.kinds());
  }

  // ---- FIREWALL_VIOLATION_BURST ------------------------------------------------------------------

  @Test
  void aDeviceHammeringBlockedDestinationsIsAFirewallViolationBurst() {
    Device device = warmed(Archetype.TRACKER, 31, WARM_UP);
    List<Flow> blocked = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      blocked.add(new Flow(IpAddress.of("198.51.100." + (60 + i)), Protocol.TCP, 8080, Direction.UPLINK, 300, 5,
          true));
    }
    under(device, ATTACK, Duration.ofHours(1), () -> blocked);
    assertEquals(Set.of(AnomalyKind.FIREWALL_VIOLATION_BURST), Set.copyOf(device.twin.kinds()));
    Verdict last = device.twin.traffic(blocked, ATTACK.plus(Duration.ofMinutes(59)));
    assertEquals(4, last.blockedFlows());
  }
}
