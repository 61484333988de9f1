package io.simwarden.core.detect;

import io.simwarden.core.id.IpAddress;
import io.simwarden.core.traffic.Direction;
import io.simwarden.core.traffic.Flow;
import io.simwarden.core.traffic.Protocol;
import io.simwarden.core.traffic.UsageAccumulator;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The traffic detectors: PORT_SCAN, DDOS_SOURCE, FIREWALL_VIOLATION_BURST, NEW_DESTINATION and VOLUME_SPIKE, judged
 * on each report's flows against the SIM's {@link Baseline}. During the first day of history (fewer than
 * {@value #YOUNG_WINDOWS} learned windows) the ratios of the traffic-volume rules are tripled. Traffic to
 * never-seen destinations in full-size packets is evidence of exfiltration, in small packets of a botnet; once a
 * botnet detector fired in a window, volume and new-destination findings are explained by it.
 *
 * <p>Evaluating a report's flows allocates nothing; only a firing detector builds its evidence.
 */
final class TrafficDetectors extends DetectorFamily {

  static final int YOUNG_WINDOWS = 24;
  static final double YOUNG_FACTOR = 3;
  /** A flow whose packets average at least this many bytes is a bulk transfer (full-size segments). */
  static final double BULK_PACKET_BYTES = 800;

  static final double VOLUME_FLOOR = 1_000_000;
  static final double VOLUME_RATIO = 10;
  static final double NEW_DESTINATION_FLOOR = 250_000;
  static final double NEW_DESTINATION_RATIO = 0.02;
  /** A report is flood-like when one destination receives at least 1/8 of its uplink packets. */
  static final int FLOOD_SHARE = 8;
  static final double FLOOD_FLOOR = 20_000;
  static final double FLOOD_RATIO = 10;
  static final double NEW_TARGET_FLOOR = 5_000;
  static final double NEW_TARGET_RATIO = 0.25;
  /** Flows to one never-seen destination in one report (one per port: a random-port flood or port sweep). */
  static final double SPREAD_FLOWS = 32;
  static final double SCAN_FLOOR = 64;
  static final double SCAN_RATIO = 4;
  static final double BLOCKED_FLOOR = 32;
  static final double BLOCKED_RATIO = 10;

  private static final int BOTNET = 1 << AnomalyKind.PORT_SCAN.ordinal() | 1 << AnomalyKind.DDOS_SOURCE.ordinal()
      | 1 << AnomalyKind.FIREWALL_VIOLATION_BURST.ordinal();

  TrafficDetectors(int learningWindows, Duration usageWindow, DetectorSettings quiet) {
    super(learningWindows, usageWindow, quiet);
  }

  /** Prepares {@code w} for a report in the usage window starting at {@code windowStart}. */
  void startReport(WindowWatch w, long windowStart) {
    w.enter(windowStart);
    w.startReport();
  }

  /**
   * Counts the {@code index}-th flow of the report. {@code carried} when the network carries it,
   * {@code violation} when the firewall or the private network refused it. Allocates nothing.
   */
  void observe(WindowWatch w, Baseline b, Flow f, int index, boolean carried, boolean violation, boolean declared) {
    if (f.direction() != Direction.UPLINK) {
      return;
    }
    if (violation) {
      w.blockedUplinkFlows++;
    }
    long packets = f.packets();
    w.reportUplinkPackets += packets;
    boolean knownDestination = declared || b.knowsDestination(f.remote());
    boolean novel = !declared && (!knownDestination || !b.knowsPort(f.protocol(), f.port()));
    w.addTarget(f.remote(), packets, f.bytes(), novel, index);
    if (!knownDestination) {
      if (bulk(f.bytes(), packets)) {
        w.bulkNewBytes += f.bytes();
        if (f.bytes() > w.reportTopBulkBytes) {
          w.reportTopBulkBytes = f.bytes();
          w.reportTopBulkFlow = index;
        }
      } else if (carried) {
        w.smallNewCarriedBytes += f.bytes();
      }
    }
    if (novel) {
      long h = hash(f);
      w.addNovel(h);
      if (isScanPort(f)) {
        w.addNovel(mix(h));
        w.scanPortProbes++;
      }
    }
  }

  /** Runs the traffic detectors after the report's flows were observed and counted in {@code window}. */
  List<Finding> traffic(WindowWatch w, Baseline b, UsageAccumulator window, List<Flow> flows) {
    int top = -1;
    for (int i = 0; i < w.targets; i++) {
      long packets = w.targetPackets[i];
      if (packets > 0 && packets * FLOOD_SHARE >= w.reportUplinkPackets && !bulk(w.targetBytes[i], packets)) {
        w.floodPackets += packets;
        if (!b.knowsDestination(flows.get(w.targetFirstFlow[i]).remote())) {
          w.newTargetPackets += packets;
        }
        if (top < 0 || packets > w.targetPackets[top]) {
          top = i;
        }
      }
    }
    List<Finding> found = portScan(w, b, List.of());
    found = flood(w, b, flows, top, w.widestTarget(), found);
    found = firewallBurst(w, b, window.windowStart(), found);
    if ((w.fired & BOTNET) != 0) {
      return found;
    }
    found = newDestination(w, b, window.windowStart(), flows, found);
    return volume(w, b, window, found);
  }

  private List<Finding> portScan(WindowWatch w, Baseline b, List<Finding> found) {
    if (w.hasFired(AnomalyKind.PORT_SCAN)) {
      return found;
    }
    double usual = b.expected(Metric.ENDPOINTS);
    double threshold = Math.max(SCAN_FLOOR * floorScale, SCAN_RATIO * usual);
    double seen = w.novelEndpoints();
    if (seen < threshold) {
      return found;
    }
    return fire(w, found, AnomalyKind.PORT_SCAN, seen / threshold, String.format(Locale.ROOT,
        "about %.0f distinct new endpoints (unknown destination or port) contacted this window, %d of the flows "
            + "to ports IoT botnets scan (counted twice); threshold %.0f, usual at most %.0f endpoints per window",
        seen, w.scanPortProbes, threshold, usual));
  }

  /** {@code top}: the report's busiest destination in small packets; {@code widest}: the most new endpoints. */
  private List<Finding> flood(WindowWatch w, Baseline b, List<Flow> flows, int top, int widest,
      List<Finding> found) {
    if (w.hasFired(AnomalyKind.DDOS_SOURCE)) {
      return found;
    }
    double usual = b.expected(Metric.PACKETS);
    double overall = Math.max(FLOOD_FLOOR * floorScale, FLOOD_RATIO * young(b) * usual);
    double toNew = Math.max(NEW_TARGET_FLOOR * floorScale, NEW_TARGET_RATIO * usual);
    double spread = widest < 0 ? 0 : w.targetNovelFlows[widest];
    double score = Math.max(Math.max(w.floodPackets / overall, w.newTargetPackets / toNew), spread / SPREAD_FLOWS);
    if (score < 1) {
      return found;
    }
    String evidence = spread >= SPREAD_FLOWS
        ? String.format(Locale.ROOT, "in the last report %s received %.0f flows on endpoints never seen (one per "
            + "port: a random-port flood or a port sweep); threshold %.0f",
            flows.get(w.targetFirstFlow[widest]).remote(), spread, SPREAD_FLOWS)
        : String.format(Locale.ROOT, "in the last report %s received %d of %d uplink packets (%.0f bytes each); "
            + "this window %d small packets to destinations dominating their report (threshold %.0f), %d of them "
            + "to destinations never seen (threshold %.0f); usual at most %.0f packets per window",
            top < 0 ? "no single destination" : flows.get(w.targetFirstFlow[top]).remote(),
            top < 0 ? 0 : w.targetPackets[top], w.reportUplinkPackets,
            top < 0 ? 0 : (double) w.targetBytes[top] / Math.max(1, w.targetPackets[top]), w.floodPackets, overall,
            w.newTargetPackets, toNew, usual);
    return fire(w, found, AnomalyKind.DDOS_SOURCE, score, evidence);
  }

  private List<Finding> firewallBurst(WindowWatch w, Baseline b, long t, List<Finding> found) {
    if (w.hasFired(AnomalyKind.FIREWALL_VIOLATION_BURST)) {
      return found;
    }
    double usual = b.expected(Metric.BLOCKED);
    double threshold = Math.max(BLOCKED_FLOOR * floorScale, BLOCKED_RATIO * usual);
    if (w.blockedUplinkFlows >= threshold) {
      return fire(w, found, AnomalyKind.FIREWALL_VIOLATION_BURST, w.blockedUplinkFlows / threshold,
          String.format(Locale.ROOT, "%d uplink flows refused by the firewall or private network this window; "
              + "threshold %.0f, usual at most %.1f per window", w.blockedUplinkFlows, threshold, usual));
    }
    // an upload refused on its way to a new destination is the new-destination detector's to name
    if (w.blockedUplinkFlows == 0 || w.bulkNewBytes > 0) {
      return found;
    }
    Trend trend = b.trend();
    double day = trend.recentBlocked(t) + w.blockedUplinkFlows;
    double days = days(b);
    double perDay = Trend.perDayBefore(trend.usualBlocked(t), trend.recentBlocked(t), days);
    double sd = b.sd(Metric.BLOCKED);
    double tail = Trend.dayTail(day, perDay, days, b.mean(Metric.BLOCKED), sd * sd);
    if (tail >= quiet.alertTail()) {
      return found;
    }
    return fire(w, found, AnomalyKind.FIREWALL_VIOLATION_BURST, tailScore(tail), String.format(Locale.ROOT,
        "about %.0f uplink flows refused by the firewall or private network in the last day (%d this window); "
            + "usually %.1f a day over %.1f days watched: a chance of %.1g, threshold %.0g",
        day, w.blockedUplinkFlows, perDay, days, tail, quiet.alertTail()));
  }

  private List<Finding> newDestination(WindowWatch w, Baseline b, long t, List<Flow> flows, List<Finding> found) {
    if (w.hasFired(AnomalyKind.NEW_DESTINATION) || w.reportTopBulkFlow < 0) {
      return found;
    }
    double usual = b.expected(Metric.UPLINK);
    double threshold = Math.max(NEW_DESTINATION_FLOOR * floorScale, NEW_DESTINATION_RATIO * usual);
    if (w.bulkNewBytes >= threshold) {
      return fire(w, found, AnomalyKind.NEW_DESTINATION, w.bulkNewBytes / threshold, String.format(Locale.ROOT,
          "%s uploaded this window to destinations never seen (largest in the last report: %s); threshold %s, "
              + "usual uplink at most %s per window to %d known destination prefixes",
          bytes(w.bulkNewBytes), endpoint(flows.get(w.reportTopBulkFlow)), bytes(threshold), bytes(usual),
          b.destinations().length));
    }
    Trend trend = b.trend();
    double day = trend.recentNovel(t) + w.bulkNewBytes;
    double perDay = trend.usualNovel(t);
    double slow = Math.max(quiet.novelFloor(), quiet.novelRatio() * perDay);
    if (day < slow) {
      return found;
    }
    return fire(w, found, AnomalyKind.NEW_DESTINATION, day / slow, String.format(Locale.ROOT,
        "about %s to destinations never seen in the last day, %s uploaded this window (largest in the last report: "
            + "%s); threshold %s a day, usually %s a day", bytes(day), bytes(w.bulkNewBytes),
        endpoint(flows.get(w.reportTopBulkFlow)), bytes(slow), bytes(perDay)));
  }

  private List<Finding> volume(WindowWatch w, Baseline b, UsageAccumulator window, List<Finding> found) {
    if (w.hasFired(AnomalyKind.VOLUME_SPIKE)) {
      return found;
    }
    double usual = b.expected(Metric.BYTES);
    double threshold = Math.max(VOLUME_FLOOR * floorScale, VOLUME_RATIO * young(b) * usual);
    long volume = window.bytes() - w.smallNewCarriedBytes;
    if (volume >= threshold) {
      return fire(w, found, AnomalyKind.VOLUME_SPIKE, volume / threshold, String.format(Locale.ROOT,
          "%s carried this window; threshold %s, usual at most %s per window (peak %s, mean %s ± %s over %d "
              + "windows)", bytes(volume), bytes(threshold), bytes(usual), bytes(b.peak(Metric.BYTES)),
          bytes(b.mean(Metric.BYTES)), bytes(b.sd(Metric.BYTES)), b.windows()));
    }
    long last = window.windowStart() - 1;
    Trend trend = b.trend();
    double drift = trend.drift(last);
    if (trend.partWindows(last) < quiet.driftPartWindows() || drift < quiet.driftAlarm()) {
      return found;
    }
    int from = Trend.part(last) * 4;
    return fire(w, found, AnomalyKind.VOLUME_SPIKE, drift / quiet.driftAlarm(), String.format(Locale.ROOT,
        "uplink between %02d:00 and %02d:00 UTC has run above what that part of the day usually carries (about "
            + "%s a window over %d windows): CUSUM %.1f σ, threshold %.0f σ", from, from + 4,
        bytes(trend.partUplink(last)), trend.partWindows(last), drift, quiet.driftAlarm()));
  }

  private static double young(Baseline b) {
    return b.windows() < YOUNG_WINDOWS ? YOUNG_FACTOR : 1;
  }

  private static boolean bulk(long bytes, long packets) {
    return packets > 0 && bytes >= BULK_PACKET_BYTES * packets;
  }

  /** TCP ports that IoT botnets (Mirai and its descendants) scan for: telnet, SSH, ADB, TR-069, router exploits. */
  private static boolean isScanPort(Flow f) {
    if (f.protocol() != Protocol.TCP) {
      return false;
    }
    switch (f.port()) {
      case 22:
      case 23:
      case 2222:
      case 2323:
      case 5555:
      case 7547:
      case 37215:
      case 52869:
        return true;
      default:
        return false;
    }
  }

  private static long hash(Flow f) {
    IpAddress r = f.remote();
    return mix(mix(r.hi()) ^ r.lo() ^ ((long) f.protocol().ordinal() << 56 | (long) f.port() << 32));
  }

  /** SplitMix64's finaliser. */
  private static long mix(long x) {
    long z = x + 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  private static String endpoint(Flow f) {
    return f.remote() + " " + f.protocol() + (f.protocol().hasPorts() ? "/" + f.port() : "");
  }

  private static String bytes(double n) {
    if (n >= 1e9) {
      return String.format(Locale.ROOT, "%.1f GB", n / 1e9);
    }
    if (n >= 1e6) {
      return String.format(Locale.ROOT, "%.1f MB", n / 1e6);
    }
    if (n >= 1e3) {
      return String.format(Locale.ROOT, "%.1f kB", n / 1e3);
    }
    return String.format(Locale.ROOT, "%.0f B", n);
  }
}
