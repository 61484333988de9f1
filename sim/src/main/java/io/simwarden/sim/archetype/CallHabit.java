package io.simwarden.sim.archetype;

import io.simwarden.core.policy.CallDestination;
import io.simwarden.core.traffic.Call;
import io.simwarden.sim.clock.VirtualClock;
import io.simwarden.sim.random.Rng;
import io.simwarden.sim.traffic.StepPlan;

/**
 * The benign voice use of an archetype whose profile has VOICE: a few calls a week or a month between
 * {@code firstHour} and {@code lastHour}, mostly to home-country numbers. The day's calls come from the
 * SIM's day stream for {@code purpose}, so they leave its other random choices as they were; each call is
 * placed in the report interval it starts in, after the attach a detached device makes first.
 *
 * @param perDay         calls a day on average (Poisson)
 * @param medianSeconds  median connected time (log-normal); one call in eight is not answered
 * @param otherShare     share of the calls to {@code other} rather than home-country numbers
 * @param other          where the other calls go (a truck's foreign depot: INTERNATIONAL)
 * @param emergencyShare share of emergency calls (a crash's eCall, a patient's alarm)
 * @param firstHour      first hour of the day calls are made
 * @param lastHour       hour of the day after which no call is made
 */
record CallHabit(double perDay, double medianSeconds, double otherShare, CallDestination other,
    double emergencyShare, int firstHour, int lastHour) {

  private static final double UNANSWERED = 0.125;

  /** The calls of {@code s}'s interval, written into {@code plan}. */
  void step(DeviceStep s, StepPlan plan, long purpose) {
    Rng day = s.day(purpose);
    int calls = day.poisson(perDay);
    long span = (lastHour - firstHour) * VirtualClock.HOUR;
    for (int i = 0; i < calls; i++) {
      long at = s.dayStart() + firstHour * VirtualClock.HOUR + day.nextLong(span);
      double kind = day.nextDouble();
      boolean answered = !day.chance(UNANSWERED);
      long seconds = Math.min(Call.MAX_SECONDS, Math.round(day.logNormal(medianSeconds, 0.6)));
      if (s.contains(at)) {
        CallDestination to = kind < emergencyShare ? CallDestination.EMERGENCY
            : kind < emergencyShare + otherShare ? other : CallDestination.DOMESTIC;
        plan.call(Math.max(at, s.stepStart() + StepPlan.ATTACH_WITHIN_MILLIS), new Call(to, answered ? seconds : 0));
      }
    }
  }
}
