package io.simwarden.sim.attack;

import io.simwarden.sim.clock.VirtualClock;

/**
 * When and how hard a stealthy attack works: only in a window of the (UTC) day, and at a rate that grows
 * by a share a day from its start, so that it hides under what the device usually does.
 *
 * @param fromHour    first hour of the day it acts (0–23)
 * @param toHour      hour it stops (exclusive, 1–24; smaller than {@code fromHour} wraps past midnight)
 * @param rampPerDay  growth of the rate per day since the attack's start: rate × (1 + ramp)^days
 */
public record Pace(int fromHour, int toHour, double rampPerDay) {

  /** All day, at a constant rate. */
  public static final Pace STEADY = new Pace(0, 24, 0);

  /** The factor of the configured rate at {@code t} for an attack started at {@code start}: 0 outside the hours. */
  public double factor(long t, long start) {
    int hour = (int) (Math.floorMod(t, VirtualClock.DAY) / VirtualClock.HOUR);
    boolean inside = fromHour < toHour ? hour >= fromHour && hour < toHour : hour >= fromHour || hour < toHour;
    if (!inside) {
      return 0;
    }
    return rampPerDay == 0 ? 1 : Math.pow(1 + rampPerDay, Math.max(0, t - start) / (double) VirtualClock.DAY);
  }
}
