package io.simwarden.core.detect;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What the three detector families ({@link TrafficDetectors}, {@link SignallingDetectors}, {@link VoiceDetectors})
 * share: when a SIM is watched, how floors scale with the usage window, the thresholds of quiet attacks, and how a
 * detector fires.
 */
abstract class DetectorFamily {

  private final int learningWindows;
  /** Floors are per hour of usage window, scaled up for longer windows. */
  final double floorScale;
  /** A usage window's length in days. */
  final double windowDays;
  final DetectorSettings quiet;

  DetectorFamily(int learningWindows, Duration usageWindow, DetectorSettings quiet) {
    this.quiet = quiet;
    this.learningWindows = learningWindows;
    this.floorScale = Math.max(1.0, usageWindow.toMillis() / 3_600_000.0);
    this.windowDays = usageWindow.toMillis() / 86_400_000.0;
  }

  /** Whether the SIM has learned enough for its detectors to run. */
  final boolean watching(Baseline b) {
    return b.windows() >= learningWindows;
  }

  /** Whether the traffic detectors run: the SIM has learned enough and no device or location change stands. */
  final boolean watchingTraffic(Baseline b) {
    return watching(b) && b.standing() == 0;
  }

  /** The days the SIM has been watched (its usage windows, each {@link #windowDays} long). */
  final double days(Baseline b) {
    return b.windows() * windowDays;
  }

  /** How far past the alarm a tail probability is: 1 at the alert tail, 2 at its square. */
  final double tailScore(double tail) {
    return tail <= 0 ? 10 : Math.min(10, Math.log(tail) / Math.log(quiet.alertTail()));
  }

  static List<Finding> fire(WindowWatch w, List<Finding> found, AnomalyKind kind, double score,
      String evidence) {
    w.markFired(kind);
    List<Finding> out = found.isEmpty() ? new ArrayList<>(2) : found;
    out.add(new Finding(kind, Math.floor(score * 100) / 100, evidence));
    return out;
  }
}
