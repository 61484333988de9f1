package io.simwarden.core.detect;

import io.simwarden.core.id.Imei;
import io.simwarden.core.id.IpAddress;
import io.simwarden.core.id.Plmn;
import io.simwarden.core.policy.CallDestination;
import io.simwarden.core.traffic.Direction;
import io.simwarden.core.traffic.Flow;
import io.simwarden.core.traffic.Protocol;
import io.simwarden.core.traffic.UsageAccumulator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The anomaly detectors: pure rules comparing what a SIM does in its open usage window with its own
 * learned {@link Baseline}. They run on every request, so an attack is seen within one report interval
 * rather than when the window closes, and each kind fires at most once per usage window
 * ({@link WindowWatch}). Nothing fires while the SIM is still learning.
 *
 * <p>Every threshold is a ratio to what the SIM itself usually does, never below an absolute floor,
 * and deliberately conservative: a daily rhythm of 10× between night and day must not fire. The
 * baseline's usual value of a metric is {@link Baseline#expected}: its decaying peak or mean + 4σ,
 * whichever is higher. During the first day of history (fewer than {@value #YOUNG_WINDOWS} learned
 * windows, when the baseline may have seen only night or only day) the ratios of the traffic-volume
 * rules are tripled. Floors are per hour of usage window (scaled up for longer windows).
 *
 * <p>Each finding names one cause, so that one attack does not raise alarms that point elsewhere:
 * traffic to never-seen destinations in full-size packets (a bulk upload) is evidence of exfiltration,
 * in small packets (probes, floods) of a botnet; once a botnet detector fired in a window, volume and
 * new-destination findings are explained by it; and while a device or location change stands
 * unexplained (IMEI_CHANGE, LOCATION_JUMP until the SIM attaches again from a known device and
 * network), everything the SIM does is explained by it, so traffic, SMS and voice detectors stay silent.
 *
 * <p>Quiet attacks stay under every per-window threshold, so each detector also judges about a day against
 * the SIM's own {@link Trend} (thresholds in {@link DetectorSettings}, from {@code simwarden.detect}):
 * <ul>
 *   <li>SMS_SPIKE, SIGNALLING_STORM and FIREWALL_VIOLATION_BURST: the day's SMS (attaches, refused flows) against a Poisson tail of the
 *       SIM's usual rate per day, allowing for how bursty the SIM is;</li>
 *   <li>NEW_DESTINATION: the day's bytes to destinations never seen, while an upload to one is under way;</li>
 *   <li>VOLUME_SPIKE: the CUSUM of uplink over what that part of the day usually carries.</li>
 * </ul>
 * Learning is guarded ({@link Baseline#afterWindow}), so a pump under the threshold is not learned as normal.
 *
 * <p>Evaluating a report's flows allocates nothing; only a firing detector builds its evidence.
 */
public final class Detectors {

  /** Rule id recorded in {@code FlowsBlocked} for flows a QUARANTINE response refused. */
  public static final String QUARANTINE_RULE_ID = "quarantine";

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
  static final double ATTACH_FLOOR = 8;
  static final double ATTACH_RATIO = 5;
  /** Attaches the open window needs before the day's attaches are judged (a device re-attaches about once). */
  static final int SLOW_STORM_WINDOW_ATTACHES = 3;
  static final double SMS_FLOOR = 10;
  static final double SMS_RATIO = 10;
  /**
   * Call attempts and connected minutes in about a day (emergency calls aside), and refused attempts: each
   * counts with a weight that decays by e per day, so 2.5 refusals are a third one within about seven hours.
   * An IoT voice line (eCall, an SOS button, an assistance line) makes a handful of calls a week; one of them
   * may be a long talk with a caregiver, but not an hour of them a day. A SIM whose own usual is higher gets
   * {@value #CALLS_RATIO} times its usual instead.
   */
  static final double CALLS_FLOOR = 5;
  static final double MINUTES_FLOOR = 60;
  static final double CALLS_RATIO = 3;
  static final double REFUSED_CALLS_FLOOR = 2.5;

  private static final int BOTNET = 1 << AnomalyKind.PORT_SCAN.ordinal() | 1 << AnomalyKind.DDOS_SOURCE.ordinal()
      | 1 << AnomalyKind.FIREWALL_VIOLATION_BURST.ordinal();

  private final int learningWindows;
  private final double floorScale;
  private final DetectorSettings quiet;

  /**
   * @param learningWindows usage windows a SIM only learns from before its detectors run
   * @param usageWindow     length of a usage window
   */
  public Detectors(int learningWindows, Duration usageWindow) {
    this(learningWindows, usageWindow, DetectorSettings.DEFAULTS);
  }

  /**
   * @param learningWindows usage windows a SIM only learns from before its detectors run
   * @param usageWindow     length of a usage window
   * @param quiet           thresholds of the detectors of quiet attacks
   */
  public Detectors(int learningWindows, Duration usageWindow, DetectorSettings quiet) {
    this.quiet = quiet;
    if (learningWindows < 1) {
      throw new IllegalArgumentException("learning windows must be at least 1, got " + learningWindows);
    }
    this.learningWindows = learningWindows;
    this.floorScale = Math.max(1.0, usageWindow.toMillis() / 3_600_000.0);
  }

  /** Whether the SIM has learned enough for its detectors to run. */
  public boolean watching(Baseline b) {
    return b.windows() >= learningWindows;
  }

  /** Whether the traffic detectors run: the SIM has learned enough and no device or location change stands. */
  public boolean watchingTraffic(Baseline b) {
    return watching(b) && b.standing() == 0;
  }

  // ---- traffic ----------------------------------------------------------------------------------

  /** Prepares {@code w} for a report in the usage window starting at {@code windowStart}. */
  public void startReport(WindowWatch w, long windowStart) {
    w.enter(windowStart);
    w.startReport();
  }

  /**
   * Counts the {@code index}-th flow of the report. {@code carried} when the network carries it,
   * {@code violation} when the firewall or the private network refused it. Allocates nothing.
   */
  public void observe(WindowWatch w, Baseline b, Flow f, int index, boolean carried, boolean violation) {
    if (f.direction() != Direction.UPLINK) {
      return;
    }
    if (violation) {
      w.blockedUplinkFlows++;
    }
    long packets = f.packets();
    w.reportUplinkPackets += packets;
    boolean knownDestination = b.knowsDestination(f.remote());
    boolean novel = !knownDestination || !b.knowsPort(f.protocol(), f.port());
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
  public List<Finding> traffic(WindowWatch w, Baseline b, UsageAccumulator window, List<Flow> flows) {
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
    double perDay = trend.usualBlocked(t);
    double sd = b.sd(Metric.BLOCKED);
    double tail = Trend.burstyTail(day, perDay, b.mean(Metric.BLOCKED), sd * sd);
    if (tail >= quiet.alertTail()) {
      return found;
    }
    return fire(w, found, AnomalyKind.FIREWALL_VIOLATION_BURST, tailScore(tail), String.format(Locale.ROOT,
        "about %.0f uplink flows refused by the firewall or private network in the last day (%d this window); "
            + "usually %.1f a day: a chance of %.1g under Poisson, threshold %.0g",
        day, w.blockedUplinkFlows, perDay, tail, quiet.alertTail()));
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

  // ---- attach, SMS and voice ---------------------------------------------------------------------

  /**
   * Runs the attach detectors for an attach of an active SIM at {@code atMillis}, whatever the policy
   * made of it: a stolen SIM is as telling when its attach is refused. {@code accepted} when the attach
   * was accepted and counted in {@code window}; {@code plmnAllowed} whether the profile allows the network.
   */
  public List<Finding> attach(WindowWatch w, Baseline b, UsageAccumulator window, long atMillis, boolean accepted,
      Imei imei, Plmn plmn, boolean plmnAllowed) {
    w.enter(window.windowOf(atMillis));
    if (!watching(b)) {
      return List.of();
    }
    List<Finding> found = List.of();
    if (accepted && !w.hasFired(AnomalyKind.SIGNALLING_STORM)) {
      double usual = b.expected(Metric.ATTACHES);
      double threshold = Math.max(ATTACH_FLOOR * floorScale, ATTACH_RATIO * usual);
      if (window.attaches() >= threshold) {
        found = fire(w, found, AnomalyKind.SIGNALLING_STORM, window.attaches() / threshold, String.format(
            Locale.ROOT, "%d attaches this window; threshold %.0f, usual at most %.1f per window",
            window.attaches(), threshold, usual));
      } else if (b.standing() == 0 && window.attaches() >= SLOW_STORM_WINDOW_ATTACHES) {
        // the window itself must be stormy: after a storm the day's count stays high for hours, and the
        // device's own next attach is no storm
        Trend trend = b.trend();
        double day = trend.recentAttaches(atMillis) + window.attaches();
        double perDay = trend.usualAttaches(atMillis);
        double sd = b.sd(Metric.ATTACHES);
        double tail = Trend.burstyTail(day, perDay, b.mean(Metric.ATTACHES), sd * sd);
        if (tail < quiet.alertTail()) {
          found = fire(w, found, AnomalyKind.SIGNALLING_STORM, tailScore(tail), String.format(Locale.ROOT,
              "about %.0f attaches in the last day (%d this window); usually %.1f a day: a chance of %.1g under "
                  + "Poisson, threshold %.0g", day, window.attaches(), perDay, tail, quiet.alertTail()));
        }
      }
    }
    if (!w.hasFired(AnomalyKind.LOCATION_JUMP) && b.networks().length > 0 && !b.knowsNetwork(plmn)) {
      boolean otherZone = !b.knowsZone(plmn);
      if (otherZone || !plmnAllowed) {
        found = fire(w, found, AnomalyKind.LOCATION_JUMP, otherZone ? 2 : 1, "attach on network " + plmn
            + ", never seen" + (plmnAllowed ? "" : " and not allowed by the profile") + "; known networks "
            + b.describeNetworks() + (otherZone ? "; MCC zone " + plmn.mcc().charAt(0)
                + " (another continent) was never used" : ""));
      }
    }
    if (!w.hasFired(AnomalyKind.IMEI_CHANGE) && b.devices().length > 0 && !b.knowsDevice(imei)) {
      boolean sameModel = b.knowsModel(imei);
      found = fire(w, found, AnomalyKind.IMEI_CHANGE, sameModel ? 1 : 2, "device " + imei + " (TAC " + imei.tac()
          + ") is not a known device (IMEI bodies " + b.describeDevices() + "); " + (sameModel
              ? "another unit of a known model" : "another device model"));
    }
    return found;
  }

  /** Runs the SMS detector for an SMS at {@code atMillis} already counted in {@code window}. */
  public List<Finding> sms(WindowWatch w, Baseline b, UsageAccumulator window, long atMillis) {
    w.enter(window.windowOf(atMillis));
    if (!watchingTraffic(b) || w.hasFired(AnomalyKind.SMS_SPIKE)) {
      return List.of();
    }
    double usual = b.expected(Metric.SMS);
    double threshold = Math.max(SMS_FLOOR * floorScale, SMS_RATIO * usual);
    if (window.sms() >= threshold) {
      return fire(w, List.of(), AnomalyKind.SMS_SPIKE, window.sms() / threshold, String.format(Locale.ROOT,
          "%d SMS this window; threshold %.0f, usual at most %.1f per window", window.sms(), threshold, usual));
    }
    Trend trend = b.trend();
    double day = trend.recentSms(atMillis) + window.sms();
    double perDay = trend.usualSms(atMillis);
    double sd = b.sd(Metric.SMS);
    double tail = Trend.burstyTail(day, perDay, b.mean(Metric.SMS), sd * sd);
    if (tail >= quiet.alertTail()) {
      return List.of();
    }
    return fire(w, List.of(), AnomalyKind.SMS_SPIKE, tailScore(tail), String.format(Locale.ROOT,
        "about %.0f SMS in the last day (%d this window); usually %.1f a day: a chance of %.1g under Poisson, "
            + "threshold %.0g", day, window.sms(), perDay, tail, quiet.alertTail()));
  }

  /**
   * Runs the voice detector for a mobile-originated call at {@code atMillis} to a number of class
   * {@code destination}, before the call is counted: {@code refused} when the network refuses it, else
   * it will be carried and connected for {@code seconds}. VOICE_FRAUD fires on whichever comes first:
   * <ul>
   *   <li>an attempt to a premium-rate or IRSF class the SIM never called in a clean window: toll fraud's
   *       own destinations, found at the first call whatever the rate;</li>
   *   <li>a third attempt the network refused within hours ({@value #REFUSED_CALLS_FLOOR} decayed refusals): a
   *       device that keeps dialling what its profile bars is not the device the profile was written for;</li>
   *   <li>call attempts or connected minutes in about the last day (the recent counters plus the open
   *       window) at or above max(floor, {@value #CALLS_RATIO} × usual per day): pumping to numbers no hot
   *       list knows yet. Counting a day, not a window, is what catches a slow pump: a call an hour is
   *       seen within a working day, and the usual rate follows seven times slower than it rises.</li>
   * </ul>
   * Emergency calls count in none of them. Silent while a device or location change stands.
   */
  public List<Finding> voiceCall(WindowWatch w, Baseline b, UsageAccumulator window, long atMillis,
      CallDestination destination, long seconds, boolean refused) {
    w.enter(window.windowOf(atMillis));
    if (!watchingTraffic(b) || destination == CallDestination.EMERGENCY) {
      return List.of();
    }
    VoiceBaseline v = b.voice();
    if (destination.tollFraudTarget() && !v.called(destination)) {
      w.tollFraudCalls++;
      w.tollFraudClasses |= 1 << destination.ordinal();
    }
    if (w.hasFired(AnomalyKind.VOICE_FRAUD)) {
      return List.of();
    }
    double attempts = v.recentCalls(atMillis) + window.calls() - window.calls(CallDestination.EMERGENCY) + 1;
    double minutes = v.recentMinutes(atMillis)
        + (window.callSeconds() - window.callSeconds(CallDestination.EMERGENCY) + (refused ? 0 : seconds)) / 60.0;
    double refusals = v.recentRefused(atMillis) + (refused ? 1 : 0);
    double usualCalls = v.usualCalls(atMillis);
    double usualMinutes = v.usualMinutes(atMillis);
    double callThreshold = Math.max(CALLS_FLOOR, CALLS_RATIO * usualCalls);
    double minuteThreshold = Math.max(MINUTES_FLOOR, CALLS_RATIO * usualMinutes);
    double score = Math.max(Math.max(w.tollFraudCalls, refusals / REFUSED_CALLS_FLOOR),
        Math.max(attempts / callThreshold, minutes / minuteThreshold));
    if (score < 1) {
      return List.of();
    }
    StringBuilder evidence = new StringBuilder();
    if (w.tollFraudCalls > 0) {
      evidence.append(String.format(Locale.ROOT, "%d call attempt%s this window to %s numbers, never called by "
          + "this SIM; ", w.tollFraudCalls, w.tollFraudCalls == 1 ? "" : "s", classes(w.tollFraudClasses)));
    }
    evidence.append(String.format(Locale.ROOT, "about %.1f call attempts (%.1f refused by the network) and %.0f "
        + "connected minutes in the last day; thresholds %.0f attempts, %.1f refused, %.0f minutes; usually %.1f "
        + "calls and %.1f minutes a day", attempts, refusals, minutes, callThreshold, REFUSED_CALLS_FLOOR,
        minuteThreshold, usualCalls, usualMinutes));
    return fire(w, List.of(), AnomalyKind.VOICE_FRAUD, score, evidence.toString());
  }

  // ---- shared -----------------------------------------------------------------------------------

  /** The classes of number in {@code bits} (bit per ordinal), for evidence. */
  private static String classes(int bits) {
    StringBuilder out = new StringBuilder();
    for (CallDestination d : CallDestination.values()) {
      if ((bits & 1 << d.ordinal()) != 0) {
        out.append(out.length() == 0 ? "" : " and ").append(d);
      }
    }
    return out.toString();
  }

  /** How far past the alarm a Poisson tail is: 1 at the alert tail, 2 at its square. */
  private double tailScore(double tail) {
    return tail <= 0 ? 10 : Math.min(10, Math.log(tail) / Math.log(quiet.alertTail()));
  }

  private static double young(Baseline b) {
    return b.windows() < YOUNG_WINDOWS ? YOUNG_FACTOR : 1;
  }

  private static boolean bulk(long bytes, long packets) {
    return packets > 0 && bytes >= BULK_PACKET_BYTES * packets;
  }

  private static List<Finding> fire(WindowWatch w, List<Finding> found, AnomalyKind kind, double score,
      String evidence) {
    w.markFired(kind);
    List<Finding> out = found.isEmpty() ? new ArrayList<>(2) : found;
    out.add(new Finding(kind, Math.floor(score * 100) / 100, evidence));
    return out;
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
