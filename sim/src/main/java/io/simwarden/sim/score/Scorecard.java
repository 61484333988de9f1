package io.simwarden.sim.score;

import io.simwarden.core.detect.AnomalyKind;
import io.simwarden.sim.attack.AttackKind;
import java.util.List;
import java.util.Map;

/**
 * How well the detections matched the ground truth. See {@link Scorer} for the definitions.
 *
 * @param perKind              one row per attack kind
 * @param overall              all attack kinds together
 * @param falseAlarmSims       SIMs with at least one detection no label explains
 * @param falsePositiveSimDays distinct (SIM, simulated day) pairs with such a detection
 * @param simDays              SIM-days simulated (fleet size × days)
 * @param confusion            per attack kind (key {@code null}: SIMs under no attack), how many labels (SIMs)
 *                             had at least one detection of each anomaly kind
 * @param missed               per attack kind, labels with no detection
 * @param outcomes             one per label, in label order
 */
public record Scorecard(List<KindScore> perKind, KindScore overall, int falseAlarmSims, long falsePositiveSimDays,
    double simDays, Map<AttackKind, Map<AnomalyKind, Integer>> confusion, Map<AttackKind, Integer> missed,
    List<Outcome> outcomes) {

  /**
   * Scores of one attack kind ({@code kind} is {@code null} for the overall row). Ratios are NaN when
   * undefined (no label and no alarm to divide by). Latencies are in report intervals.
   */
  public record KindScore(AttackKind kind, int labels, int detected, int falseAlarms, double precision, double recall,
      double f1, double latencyP50, double latencyP95, int[] latencyHistogram) {}

  /** One label's fate: detected or not, when first, and by which anomaly kinds. */
  public record Outcome(int label, boolean detected, long firstAt, double latencyIntervals, List<AnomalyKind> kinds) {}

  /** Upper bounds (exclusive, in report intervals) of the latency histogram's bins; the last bin is open. */
  public static final double[] LATENCY_BINS = {1, 2, 4, 8, 16, 32};

  /** False-positive SIM-days per 1,000 SIM-days. */
  public double falsePositiveRate() {
    return simDays == 0 ? 0 : falsePositiveSimDays * 1000.0 / simDays;
  }
}
