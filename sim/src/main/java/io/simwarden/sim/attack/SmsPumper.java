package io.simwarden.sim.attack;

import io.simwarden.core.policy.SmsDestination;
import io.simwarden.sim.archetype.DeviceStep;
import io.simwarden.sim.clock.VirtualClock;
import io.simwarden.sim.random.Rng;
import io.simwarden.sim.traffic.StepPlan;
import java.util.Map;

/**
 * SMS pumping / international revenue share fraud through a compromised device (an exposed modem AT
 * interface, a hijacked management channel): mobile-originated SMS to premium and international
 * numbers at a steady rate, Poisson-distributed in time, each number's class drawn from the attack's shares.
 */
final class SmsPumper extends Compromise {

  private static final SmsDestination[] CLASSES = SmsDestination.values();
  /** Keys the draw of an SMS's class of number, apart from the SIM's other draws. */
  private static final long CLASS_DRAW = 0x534d53L;

  private final double smsPerHour;
  private final Pace pace;
  /** Cumulative shares of the classes of number, per {@link SmsDestination} ordinal. */
  private final double[] cumulative = new double[CLASSES.length];
  /** The last class with a share, for a draw that rounding leaves past the last cumulative share. */
  private final SmsDestination last;

  SmsPumper(int sim, String attack, long start, long end, double smsPerHour, Map<SmsDestination, Double> shares,
      Pace pace) {
    super(sim, attack, start, end);
    this.smsPerHour = smsPerHour;
    this.pace = pace;
    double sum = 0;
    SmsDestination lastShared = null;
    for (SmsDestination d : CLASSES) {
      double share = shares.getOrDefault(d, 0.0);
      sum += share;
      cumulative[d.ordinal()] = sum;
      lastShared = share > 0 ? d : lastShared;
    }
    this.last = lastShared;
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
      long at = from(s) + rng.nextLong(window);
      // the class from a draw of its own, so that the SIM's other draws stay what they were without classes
      plan.smsMo(at, destination(Rng.of(CLASS_DRAW, sim, at).nextDouble()));
    }
  }

  private SmsDestination destination(double u) {
    for (int i = 0; i < cumulative.length; i++) {
      if (u < cumulative[i]) {
        return CLASSES[i];
      }
    }
    return last;
  }
}
