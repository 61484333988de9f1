package io.simwarden.sim.attack;

import io.simwarden.sim.archetype.DeviceStep;
import io.simwarden.sim.random.Rng;
import io.simwarden.sim.traffic.StepPlan;

/**
 * A device caught in a signalling storm: during the outage it has no service (the network lost its
 * context, so it counts as detached); when service returns its firmware ignores the back-off timers
 * and re-attaches every retry interval (±20 %), as GSMA TS.34 warns synchronised IoT fleets do, until
 * the storm ends. Its normal traffic resumes alongside. The label covers the storm, not the outage.
 */
final class StormingDevice extends Compromise {

  private static final long STORM = 31;
  private final long outageStart;
  private final long retry;
  private final long offset;
  private final long seed;
  private final Rng rng = new Rng();

  StormingDevice(int sim, String attack, long outageStart, long outageEnd, long stormEnd, long retry, long seed) {
    super(sim, attack, outageEnd, stormEnd);
    this.outageStart = outageStart;
    this.retry = retry;
    this.seed = seed;
    this.offset = Rng.of(seed, sim, STORM).nextLong(retry);
  }

  @Override
  public AttackKind kind() {
    return AttackKind.SIGNALLING_STORM;
  }

  @Override
  public boolean activeIn(DeviceStep s) {
    return s.stepStart() < end && s.stepEnd() > outageStart;
  }

  @Override
  public boolean silencesDevice(DeviceStep s) {
    return s.stepStart() < start && s.stepEnd() > outageStart;
  }

  @Override
  public void step(DeviceStep s, StepPlan plan) {
    if (s.stepStart() < start) {
      s.fleet().setDetached(sim);
    }
    long base = start + offset;
    long first = Math.max(0, (s.stepStart() - base) / retry - 1);
    for (long k = first; ; k++) {
      long jitter = Math.round((rng.reset(seed, sim, k, STORM).nextDouble() - 0.5) * 0.4 * retry);
      long t = base + k * retry + jitter;
      if (t >= s.stepEnd() || t >= end) {
        break;
      }
      if (t >= s.stepStart() && t >= start) {
        plan.attach(t, s.attachRequest());
      }
    }
  }
}
