package io.simwarden.sim.attack;

import io.simwarden.sim.archetype.DeviceStep;
import io.simwarden.sim.traffic.StepPlan;
import io.simwarden.sim.truth.Label;
import java.util.List;

/**
 * What an attack does to one SIM: its traffic and signalling per report interval, whether the SIM's own
 * device still acts, and the ground-truth label. One instance per compromised SIM, used by the single
 * generating thread in SIM order, so the little state some keep is deterministic.
 */
public abstract class Compromise {

  protected final int sim;
  protected final String attack;
  /** When the SIM is compromised (epoch ms). */
  protected final long start;
  /** When the attack on it stops (epoch ms, exclusive). */
  protected final long end;

  protected Compromise(int sim, String attack, long start, long end) {
    this.sim = sim;
    this.attack = attack;
    this.start = start;
    this.end = end;
  }

  public abstract AttackKind kind();

  public Label label() {
    return new Label(sim, kind(), attack, start, end);
  }

  /** Every label of the SIM: one, or one per attack of a {@link Sequence}. */
  public List<Label> labels() {
    return List.of(label());
  }

  /** Whether the attack acts in the interval {@code s}. */
  public boolean activeIn(DeviceStep s) {
    return s.stepStart() < end && s.stepEnd() > start;
  }

  /** Whether the SIM's own device is silent in the interval (its SIM was stolen, the network is down). */
  public boolean silencesDevice(DeviceStep s) {
    return false;
  }

  /** Adds the attack's actions in the interval {@code s}. */
  public abstract void step(DeviceStep s, StepPlan plan);

  /** The little state the attack keeps between intervals, for a run's checkpoint (none by default). */
  public long[] saveState() {
    return new long[0];
  }

  /** Restores what {@link #saveState} returned. */
  public void restoreState(long[] state) {
  }

  /** Milliseconds of the interval the attack is active in. */
  protected long overlap(DeviceStep s) {
    return Math.max(0, Math.min(end, s.stepEnd()) - Math.max(start, s.stepStart()));
  }

  /** First instant of the interval the attack is active in. */
  protected long from(DeviceStep s) {
    return Math.max(start, s.stepStart());
  }
}
