package io.simwarden.sim.driver;

import java.time.Duration;

/**
 * When the driver sends a command again that got no answer (an ask timeout: the journal stalled, its circuit
 * breaker was open, the entity was restarting after a failed write), and when it gives up.
 *
 * <p>Back-off doubles from {@code minBackoff} up to {@code maxBackoff}; each delay is spread by up to
 * {@code jitter} (a share, 0-1) to either side, drawn from the run's seed, the SIM and the attempt, so that
 * a run waits the same way every time and SIMs that failed together do not come back together. A command
 * that has failed for longer than {@code outageLimit} since its first failure ends the run: the journal has
 * stayed unreachable longer than the run is willing to wait. Pure: no clock, no threads.
 */
public record RetryPolicy(Duration minBackoff, Duration maxBackoff, double jitter, Duration outageLimit, long seed) {

  /** 0.5 s doubling to 10 s, ±20 %, for at most two minutes of outage. */
  public static final RetryPolicy DEFAULT = new RetryPolicy(Duration.ofMillis(500), Duration.ofSeconds(10), 0.2,
      Duration.ofMinutes(2), 1);

  public RetryPolicy {
    if (minBackoff.isNegative() || minBackoff.isZero() || maxBackoff.compareTo(minBackoff) < 0) {
      throw new IllegalArgumentException("back-off must be positive and max >= min, got " + minBackoff + " .. "
          + maxBackoff);
    }
    if (!(jitter >= 0 && jitter < 1)) {
      throw new IllegalArgumentException("jitter must be in [0, 1), got " + jitter);
    }
    if (outageLimit.isNegative() || outageLimit.isZero()) {
      throw new IllegalArgumentException("the outage limit must be positive, got " + outageLimit);
    }
  }

  /** The same policy for another run's seed. */
  public RetryPolicy withSeed(long runSeed) {
    return new RetryPolicy(minBackoff, maxBackoff, jitter, outageLimit, runSeed);
  }

  /** The same policy with another outage limit. */
  public RetryPolicy withOutageLimit(Duration limit) {
    return new RetryPolicy(minBackoff, maxBackoff, jitter, limit, seed);
  }

  /**
   * How long to wait before attempt {@code attempt} (1 = the first retry) of a command to SIM {@code sim}:
   * {@code min × 2^(attempt-1)}, capped at {@code max}, times a factor in {@code [1 - jitter, 1 + jitter]}.
   */
  public Duration delay(int sim, int attempt) {
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt must be at least 1, got " + attempt);
    }
    long min = minBackoff.toMillis();
    long max = maxBackoff.toMillis();
    long base = min;
    for (int i = 1; i < attempt && base < max; i++) {
      base = base > max / 2 ? max : base * 2;
    }
    base = Math.min(base, max);
    double u = unit(mix(seed, sim, attempt));
    double factor = 1 + jitter * (2 * u - 1);
    return Duration.ofMillis(Math.max(1, Math.round(base * factor)));
  }

  /** Whether a command failing since {@code failingFor} has outlasted the limit: the run then ends. */
  public boolean outageExceeded(Duration failingFor) {
    return failingFor.compareTo(outageLimit) > 0;
  }

  /** SplitMix64 over the three inputs: a fixed, well-spread 64-bit value. */
  static long mix(long seed, int sim, int attempt) {
    long z = seed * 0x9E3779B97F4A7C15L + sim * 0xBF58476D1CE4E5B9L + attempt * 0x94D049BB133111EBL;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** A value in [0, 1) from the top 53 bits. */
  static double unit(long bits) {
    return (bits >>> 11) * 0x1.0p-53;
  }
}
