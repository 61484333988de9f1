package io.simwarden.sim.sweep;

import io.simwarden.sim.archetype.Archetype;
import io.simwarden.sim.archetype.FleetLayout;
import io.simwarden.sim.attack.AttackKind;
import io.simwarden.sim.driver.SimulationResult;
import io.simwarden.sim.report.Report;
import io.simwarden.sim.score.Scorecard;
import io.simwarden.sim.truth.Label;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The scores of every step of a {@link Sweep}, and the detection floors they give.
 *
 * @param sweep  what was run
 * @param points one per step, in step order
 */
public record SweepResult(Sweep sweep, List<Point> points) {

  /**
   * One step's scores.
   *
   * @param score         the swept attack kind's recall, precision and latency
   * @param byArchetype   per archetype of the compromised SIMs: {labels, detected}
   * @param falseAlarmSimDays (SIM, day) pairs with a detection no label explains
   * @param perThousand   the same per 1,000 SIM-days
   * @param simDays       SIM-days simulated
   * @param wallMillis    how long the run took
   */
  public record Point(Sweep.Step step, Scorecard.KindScore score, Map<Archetype, int[]> byArchetype,
      long falseAlarmSimDays, double perThousand, double simDays, long wallMillis) {

    static Point of(Sweep.Step step, AttackKind kind, SimulationResult result) {
      Report report = Report.of(result);
      Scorecard card = report.card();
      Scorecard.KindScore score = card.perKind().stream().filter(k -> k.kind() == kind).findFirst()
          .orElse(new Scorecard.KindScore(kind, 0, 0, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
              new int[Scorecard.LATENCY_BINS.length + 1]));
      FleetLayout fleet = FleetLayout.create(result.scenario().counts(), result.scenario().seed());
      Map<Archetype, int[]> byArchetype = new EnumMap<>(Archetype.class);
      for (Scorecard.Outcome o : card.outcomes()) {
        Label l = result.labels().get(o.label());
        int[] c = byArchetype.computeIfAbsent(fleet.archetype(l.sim()), a -> new int[2]);
        c[0]++;
        c[1] += o.detected() ? 1 : 0;
      }
      return new Point(step, score, byArchetype, card.falsePositiveSimDays(), card.falsePositiveRate(),
          card.simDays(), result.wallMillis());
    }

    /** Recall of the attack on SIMs of archetype {@code a}; NaN when it hit none at this step. */
    public double recall(Archetype a) {
      int[] c = byArchetype.get(a);
      return c == null || c[0] == 0 ? Double.NaN : c[1] / (double) c[0];
    }
  }

  /**
   * The lowest value from which on every step detects at least {@link Sweep#FLOOR_RECALL} of the compromised SIMs.
   *
   * @param step  index of that step, or -1 when the last step falls short (the floor lies beyond TO)
   * @param label what the floor is of: the attack kind, or an archetype
   */
  public record Floor(String label, int step) {}

  /** Archetypes the attack hit at some step, in {@link Archetype} order. */
  public Set<Archetype> archetypes() {
    Set<Archetype> out = EnumSet.noneOf(Archetype.class);
    points.forEach(p -> out.addAll(p.byArchetype().keySet()));
    return out;
  }

  /** The attack kind's floor first, then one per archetype it hit. */
  public List<Floor> floors() {
    List<Floor> out = new ArrayList<>();
    double[] all = new double[points.size()];
    for (int i = 0; i < all.length; i++) {
      all[i] = points.get(i).score().recall();
    }
    out.add(new Floor(sweep.attack().kind().id(), floor(all)));
    for (Archetype a : archetypes()) {
      double[] r = new double[points.size()];
      for (int i = 0; i < r.length; i++) {
        r[i] = points.get(i).recall(a);
      }
      out.add(new Floor(a.id(), floor(r)));
    }
    return out;
  }

  /**
   * The first step from which every recall is at least {@link Sweep#FLOOR_RECALL}, or -1. A step that hit no SIM
   * (NaN) does not count as detected: a floor is only claimed where it was seen.
   */
  static int floor(double[] recalls) {
    int floor = -1;
    for (int i = recalls.length - 1; i >= 0; i--) {
      if (!(recalls[i] >= Sweep.FLOOR_RECALL)) {
        break;
      }
      floor = i;
    }
    return floor;
  }

  /** How a floor reads: the value, "≤ FROM" when the first step is already detected, "> TO" when none is. */
  public String floorText(Floor f) {
    List<Sweep.Step> steps = sweep.steps();
    if (f.step() < 0) {
      return "> " + steps.get(steps.size() - 1).text();
    }
    return (f.step() == 0 ? "≤ " : "") + steps.get(f.step()).text();
  }

  /** False-positive SIM-days per 1,000 over all steps together. */
  public double perThousand() {
    double days = 0;
    long fp = 0;
    for (Point p : points) {
      days += p.simDays();
      fp += p.falseAlarmSimDays();
    }
    return days == 0 ? 0 : fp * 1000.0 / days;
  }
}
