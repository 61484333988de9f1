package io.simwarden.core.detect;

import io.simwarden.core.event.RejectReason;
import io.simwarden.core.event.SimEvent.AttachAccepted;
import io.simwarden.core.event.SimEvent.FlowsBlocked;
import io.simwarden.core.event.SimEvent.SmsUsageRecorded;
import io.simwarden.core.event.SimEvent.UsageRecorded;
import io.simwarden.core.event.SimEvent.VoiceCallBlocked;
import io.simwarden.core.event.SimEvent.VoiceUsageRecorded;
import io.simwarden.core.id.Imei;
import io.simwarden.core.id.IpAddress;
import io.simwarden.core.id.Plmn;
import io.simwarden.core.traffic.EndpointUsage;
import io.simwarden.core.traffic.Protocol;
import java.util.Arrays;
import java.util.List;
import java.util.StringJoiner;
import java.util.function.Predicate;

/**
 * What one SIM normally does, learned online from its own journal: part of {@code SimState}, so it is
 * folded by the same event handler in the live entity and in forensic replay, and kept in snapshots.
 * Its size is bounded whatever the history: 21 floats of statistics, at most 32 destinations,
 * 16 ports, 8 networks and 4 devices (about 270 bytes for a meter, at most 704 bytes), and the voice
 * counters of {@link VoiceBaseline} (six numbers and a bit set, shared while the SIM never called).
 *
 * <p>Each usage window ({@code UsageRecorded}) updates, per {@link Metric}, an exponentially weighted
 * mean and variance (weight 1/n for the first 32 windows, then 1/32) and a peak that decays by 1 % per
 * window, and counts its busiest endpoints' addresses (IPv6: their /64) and (protocol, port) pairs as
 * known. Addresses rather than prefixes: a drop server next to the device's cloud endpoint is still a
 * new destination. Accepted attaches teach the networks (and their MCC zone, the first MCC digit) and
 * the device IMEIs. A window in which a detector fired, or which was shaped by a THROTTLE or
 * QUARANTINE response, teaches nothing: an attack must not become the norm. Likewise an attach that
 * fired LOCATION_JUMP or IMEI_CHANGE does not teach its network or device, and the finding stands
 * until the SIM attaches again from a known device (respectively on a known network).
 *
 * @param windows      usage windows learned
 * @param anomalies    kinds detected in the open window (bit {@code 1 << kind.ordinal()})
 * @param standing     IMEI_CHANGE and LOCATION_JUMP findings not yet resolved by an attach from a known device
 *                     (respectively on a known network)
 * @param blocked      flows refused by policy in the open window, from {@code FlowsBlocked}
 * @param stats        per metric: mean, variance, peak (empty before the first window)
 * @param destinations known destination addresses ({@link LearnedSet} entries)
 * @param ports        known (protocol, remote port) pairs
 * @param networks     known PLMNs
 * @param zones        known MCC zones (bit per first MCC digit)
 * @param devices      known IMEIs (14-digit body)
 * @param voice        calls lately and usually ({@link VoiceBaseline#NONE} when absent from an older snapshot)
 * @param trend        SMS, refused flows and new destinations over days, uplink per part of the day
 *                     ({@link Trend#NONE} when absent from an older snapshot)
 * @param sms          SMS to international and premium-rate numbers lately and usually
 *                     ({@link SmsBaseline#NONE} when absent from an older snapshot)
 */
public record Baseline(int windows, int anomalies, int standing, long blocked, float[] stats, long[] destinations,
    long[] ports, long[] networks, int zones, long[] devices, VoiceBaseline voice, Trend trend, SmsBaseline sms) {

  public static final int MAX_DESTINATIONS = 32;
  public static final int MAX_PORTS = 16;
  public static final int MAX_NETWORKS = 8;
  public static final int MAX_DEVICES = 4;

  private static final int STATS = Metric.values().length * 3;
  private static final double ALPHA = 1.0 / 32;
  private static final double PEAK_DECAY = 0.99;
  /** Standard deviations above the mean that still count as usual. */
  private static final double SIGMAS = 4;
  /**
   * Windows learned freely before learning is guarded: the default learning period, after which the
   * detectors run and an attack may be under way.
   */
  static final int GUARDED_AFTER = 6;
  /** A value this many times the usual (the alerts need 4–10×) is suspicious and learned as the usual. */
  static final double SUSPICIOUS_RATIO = 3;
  /** Counts up to this are never suspicious (a first SMS, two attaches). */
  static final double SUSPICIOUS_MIN = 2;
  private static final float[] NO_STATS = new float[0];
  private static final long[] NONE = new long[0];

  public static final Baseline EMPTY = new Baseline(0, 0, 0, 0, NO_STATS, NONE, NONE, NONE, 0, NONE,
      VoiceBaseline.NONE, Trend.NONE, SmsBaseline.NONE);

  public Baseline {
    stats = stats == null ? NO_STATS : stats;
    destinations = destinations == null ? NONE : destinations;
    ports = ports == null ? NONE : ports;
    networks = networks == null ? NONE : networks;
    devices = devices == null ? NONE : devices;
    voice = voice == null ? VoiceBaseline.NONE : voice;
    trend = trend == null ? Trend.NONE : trend;
    sms = sms == null ? SmsBaseline.NONE : sms;
  }

  // ---- folding --------------------------------------------------------------------------------

  /**
   * Learns a closed usage window, unless it was anomalous or {@code shaped} by a response in force. Learning
   * is guarded: once the SIM has learned {@value #GUARDED_AFTER} windows, a metric more than
   * {@value #SUSPICIOUS_RATIO} times its usual is learned as its usual (suspicious, though under the alert
   * threshold: it must not lift the threshold), and a destination never seen that carried at least
   * {@value Trend#NOVEL_ENDPOINT_BYTES} bytes is not learned (it is counted in the {@link Trend} as a new
   * destination's traffic until an operator has looked at it).
   */
  public Baseline afterWindow(UsageRecorded e, boolean shaped) {
    return afterWindow(e, shaped, u -> false);
  }

  /**
   * As {@link #afterWindow(UsageRecorded, boolean)}; an endpoint {@code declared} by the operator (an explicit
   * firewall ALLOW naming it, e.g. with a firmware rollout) is learned as known whatever it carried, never counted
   * as a new destination's traffic. Asked only of endpoints that would otherwise count.
   */
  public Baseline afterWindow(UsageRecorded e, boolean shaped, Predicate<EndpointUsage> declared) {
    List<EndpointUsage> endpoints = e.endpoints();
    boolean guarded = windows >= GUARDED_AFTER;
    long novelBytes = 0;
    int learnable = 0;
    long[] prefixKeys = new long[endpoints.size()];
    long[] portKeys = new long[endpoints.size()];
    for (EndpointUsage u : endpoints) {
      long key = destinationKey(u.remote());
      if (guarded && u.bytes() >= Trend.NOVEL_ENDPOINT_BYTES && !LearnedSet.contains(destinations, key)
          && !declared.test(u)) {
        novelBytes += u.bytes();
        continue;
      }
      prefixKeys[learnable] = key;
      portKeys[learnable++] = portKey(u.protocol(), u.port());
    }
    boolean clean = anomalies == 0 && !shaped;
    // usage windows of an hour, as the trend's caps assume
    Trend t = trend.afterWindow(e, clean, blocked, novelBytes, windows / 24.0);
    if (!clean) {
      return new Baseline(windows, 0, standing, 0, stats, destinations, ports, networks, zones, devices, voice, t,
          sms);
    }
    int n = windows + 1;
    float[] s = stats.length == 0 ? new float[STATS] : stats.clone();
    learn(s, Metric.UPLINK, e.uplinkBytes(), n, guarded);
    learn(s, Metric.BYTES, e.totalBytes(), n, guarded);
    learn(s, Metric.PACKETS, e.packets(), n, guarded);
    learn(s, Metric.ENDPOINTS, endpoints.size() + e.endpointsDropped(), n, guarded);
    learn(s, Metric.ATTACHES, e.attaches(), n, guarded);
    learn(s, Metric.SMS, e.smsMo() + e.smsMt(), n, guarded);
    learn(s, Metric.BLOCKED, blocked, n, guarded);
    return new Baseline(n, 0, standing, 0, s,
        LearnedSet.learn(destinations, prefixKeys, learnable, MAX_DESTINATIONS),
        LearnedSet.learn(ports, portKeys, learnable, MAX_PORTS), networks, zones, devices, voice, t, sms);
  }

  /** Learns the network and device of an accepted attach, unless a detector flagged them in this window. */
  public Baseline afterAttach(AttachAccepted e) {
    long[] n = networks;
    int z = zones;
    if (!flagged(AnomalyKind.LOCATION_JUMP)) {
      n = LearnedSet.learn(networks, new long[] {networkKey(e.plmn())}, 1, MAX_NETWORKS);
      z |= 1 << zone(e.plmn());
    }
    long[] d = devices;
    if (!flagged(AnomalyKind.IMEI_CHANGE) && e.dataAllowed()) {
      d = LearnedSet.learn(devices, new long[] {deviceKey(e.imei())}, 1, MAX_DEVICES);
    }
    int stand = standing;
    if (LearnedSet.contains(n, networkKey(e.plmn()))) {
      stand &= ~bit(AnomalyKind.LOCATION_JUMP);
    }
    if (LearnedSet.contains(d, deviceKey(e.imei()))) {
      stand &= ~bit(AnomalyKind.IMEI_CHANGE);
    }
    return new Baseline(windows, anomalies, stand, blocked, stats, destinations, ports, n, z, d, voice, trend, sms);
  }

  /** Counts flows refused by the firewall or the private network (not by a quarantine) in the open window. */
  public Baseline afterBlocked(FlowsBlocked e) {
    boolean policy = e.reason() == RejectReason.PRIVATE_NETWORK
        || (e.reason() == RejectReason.FIREWALL && !Detectors.QUARANTINE_RULE_ID.equals(e.ruleId()));
    return !policy ? this
        : new Baseline(windows, anomalies, standing, blocked + e.flows(), stats, destinations, ports, networks, zones,
            devices, voice, trend, sms);
  }

  /** Marks the open window as anomalous for {@code kind}; a device or location change also stands. */
  public Baseline afterAnomaly(AnomalyKind kind) {
    int stands = kind == AnomalyKind.IMEI_CHANGE || kind == AnomalyKind.LOCATION_JUMP ? bit(kind) : 0;
    return new Baseline(windows, anomalies | bit(kind), standing | stands, blocked, stats, destinations, ports,
        networks, zones, devices, voice, trend, sms);
  }

  /**
   * Counts a usage window's calls; they teach what is usual unless a detector fired in the window or a
   * response in force ({@code shaped}) changed what the SIM could do. Folded before the window's
   * {@code UsageRecorded}, which clears the window's anomalies.
   */
  public Baseline afterVoiceWindow(VoiceUsageRecorded e, boolean shaped) {
    return withVoice(voice.afterWindow(e, anomalies == 0 && !shaped));
  }

  /**
   * Counts a usage window's SMS by class of number; they teach what is usual unless a detector fired in the window
   * or a response in force ({@code shaped}) changed what the SIM could do. Folded before the window's
   * {@code UsageRecorded}, which clears the window's anomalies.
   */
  public Baseline afterSmsWindow(SmsUsageRecorded e, boolean shaped) {
    long t = e.at().toEpochMilli();
    // usage windows of an hour, as the trend's caps assume
    SmsBaseline m = sms.afterWindow(e, anomalies == 0 && !shaped, trend.usualSms(t), trend.learnedSms(t),
        windows / 24.0);
    return new Baseline(windows, anomalies, standing, blocked, stats, destinations, ports, networks, zones, devices,
        voice, trend, m);
  }

  /** Counts a call attempt the network refused. */
  public Baseline afterVoiceRefused(VoiceCallBlocked e) {
    return withVoice(voice.afterRefused(e));
  }

  private Baseline withVoice(VoiceBaseline v) {
    return new Baseline(windows, anomalies, standing, blocked, stats, destinations, ports, networks, zones, devices,
        v, trend, sms);
  }

  private boolean flagged(AnomalyKind kind) {
    return (anomalies & bit(kind)) != 0;
  }

  private static int bit(AnomalyKind kind) {
    return 1 << kind.ordinal();
  }

  /** {@code guarded}: a suspicious value (over {@value #SUSPICIOUS_RATIO} × usual) is learned as the usual. */
  private static void learn(float[] s, Metric metric, double observed, int n, boolean guarded) {
    int o = metric.ordinal() * 3;
    double usual = Math.max(s[o + 2], s[o] + SIGMAS * Math.sqrt(s[o + 1]));
    double x = guarded && observed > Math.max(SUSPICIOUS_RATIO * usual, SUSPICIOUS_MIN) ? usual : observed;
    double a = Math.max(1.0 / n, ALPHA);
    double d = x - s[o];
    s[o] = (float) (s[o] + a * d);
    s[o + 1] = (float) ((1 - a) * (s[o + 1] + a * d * d));
    s[o + 2] = (float) Math.max(x, s[o + 2] * PEAK_DECAY);
  }

  // ---- queries (allocation-free) ----------------------------------------------------------------

  public double mean(Metric metric) {
    return stats.length == 0 ? 0 : stats[metric.ordinal() * 3];
  }

  public double sd(Metric metric) {
    return stats.length == 0 ? 0 : Math.sqrt(stats[metric.ordinal() * 3 + 1]);
  }

  public double peak(Metric metric) {
    return stats.length == 0 ? 0 : stats[metric.ordinal() * 3 + 2];
  }

  /** The most this SIM plausibly does per window: its decaying peak or mean + 4σ, whichever is higher. */
  public double expected(Metric metric) {
    return Math.max(peak(metric), mean(metric) + SIGMAS * sd(metric));
  }

  public boolean knowsDestination(IpAddress remote) {
    return LearnedSet.contains(destinations, destinationKey(remote));
  }

  public boolean knowsPort(Protocol protocol, int port) {
    return LearnedSet.contains(ports, portKey(protocol, port));
  }

  public boolean knowsNetwork(Plmn plmn) {
    return LearnedSet.contains(networks, networkKey(plmn));
  }

  public boolean knowsZone(Plmn plmn) {
    return (zones & 1 << zone(plmn)) != 0;
  }

  public boolean knowsDevice(Imei imei) {
    return LearnedSet.contains(devices, deviceKey(imei));
  }

  /** Whether a known device has the model (TAC, the first 8 digits) of {@code imei}. */
  public boolean knowsModel(Imei imei) {
    long tac = deviceKey(imei) / 1_000_000;
    for (long entry : devices) {
      if (LearnedSet.key(entry) / 1_000_000 == tac) {
        return true;
      }
    }
    return false;
  }

  /** The known networks as text, for evidence. */
  public String describeNetworks() {
    StringJoiner out = new StringJoiner(", ");
    for (long entry : networks) {
      long key = LearnedSet.key(entry);
      out.add(key >= 1_000_000 ? String.format("%06d", key - 1_000_000) : String.format("%05d", key));
    }
    return out.toString();
  }

  /** The known devices' IMEI bodies (TAC + serial number) as text, for evidence. */
  public String describeDevices() {
    StringJoiner out = new StringJoiner(", ");
    for (long entry : devices) {
      out.add(String.format("%014d", LearnedSet.key(entry)));
    }
    return out.toString();
  }

  // ---- keys -------------------------------------------------------------------------------------

  /** An IPv4 address, or a 48-bit hash of an IPv6 address's /64 (tagged by bit 48). */
  static long destinationKey(IpAddress remote) {
    if (!remote.v6()) {
      return remote.lo();
    }
    long h = remote.hi() * 0x9E3779B97F4A7C15L;
    return 1L << 48 | (h ^ h >>> 29) & 0xFFFF_FFFF_FFFFL;
  }

  static long portKey(Protocol protocol, int port) {
    return (long) protocol.ordinal() << 16 | port;
  }

  /** MCC and MNC digits as a number; a 3-digit MNC adds 1,000,000 so that 00101 and 001010 differ. */
  static long networkKey(Plmn plmn) {
    return Long.parseLong(plmn.value()) + (plmn.mnc().length() == 3 ? 1_000_000 : 0);
  }

  static long deviceKey(Imei imei) {
    return Long.parseLong(imei.value(), 0, 14, 10);
  }

  /** The MCC zone: its first digit (2 Europe, 3 North America, 4 Asia, 5 Oceania, 6 Africa, 7 South America). */
  static int zone(Plmn plmn) {
    return plmn.mcc().charAt(0) - '0';
  }

  // ---- value semantics over arrays --------------------------------------------------------------

  @Override
  public boolean equals(Object o) {
    return o instanceof Baseline b && windows == b.windows && anomalies == b.anomalies && standing == b.standing
        && blocked == b.blocked
        && zones == b.zones && Arrays.equals(stats, b.stats) && Arrays.equals(destinations, b.destinations)
        && Arrays.equals(ports, b.ports) && Arrays.equals(networks, b.networks) && Arrays.equals(devices, b.devices)
        && voice.equals(b.voice) && trend.equals(b.trend) && sms.equals(b.sms);
  }

  @Override
  public int hashCode() {
    int h = 31 * (31 * windows + anomalies) + standing;
    h = 31 * h + Long.hashCode(blocked);
    h = 31 * h + zones;
    h = 31 * h + Arrays.hashCode(stats);
    h = 31 * h + Arrays.hashCode(destinations);
    h = 31 * h + Arrays.hashCode(ports);
    h = 31 * h + Arrays.hashCode(networks);
    h = 31 * h + Arrays.hashCode(devices);
    h = 31 * h + trend.hashCode();
    h = 31 * h + sms.hashCode();
    return 31 * h + voice.hashCode();
  }

  @Override
  public String toString() {
    return "Baseline[windows=" + windows + ", anomalies=" + anomalies + ", standing=" + standing + ", blocked="
        + blocked + ", stats="
        + Arrays.toString(stats) + ", destinations=" + destinations.length + ", ports=" + ports.length
        + ", networks=" + describeNetworks() + ", zones=" + Integer.toBinaryString(zones) + ", devices="
        + describeDevices() + ", voice=" + voice + ", trend=" + trend + ", sms=" + sms + "]";
  }
}
