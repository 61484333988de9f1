package io.simwarden.sim.attack;

import io.simwarden.core.policy.CallDestination;
import io.simwarden.core.traffic.Call;
import io.simwarden.sim.archetype.DeviceStep;
import io.simwarden.sim.clock.VirtualClock;
import io.simwarden.sim.random.Rng;
import io.simwarden.sim.traffic.StepPlan;
import java.util.Map;

/**
 * International revenue share fraud (IRSF) through a compromised device: a hijacked modem or telematics unit
 * (an exposed AT interface, a management channel taken over) dials numbers whose termination fees the
 * fraudster shares. The SIM has one line, so calls follow each other: each attempt starts an exponentially
 * distributed idle time after the previous call ended, the idle time chosen so that attempts average the
 * configured rate (at the highest rates the line is simply never idle). Connected times are log-normal around
 * the median given; one attempt in ten is not answered. The device's own traffic goes on. A {@link Pace} limits
 * the dialling to hours of the day (an attempt due outside them waits for the next hour inside) and ramps the
 * rate up day by day.
 */
final class VoicePumper extends Compromise {

  private static final double UNANSWERED = 0.1;
  private static final double SIGMA = 0.5;
  /** Dialling and setting up the next call. */
  private static final long SETUP_MILLIS = 5_000;
  private static final CallDestination[] DESTINATIONS = CallDestination.values();

  private final double medianSeconds;
  private final double callsPerHour;
  private final double meanCallMillis;
  private final Pace pace;
  /** Cumulative shares of the destinations, per {@link CallDestination} ordinal. */
  private final double[] cumulative;
  /** The last destination with a share, for a draw that rounding leaves past the last cumulative share. */
  private final CallDestination last;
  /** When the next attempt is dialled (epoch ms): the generator steps this SIM's intervals in order. */
  private long nextAttempt;

  VoicePumper(int sim, String attack, long start, long end, double callsPerHour, double medianSeconds,
      Map<CallDestination, Double> shares, Pace pace) {
    super(sim, attack, start, end);
    this.medianSeconds = medianSeconds;
    this.callsPerHour = callsPerHour;
    this.meanCallMillis = (1 - UNANSWERED) * medianSeconds * Math.exp(SIGMA * SIGMA / 2) * 1_000;
    this.pace = pace;
    this.cumulative = new double[DESTINATIONS.length];
    double sum = 0;
    CallDestination lastShared = null;
    for (CallDestination d : DESTINATIONS) {
      double share = shares.getOrDefault(d, 0.0);
      sum += share;
      cumulative[d.ordinal()] = sum;
      lastShared = share > 0 ? d : lastShared;
    }
    this.last = lastShared;
    this.nextAttempt = start;
  }

  @Override
  public long[] saveState() {
    return new long[] {nextAttempt};
  }

  @Override
  public void restoreState(long[] state) {
    nextAttempt = state[0];
  }

  @Override
  public AttackKind kind() {
    return AttackKind.VOICE_FRAUD;
  }

  @Override
  public void step(DeviceStep s, StepPlan plan) {
    Rng rng = s.rng();
    long until = Math.min(end, s.stepEnd());
    while (nextAttempt < until) {
      double factor = pace.factor(nextAttempt, start);
      if (factor == 0) {
        nextAttempt = nextAttempt - Math.floorMod(nextAttempt, VirtualClock.HOUR) + VirtualClock.HOUR;
        continue;
      }
      CallDestination to = destination(rng.nextDouble());
      long seconds = rng.chance(UNANSWERED) ? 0
          : Math.min(Call.MAX_SECONDS, Math.max(1, Math.round(rng.logNormal(medianSeconds, SIGMA))));
      plan.call(nextAttempt, new Call(to, seconds));
      double meanIdleMillis = Math.max(0, 3_600_000 / (callsPerHour * factor) - meanCallMillis - SETUP_MILLIS);
      nextAttempt += seconds * 1_000 + SETUP_MILLIS + Math.round(rng.exponential(meanIdleMillis));
    }
  }

  private CallDestination destination(double u) {
    for (int i = 0; i < cumulative.length; i++) {
      if (u < cumulative[i]) {
        return DESTINATIONS[i];
      }
    }
    return last;
  }
}
