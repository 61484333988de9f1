package io.simwarden.sim.clock;

import java.time.Duration;
import java.time.Instant;

/**
 * Simulated time: a start instant cut into equal steps of one report interval. Every command the
 * simulator sends carries a time from this clock; nothing reads the wall clock.
 *
 * @param start          the first instant of the run (UTC)
 * @param intervalMillis length of a step, the report interval
 * @param steps          number of steps; the run covers {@code [start, start + steps × interval)}
 */
public record VirtualClock(Instant start, long intervalMillis, int steps) {

  public static final long MINUTE = 60_000L;
  public static final long HOUR = 3_600_000L;
  public static final long DAY = 86_400_000L;

  public VirtualClock {
    if (intervalMillis <= 0 || steps <= 0) {
      throw new IllegalArgumentException("a clock needs a positive interval and at least one step");
    }
  }

  public static VirtualClock of(Instant start, Duration interval, Duration length) {
    long ms = interval.toMillis();
    return new VirtualClock(start, ms, (int) (length.toMillis() / ms));
  }

  public long startMillis() {
    return start.toEpochMilli();
  }

  /** Epoch milliseconds at which step {@code step} begins. */
  public long stepStart(int step) {
    return start.toEpochMilli() + step * intervalMillis;
  }

  /** Epoch milliseconds at which the run ends. */
  public long endMillis() {
    return stepStart(steps);
  }

  /** Milliseconds since the start of the run for the beginning of {@code step}. */
  public long offset(int step) {
    return step * intervalMillis;
  }

  /** The step containing the run offset {@code offsetMillis} (clamped to the run). */
  public int stepAt(long offsetMillis) {
    return (int) Math.max(0, Math.min(steps, Math.floorDiv(offsetMillis, intervalMillis)));
  }

  public int stepsPerHour() {
    return (int) Math.max(1, HOUR / intervalMillis);
  }

  /** Hour of the UTC day (0–23) at epoch milliseconds {@code atMillis}. */
  public static int hourOfDay(long atMillis) {
    return (int) (Math.floorMod(atMillis, DAY) / HOUR);
  }

  /** Minute of the UTC day (0–1439). */
  public static int minuteOfDay(long atMillis) {
    return (int) (Math.floorMod(atMillis, DAY) / MINUTE);
  }

  /** Days since 1970-01-01 (UTC). */
  public static long epochDay(long atMillis) {
    return Math.floorDiv(atMillis, DAY);
  }

  /** ISO day of week, 1 = Monday … 7 = Sunday. */
  public static int dayOfWeek(long atMillis) {
    return (int) Math.floorMod(epochDay(atMillis) + 3, 7L) + 1;
  }

  /** Human text for a run offset: {@code 14:05} or {@code 2d 14:05}. */
  public static String formatOffset(long offsetMillis) {
    long minutes = offsetMillis / MINUTE;
    long days = minutes / 1440;
    String hm = String.format("%02d:%02d", (minutes % 1440) / 60, minutes % 60);
    return days == 0 ? hm : days + "d " + hm;
  }
}
