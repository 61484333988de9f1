package io.simwarden.core.detect;

import io.simwarden.core.id.Imei;
import io.simwarden.core.id.Plmn;
import io.simwarden.core.policy.CallDestination;
import io.simwarden.core.policy.SmsDestination;
import io.simwarden.core.traffic.Flow;
import io.simwarden.core.traffic.UsageAccumulator;
import java.time.Duration;
import java.util.List;

/**
 * The anomaly detectors: pure rules comparing what a SIM does in its open usage window with its own
 * learned {@link Baseline}. They run on every request, so an attack is seen within one report interval
 * rather than when the window closes, and each kind fires at most once per usage window
 * ({@link WindowWatch}). Nothing fires while the SIM is still learning.
 *
 * <p>Every threshold is a ratio to what the SIM itself usually does, never below an absolute floor,
 * and deliberately conservative: a daily rhythm of 10× between night and day must not fire. The
 * baseline's usual value of a metric is {@link Baseline#expected}: its decaying peak or mean + 4σ,
 * whichever is higher. During the first day of history (fewer than {@value TrafficDetectors#YOUNG_WINDOWS} learned
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
 *   <li>SMS_SPIKE also on the day's SMS to one class SMS pumping is paid by (international, premium-rate),
 *       against the rate the SIM's own learned mix gives that class ({@link SmsBaseline});</li>
 *   <li>NEW_DESTINATION: the day's bytes to destinations never seen, while an upload to one is under way;</li>
 *   <li>VOLUME_SPIKE: the CUSUM of uplink over what that part of the day usually carries.</li>
 * </ul>
 * Learning is guarded ({@link Baseline#afterWindow}), so a pump under the threshold is not learned as normal.
 *
 * <p>Evaluating a report's flows allocates nothing; only a firing detector builds its evidence.
 *
 * <p>This class is their front: it holds one of each family ({@link TrafficDetectors}, {@link SignallingDetectors},
 * {@link VoiceDetectors}) and hands each request to the family that judges it.
 */
public final class Detectors {

  /** Rule id recorded in {@code FlowsBlocked} for flows a QUARANTINE response refused. */
  public static final String QUARANTINE_RULE_ID = "quarantine";

  private final TrafficDetectors traffic;
  private final SignallingDetectors signalling;
  private final VoiceDetectors voice;

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
    if (learningWindows < 1) {
      throw new IllegalArgumentException("learning windows must be at least 1, got " + learningWindows);
    }
    this.traffic = new TrafficDetectors(learningWindows, usageWindow, quiet);
    this.signalling = new SignallingDetectors(learningWindows, usageWindow, quiet);
    this.voice = new VoiceDetectors(learningWindows, usageWindow, quiet);
  }

  /** Whether the SIM has learned enough for its detectors to run. */
  public boolean watching(Baseline b) {
    return traffic.watching(b);
  }

  /** Whether the traffic detectors run: the SIM has learned enough and no device or location change stands. */
  public boolean watchingTraffic(Baseline b) {
    return traffic.watchingTraffic(b);
  }

  // ---- traffic ----------------------------------------------------------------------------------

  /** Prepares {@code w} for a report in the usage window starting at {@code windowStart}. */
  public void startReport(WindowWatch w, long windowStart) {
    traffic.startReport(w, windowStart);
  }

  /**
   * Counts the {@code index}-th flow of the report. {@code carried} when the network carries it,
   * {@code violation} when the firewall or the private network refused it. Allocates nothing.
   */
  public void observe(WindowWatch w, Baseline b, Flow f, int index, boolean carried, boolean violation) {
    traffic.observe(w, b, f, index, carried, violation, false);
  }

  /**
   * As {@link #observe(WindowWatch, Baseline, Flow, int, boolean, boolean)}; {@code declared} when an explicit
   * firewall ALLOW of the operator names the flow's destination ({@code Firewall#declares}): it is then a known
   * destination and port, never a new one.
   */
  public void observe(WindowWatch w, Baseline b, Flow f, int index, boolean carried, boolean violation,
      boolean declared) {
    traffic.observe(w, b, f, index, carried, violation, declared);
  }

  /** Runs the traffic detectors after the report's flows were observed and counted in {@code window}. */
  public List<Finding> traffic(WindowWatch w, Baseline b, UsageAccumulator window, List<Flow> flows) {
    return traffic.traffic(w, b, window, flows);
  }

  // ---- attach, SMS and voice ---------------------------------------------------------------------

  /** Runs the attach detectors (see {@link SignallingDetectors#attach}). */
  public List<Finding> attach(WindowWatch w, Baseline b, UsageAccumulator window, long atMillis, boolean accepted,
      Imei imei, Plmn plmn, boolean plmnAllowed) {
    return signalling.attach(w, b, window, atMillis, accepted, imei, plmn, plmnAllowed);
  }

  /** Runs the SMS detector for an SMS at {@code atMillis} already counted in {@code window}. */
  public List<Finding> sms(WindowWatch w, Baseline b, UsageAccumulator window, long atMillis) {
    return signalling.sms(w, b, window, atMillis, null);
  }

  /**
   * Runs the SMS detector for an SMS at {@code atMillis} already counted in {@code window}, sent to a number of
   * class {@code to} ({@code null} for one received).
   */
  public List<Finding> sms(WindowWatch w, Baseline b, UsageAccumulator window, long atMillis, SmsDestination to) {
    return signalling.sms(w, b, window, atMillis, to);
  }

  /** Runs the voice detector for a call attempt before it is counted (see {@link VoiceDetectors#voiceCall}). */
  public List<Finding> voiceCall(WindowWatch w, Baseline b, UsageAccumulator window, long atMillis,
      CallDestination destination, long seconds, boolean refused) {
    return voice.voiceCall(w, b, window, atMillis, destination, seconds, refused);
  }
}
