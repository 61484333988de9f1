package io.simwarden.core.detect;

import io.simwarden.core.policy.CallDestination;
import io.simwarden.core.traffic.UsageAccumulator;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** The voice detector: VOICE_FRAUD, judged on every mobile-originated call attempt against the SIM's own calls. */
final class VoiceDetectors extends DetectorFamily {

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

  VoiceDetectors(int learningWindows, Duration usageWindow, DetectorSettings quiet) {
    super(learningWindows, usageWindow, quiet);
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
  List<Finding> voiceCall(WindowWatch w, Baseline b, UsageAccumulator window, long atMillis,
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
}
