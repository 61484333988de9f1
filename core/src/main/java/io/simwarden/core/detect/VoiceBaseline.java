package io.simwarden.core.detect;

import io.simwarden.core.event.SimEvent.VoiceCallBlocked;
import io.simwarden.core.event.SimEvent.VoiceUsageRecorded;
import io.simwarden.core.policy.CallDestination;
import io.simwarden.core.traffic.CallUsage;

/**
 * What a SIM's voice calls usually are and what they were lately: part of {@link Baseline}, folded like it
 * from the SIM's own events, so it is durable, snapshotted and replayed identically. Six numbers and a bit
 * set, whatever the history.
 *
 * <p>The counters decay exponentially in event time, so "the last day" needs no list of calls. A recent
 * counter loses 1/e of its weight per day and each call adds 1: it reads about the calls of the last day.
 * A usual counter loses 1/e per week and each call adds 1/7: it reads about the calls per day over the
 * last week. Every call counts in the recent counters; only usage windows in which no detector fired and
 * that no response shaped teach the usual counters and the called classes. A slow attack therefore lifts
 * its recent counters seven times faster than the usual ones can follow, and it cannot talk its way into
 * the norm before it is seen.
 *
 * <p>Emergency calls never count: toll fraud cannot be paid by them, and a crash's eCall may stay open
 * long and be dialled again.
 *
 * @param at            event time (epoch ms) the counters were last brought forward to
 * @param recentCalls   call attempts, carried or refused, decaying by day
 * @param recentMinutes connected minutes, decaying by day
 * @param recentRefused attempts the network refused, decaying by day
 * @param usualCalls    carried calls per day over about a week of clean windows
 * @param usualMinutes  connected minutes per day, the same way
 * @param destinations  classes of number called in clean windows (bit per {@link CallDestination} ordinal)
 */
public record VoiceBaseline(long at, double recentCalls, double recentMinutes, double recentRefused,
    double usualCalls, double usualMinutes, int destinations) {

  public static final VoiceBaseline NONE = new VoiceBaseline(0, 0, 0, 0, 0, 0, 0);

  static final double DAY_MILLIS = 86_400_000.0;
  /** The usual counters' memory, in days. */
  static final double USUAL_DAYS = 7;

  // ---- folding --------------------------------------------------------------------------------

  /** Counts a usage window's calls; {@code learn} when the window may also teach what is usual. */
  public VoiceBaseline afterWindow(VoiceUsageRecorded e, boolean learn) {
    long t = e.at().toEpochMilli();
    long calls = 0;
    long seconds = 0;
    int called = destinations;
    for (CallUsage u : e.destinations()) {
      if (u.destination() != CallDestination.EMERGENCY) {
        calls += u.calls();
        seconds += u.seconds();
        called |= learn ? bit(u.destination()) : 0;
      }
    }
    double minutes = seconds / 60.0;
    double recent = decay(t, DAY_MILLIS);
    double usual = decay(t, USUAL_DAYS * DAY_MILLIS);
    return new VoiceBaseline(Math.max(at, t), recentCalls * recent + calls, recentMinutes * recent + minutes,
        recentRefused * recent, usualCalls * usual + (learn ? calls / USUAL_DAYS : 0),
        usualMinutes * usual + (learn ? minutes / USUAL_DAYS : 0), called);
  }

  /** Counts a refused call attempt. */
  public VoiceBaseline afterRefused(VoiceCallBlocked e) {
    if (e.destination() == CallDestination.EMERGENCY) {
      return this;
    }
    long t = e.at().toEpochMilli();
    double recent = decay(t, DAY_MILLIS);
    double usual = decay(t, USUAL_DAYS * DAY_MILLIS);
    return new VoiceBaseline(Math.max(at, t), recentCalls * recent + 1, recentMinutes * recent,
        recentRefused * recent + 1, usualCalls * usual, usualMinutes * usual, destinations);
  }

  // ---- queries at event time {@code t} (allocation-free) --------------------------------------

  public double recentCalls(long t) {
    return recentCalls * decay(t, DAY_MILLIS);
  }

  public double recentMinutes(long t) {
    return recentMinutes * decay(t, DAY_MILLIS);
  }

  public double recentRefused(long t) {
    return recentRefused * decay(t, DAY_MILLIS);
  }

  public double usualCalls(long t) {
    return usualCalls * decay(t, USUAL_DAYS * DAY_MILLIS);
  }

  public double usualMinutes(long t) {
    return usualMinutes * decay(t, USUAL_DAYS * DAY_MILLIS);
  }

  /** Whether the SIM called numbers of class {@code destination} in a clean window. */
  public boolean called(CallDestination destination) {
    return (destinations & bit(destination)) != 0;
  }

  /** StrictMath: a replay on another JVM must fold to the same numbers. */
  private double decay(long t, double timeConstantMillis) {
    return t <= at ? 1 : StrictMath.exp(-(t - at) / timeConstantMillis);
  }

  private static int bit(CallDestination d) {
    return 1 << d.ordinal();
  }
}
