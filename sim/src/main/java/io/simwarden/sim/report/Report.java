package io.simwarden.sim.report;

import io.simwarden.core.detect.AnomalyKind;
import io.simwarden.sim.attack.AttackKind;
import io.simwarden.sim.clock.VirtualClock;
import io.simwarden.sim.driver.SimulationResult;
import io.simwarden.sim.scenario.AttackSpec;
import io.simwarden.sim.scenario.Scenario;
import io.simwarden.sim.score.Detected;
import io.simwarden.sim.score.Scorecard;
import io.simwarden.sim.score.Scorer;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A finished run with its scores, and the aggregations and formatting every report shares. */
public final class Report {

  private static final Map<AnomalyKind, String> KIND_COLORS = new EnumMap<>(AnomalyKind.class);
  private static final Map<AttackKind, String> ATTACK_COLORS = new EnumMap<>(AttackKind.class);

  static {
    String[] palette = {"#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7",
        "#9c755f"};
    for (AnomalyKind k : AnomalyKind.values()) {
      KIND_COLORS.put(k, palette[k.ordinal() % palette.length]);
    }
    ATTACK_COLORS.put(AttackKind.MIRAI, "#e15759");
    ATTACK_COLORS.put(AttackKind.SIM_THEFT, "#b07aa1");
    ATTACK_COLORS.put(AttackKind.EXFILTRATION, "#f28e2b");
    ATTACK_COLORS.put(AttackKind.SIGNALLING_STORM, "#4e79a7");
    ATTACK_COLORS.put(AttackKind.SMS_FRAUD, "#59a14f");
    ATTACK_COLORS.put(AttackKind.VOICE_FRAUD, "#edc948");
  }

  private final SimulationResult result;
  private final Scorecard card;

  public Report(SimulationResult result, Scorecard card) {
    this.result = result;
    this.card = card;
  }

  /** Scores {@code result} and wraps both. */
  public static Report of(SimulationResult result) {
    Scenario s = result.scenario();
    return new Report(result, Scorer.score(result.labels(), result.detections(), s.clock(), s.grace().toMillis(),
        result.devices()));
  }

  public SimulationResult result() {
    return result;
  }

  public Scorecard card() {
    return card;
  }

  public Scenario scenario() {
    return result.scenario();
  }

  VirtualClock clock() {
    return result.scenario().clock();
  }

  /** How many report intervals go into one chart bucket (at most ~300 buckets). */
  int trafficBucketSteps() {
    int steps = clock().steps();
    int k = 1;
    while (steps / k > 300) {
      k = k * 2 <= clock().stepsPerHour() ? k * 2 : k + clock().stepsPerHour();
    }
    return k;
  }

  /** {@code values} per report interval summed into buckets of {@code k} intervals. */
  static double[] buckets(long[] values, int k) {
    double[] out = new double[(values.length + k - 1) / k];
    for (int i = 0; i < values.length; i++) {
      out[i / k] += values[i];
    }
    return out;
  }

  /** Detections per hour of simulated time, per anomaly kind. */
  Map<AnomalyKind, double[]> detectionsPerHour() {
    int hours = (int) Math.ceil(result.scenario().duration().toMillis() / (double) VirtualClock.HOUR);
    Map<AnomalyKind, double[]> out = new EnumMap<>(AnomalyKind.class);
    long start = clock().startMillis();
    for (Detected d : result.detections()) {
      int h = (int) Math.min(hours - 1, (d.at() - start) / VirtualClock.HOUR);
      out.computeIfAbsent(d.kind(), k -> new double[hours])[h]++;
    }
    return out;
  }

  /** Marks for the attacks' starts (and a Mirai DDoS), to draw on the time charts. */
  List<Charts.Marker> attackMarkers() {
    List<Charts.Marker> out = new ArrayList<>();
    for (AttackSpec a : result.scenario().attacks()) {
      out.add(new Charts.Marker(a.start().toMillis(), a.name()));
      if (a instanceof AttackSpec.Mirai m && m.ddos() != null) {
        out.add(new Charts.Marker(m.ddos().start().toMillis(), a.name() + " DDoS"));
      }
    }
    return out;
  }

  static String color(AnomalyKind k) {
    return KIND_COLORS.get(k);
  }

  static String color(AttackKind k) {
    return ATTACK_COLORS.get(k);
  }

  /** Latency-histogram bin labels, in report intervals. */
  static String[] latencyBins() {
    double[] b = Scorecard.LATENCY_BINS;
    String[] out = new String[b.length + 2];
    double lo = 0;
    for (int i = 0; i < b.length; i++) {
      out[i] = fmtNumber(lo) + "–" + fmtNumber(b[i]);
      lo = b[i];
    }
    out[b.length] = "≥ " + fmtNumber(lo);
    out[b.length + 1] = "missed";
    return out;
  }

  // ---- formatting -----------------------------------------------------------------------------------

  static String ratio(double v) {
    return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.2f", v);
  }

  static String intervals(double v) {
    return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.1f", v);
  }

  static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  static String fmtNumber(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.1f", v);
  }

  static String bytes(double b) {
    String[] units = {"B", "kB", "MB", "GB", "TB", "PB"};
    int u = 0;
    while (b >= 1000 && u < units.length - 1) {
      b /= 1000;
      u++;
    }
    return (b >= 100 || u == 0 ? String.format(Locale.ROOT, "%.0f", b) : String.format(Locale.ROOT, "%.1f", b))
        + " " + units[u];
  }

  static String attackName(AttackKind k) {
    return k == null ? "no attack" : k.id();
  }
}
