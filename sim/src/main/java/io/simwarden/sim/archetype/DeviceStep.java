package io.simwarden.sim.archetype;

import io.simwarden.sim.clock.VirtualClock;
import io.simwarden.sim.random.Rng;
import io.simwarden.sim.traffic.AttachRequest;
import io.simwarden.sim.traffic.StepPlan;

/**
 * One SIM in one report interval, as the device models and attacks see it: who, when, the SIM's
 * random streams and its live state. Reused; the generator points it at the next SIM.
 */
public final class DeviceStep {

  /** Salts that keep the random streams of different purposes apart. */
  public static final long STEP = 1;
  public static final long DAY = 2;

  private final long seed;
  private final FleetLayout fleet;
  private final long intervalMillis;
  private final Rng rng = new Rng();
  private final Rng dayRng = new Rng();
  private int sim;
  private int step;
  private long stepStart;
  /** How far the fleet's local clock is ahead of UTC (schedule shifts); 0 unless the scenario shifts it. */
  private long local;

  public DeviceStep(long seed, FleetLayout fleet, long intervalMillis) {
    this.seed = seed;
    this.fleet = fleet;
    this.intervalMillis = intervalMillis;
  }

  /** Points this view at SIM {@code sim} in step {@code step} starting at {@code stepStart}. */
  public DeviceStep at(int sim, int step, long stepStart) {
    this.sim = sim;
    this.step = step;
    this.stepStart = stepStart;
    this.local = 0;
    rng.reset(seed, sim, step, STEP);
    return this;
  }

  /** Lets the device live {@code localOffsetMillis} ahead of UTC in this interval (a schedule shift). */
  public DeviceStep shifted(long localOffsetMillis) {
    this.local = localOffsetMillis;
    return this;
  }

  public long seed() {
    return seed;
  }

  public int sim() {
    return sim;
  }

  public int step() {
    return step;
  }

  public FleetLayout fleet() {
    return fleet;
  }

  public long stepStart() {
    return stepStart;
  }

  public long stepEnd() {
    return stepStart + intervalMillis;
  }

  public long interval() {
    return intervalMillis;
  }

  /** Length of the interval in hours, to turn hourly rates into per-interval expectations. */
  public double hours() {
    return intervalMillis / (double) VirtualClock.HOUR;
  }

  /** This SIM's random stream for this interval. */
  public Rng rng() {
    return rng;
  }

  /** This SIM's random stream for the current day and {@code purpose}: the same all day long. */
  public Rng day(long purpose) {
    return dayRng.reset(seed, sim, VirtualClock.epochDay(stepStart + local), DAY * 1_000 + purpose);
  }

  public int hour() {
    return VirtualClock.hourOfDay(stepStart + local);
  }

  public int minuteOfDay() {
    return VirtualClock.minuteOfDay(stepStart + local);
  }

  /** ISO day of week, 1 = Monday … 7 = Sunday. */
  public int dayOfWeek() {
    return VirtualClock.dayOfWeek(stepStart + local);
  }

  public boolean weekend() {
    return dayOfWeek() >= 6;
  }

  /** Start (as a UTC instant) of the device's local day containing this interval. */
  public long dayStart() {
    return stepStart - Math.floorMod(stepStart + local, VirtualClock.DAY);
  }

  public int variant() {
    return fleet.variant(sim);
  }

  /** The SIM's fixed offset within the hour in milliseconds: when its periodic activities fire. */
  public long phase() {
    return fleet.phaseMillis(sim);
  }

  /** The first time in this interval at which an activity of period {@code period} and this SIM's phase fires, or -1. */
  public long firstOccurrence(long period) {
    long t = stepStart + Math.floorMod(phase() % period - stepStart, period);
    return t < stepEnd() ? t : -1;
  }

  /** How many times an activity of period {@code period} (and this SIM's phase) fires in this interval. */
  public int occurrences(long period) {
    long first = firstOccurrence(period);
    return first < 0 ? 0 : (int) ((stepEnd() - 1 - first) / period) + 1;
  }

  /** Whether instant {@code t} falls in this interval. */
  public boolean contains(long t) {
    return t >= stepStart && t < stepEnd();
  }

  /** The network the SIM is on now (index into {@link Networks}). */
  public int network() {
    return fleet.network(sim);
  }

  /** Moves the device to network {@code network} with an attach at {@code at}. */
  public void moveTo(int network, long at, StepPlan plan) {
    fleet.setNetwork(sim, network);
    plan.attach(at, attachRequest());
  }

  /** What the SIM's own device presents when it attaches now. */
  public AttachRequest attachRequest() {
    return fleet.attachRequest(sim);
  }
}
