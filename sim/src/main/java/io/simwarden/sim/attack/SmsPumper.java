package io.simwarden.sim.attack;

import io.simwarden.sim.archetype.DeviceStep;
import io.simwarden.sim.clock.VirtualClock;
import io.simwarden.sim.random.Rng;
import io.simwarden.sim.traffic.StepPlan;

/**
 * SMS pumping / international revenue share fraud through a compromised device (an exposed modem AT
 * interface, a hijacked management channel): mobile-originated SMS to premium and international
 * numbers at a steady rate, Poisson-distributed in time.
 */
final class SmsPumper extends Compromise {

  private final double smsPerHour;
  private final Pace pace;

  SmsPumper(int sim, String attack, long start, long end, double smsPerHour, Pace pace) {
    super(sim, attack, start, end);
    this.smsPerHour = smsPerHour;
    this.pace = pace;
  }

  @Override
  public AttackKind kind() {
    return AttackKind.SMS_FRAUD;
  }

  @Override
  public void step(DeviceStep s, StepPlan plan) {
    Rng rng = s.rng();
    long window = overlap(s);
    int n = rng.poisson(smsPerHour * pace.factor(from(s), start) * window / VirtualClock.HOUR);
    for (int i = 0; i < n; i++) {
      plan.smsMo(from(s) + rng.nextLong(window));
    }
  }
}
