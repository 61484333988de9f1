package io.simwarden.sim.score;

import io.simwarden.core.detect.AnomalyKind;
import io.simwarden.sim.attack.AttackKind;
import io.simwarden.sim.clock.VirtualClock;
import io.simwarden.sim.truth.Label;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Scores detections against the ground truth.
 *
 * <ul>
 *   <li>A detection <em>explains</em> a label when it is on the label's SIM, at or after the label's start
 *       and before its end plus the grace period (detectors report when a usage window closes, which can
 *       be after the attack stopped).
 *   <li>A label is <em>detected</em> when at least one detection explains it, whatever the anomaly kind;
 *       its latency is the time from the label's start to the first such detection, in report intervals.
 *   <li>A detection that explains no label is a <em>false alarm</em>. It counts against the attack kind its
 *       anomaly kind points at ({@link AttackKind#indicatedBy}), once per SIM.
 *   <li>Per attack kind: recall = detected labels / labels; precision = detected labels / (detected
 *       labels + SIMs with false alarms pointing at the kind); F1 their harmonic mean.
 *   <li>False-positive SIM-days: distinct (SIM, simulated day) pairs with a false alarm.
 * </ul>
 */
public final class Scorer {

  private Scorer() {}

  public static Scorecard score(List<Label> labels, List<Detected> detections, VirtualClock clock, long graceMillis,
      int fleetSize) {
    Map<Integer, List<Integer>> labelsBySim = new HashMap<>();
    for (int i = 0; i < labels.size(); i++) {
      labelsBySim.computeIfAbsent(labels.get(i).sim(), k -> new ArrayList<>(1)).add(i);
    }
    long[] first = new long[labels.size()];
    Arrays.fill(first, Long.MAX_VALUE);
    List<Set<AnomalyKind>> kindsOf = new ArrayList<>(labels.size());
    for (int i = 0; i < labels.size(); i++) {
      kindsOf.add(EnumSet.noneOf(AnomalyKind.class));
    }
    Map<AttackKind, Set<Integer>> falseAlarmSims = new EnumMap<>(AttackKind.class);
    Map<AnomalyKind, Set<Integer>> falseAlarmKinds = new EnumMap<>(AnomalyKind.class);
    Set<Integer> anyFalseAlarm = new HashSet<>();
    Set<Long> fpSimDays = new HashSet<>();
    for (Detected d : detections) {
      boolean explained = false;
      for (int i : labelsBySim.getOrDefault(d.sim(), List.of())) {
        Label l = labels.get(i);
        if (d.at() >= l.start() && d.at() < l.end() + graceMillis) {
          explained = true;
          first[i] = Math.min(first[i], d.at());
          kindsOf.get(i).add(d.kind());
        }
      }
      if (!explained) {
        falseAlarmSims.computeIfAbsent(AttackKind.indicatedBy(d.kind()), k -> new HashSet<>()).add(d.sim());
        falseAlarmKinds.computeIfAbsent(d.kind(), k -> new HashSet<>()).add(d.sim());
        anyFalseAlarm.add(d.sim());
        long day = (d.at() - clock.startMillis()) / VirtualClock.DAY;
        fpSimDays.add((long) d.sim() * 4096 + day);
      }
    }

    List<Scorecard.Outcome> outcomes = new ArrayList<>(labels.size());
    Map<AttackKind, List<Double>> latencies = new EnumMap<>(AttackKind.class);
    Map<AttackKind, int[]> counts = new EnumMap<>(AttackKind.class);
    Map<AttackKind, Map<AnomalyKind, Integer>> confusion = new EnumMap<>(AttackKind.class);
    Map<AttackKind, Integer> missed = new EnumMap<>(AttackKind.class);
    for (int i = 0; i < labels.size(); i++) {
      Label l = labels.get(i);
      boolean detected = first[i] != Long.MAX_VALUE;
      double latency = detected ? (first[i] - l.start()) / (double) clock.intervalMillis() : Double.NaN;
      outcomes.add(new Scorecard.Outcome(i, detected, detected ? first[i] : -1, latency,
          List.copyOf(kindsOf.get(i))));
      int[] c = counts.computeIfAbsent(l.kind(), k -> new int[2]);
      c[0]++;
      Map<AnomalyKind, Integer> row = confusion.computeIfAbsent(l.kind(), k -> new EnumMap<>(AnomalyKind.class));
      if (detected) {
        c[1]++;
        latencies.computeIfAbsent(l.kind(), k -> new ArrayList<>()).add(latency);
        for (AnomalyKind k : kindsOf.get(i)) {
          row.merge(k, 1, Integer::sum);
        }
      } else {
        missed.merge(l.kind(), 1, Integer::sum);
      }
    }
    Map<AttackKind, Map<AnomalyKind, Integer>> ordered = new LinkedHashMap<>();
    for (AttackKind kind : AttackKind.values()) {
      if (confusion.containsKey(kind)) {
        ordered.put(kind, confusion.get(kind));
      }
    }
    Map<AnomalyKind, Integer> noAttack = new EnumMap<>(AnomalyKind.class);
    falseAlarmKinds.forEach((k, sims) -> noAttack.put(k, sims.size()));
    ordered.put(null, noAttack);

    List<Scorecard.KindScore> perKind = new ArrayList<>();
    int allLabels = 0;
    int allDetected = 0;
    List<Double> allLatencies = new ArrayList<>();
    for (AttackKind kind : AttackKind.values()) {
      int[] c = counts.getOrDefault(kind, new int[2]);
      int fa = falseAlarmSims.getOrDefault(kind, Set.of()).size();
      if (c[0] == 0 && fa == 0) {
        continue;
      }
      List<Double> lat = latencies.getOrDefault(kind, List.of());
      perKind.add(kindScore(kind, c[0], c[1], fa, lat));
      allLabels += c[0];
      allDetected += c[1];
      allLatencies.addAll(lat);
    }
    Scorecard.KindScore overall = kindScore(null, allLabels, allDetected, anyFalseAlarm.size(), allLatencies);
    double simDays = fleetSize * (clock.steps() * clock.intervalMillis() / (double) VirtualClock.DAY);
    return new Scorecard(List.copyOf(perKind), overall, anyFalseAlarm.size(), fpSimDays.size(), simDays, ordered,
        missed, List.copyOf(outcomes));
  }

  private static Scorecard.KindScore kindScore(AttackKind kind, int labels, int detected, int falseAlarms,
      List<Double> latencies) {
    double precision = detected + falseAlarms == 0 ? Double.NaN : detected / (double) (detected + falseAlarms);
    double recall = labels == 0 ? Double.NaN : detected / (double) labels;
    double f1 = Double.isNaN(precision) || Double.isNaN(recall) || precision + recall == 0 ? Double.NaN
        : 2 * precision * recall / (precision + recall);
    if (!Double.isNaN(precision) && !Double.isNaN(recall) && precision + recall == 0) {
      f1 = 0;
    }
    double[] sorted = latencies.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    int[] histogram = new int[Scorecard.LATENCY_BINS.length + 1];
    for (double v : sorted) {
      int bin = 0;
      while (bin < Scorecard.LATENCY_BINS.length && v >= Scorecard.LATENCY_BINS[bin]) {
        bin++;
      }
      histogram[bin]++;
    }
    return new Scorecard.KindScore(kind, labels, detected, falseAlarms, precision, recall, f1,
        percentile(sorted, 0.50), percentile(sorted, 0.95), histogram);
  }

  /** Nearest-rank percentile of sorted values; NaN when there are none. */
  static double percentile(double[] sorted, double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(p * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }
}
