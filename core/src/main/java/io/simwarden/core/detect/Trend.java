package io.simwarden.core.detect;

import io.simwarden.core.event.SimEvent.UsageRecorded;
import java.util.Arrays;

/**
 * What a SIM did over the last days, for the detectors of quiet attacks: part of {@link Baseline}, folded
 * from the SIM's own {@code UsageRecorded} events, so it is durable, snapshotted and replayed identically.
 * Twelve numbers and 24 floats whatever the history (about 195 bytes).
 *
 * <p><b>Slow counters.</b> SMS, accepted attaches, flows refused by policy and bytes to never-seen destinations are counted like
 * {@link VoiceBaseline}'s calls: a recent counter that loses 1/e of its weight per day (it reads "about the
 * last day") and a usual counter that loses 1/e per week and gains a seventh of each clean window's count (it
 * reads "per day, over the last week"). A pump at a few SMS an hour, or a trickle to a new server, adds up
 * in the recent counter within hours while the usual one can follow only a seventh as fast.
 *
 * <p><b>Guarded learning.</b> The usual counters learn only from windows that are not suspicious: a window
 * whose recent count already has a Poisson tail probability under {@value #SUSPICIOUS_TAIL} given the usual rate
 * a day before the last day of what the counter learned ({@link #learnedBefore}, at least one) teaches nothing, and
 * whatever a window teaches is capped at {@value #LEARN_CAP} windows' worth of that rate (at least one event). An
 * attacker under the alert threshold can therefore raise what is usual by at most a small step a window, never
 * tenfold. The windows of the learning period ({@link #LEARNING_DAYS}) teach all they count.
 *
 * <p><b>Day parts.</b> The uplink volume is learned per 4-hour part of the (UTC) day, as the mean and
 * variance of its logarithm, so that a night is judged against nights. Each part keeps a one-sided CUSUM of
 * the standardised excess (an excess under {@value #DRIFT_MIN_EXCESS} bytes counts as none): {@code S = max(0, S + min(z, Z_CAP) - K)}. It grows while the part's windows stay
 * above what that part usually carries, across nights, and falls back when they do not. A window teaches its
 * part at most {@value #GUARD_SIGMAS} σ above the part's usual, so that the usual follows a lasting change
 * (a new schedule) within days, not within the hours a drift needs to be seen.
 *
 * @param at            event time (epoch ms) the counters were last brought forward to
 * @param recentSms     SMS both ways, decaying by day
 * @param usualSms      SMS per day over about a week of clean windows
 * @param recentBlocked flows refused by the firewall or the private network, decaying by day
 * @param usualBlocked  refused flows per day, the same way
 * @param recentNovel   bytes to destinations never seen (endpoints of at least {@value #NOVEL_ENDPOINT_BYTES}
 *                      bytes a window), decaying by day
 * @param usualNovel    such bytes per day over about a week of clean windows
 * @param recentAttaches accepted attaches, decaying by day
 * @param usualAttaches  attaches per day over about a week of clean windows
 * @param parts         per day part: windows learned, mean and variance of ln(1 + uplink bytes), CUSUM
 *                      (empty before the first window)
 * @param learnedSms    what the usual SMS counter was taught (before its division by seven), decaying by day:
 *                      the part of the usual counter the last day filled ({@link #perDayBefore}); 0 in a snapshot
 *                      taken before it existed, which then reads the last day as a day before it until it is past
 * @param learnedBlocked  the same for refused flows
 * @param learnedAttaches the same for attaches
 */
public record Trend(long at, double recentSms, double usualSms, double recentBlocked, double usualBlocked,
    double recentNovel, double usualNovel, double recentAttaches, double usualAttaches, float[] parts,
    double learnedSms, double learnedBlocked, double learnedAttaches) {

  public static final Trend NONE = new Trend(0, 0, 0, 0, 0, 0, 0, 0, 0, new float[0], 0, 0, 0);

  static final double DAY_MILLIS = 86_400_000.0;
  static final double USUAL_DAYS = 7;
  /** Day parts of four hours: night 00–04, early 04–08, morning, afternoon, evening, late evening. */
  public static final int PARTS = 6;
  private static final int PART_FIELDS = 4;
  /** Windows a day part learns at 1/n before it settles to a weight of 1/{@value #PART_MEMORY}. */
  static final int PART_MEMORY = 16;
  /** Tail probability of the day's count under which a window is not learned (the alert threshold is far lower). */
  static final double SUSPICIOUS_TAIL = 1e-3;
  /**
   * The learning period, in days, during which every window teaches all it counted: {@link Baseline}'s windows
   * learned freely before learning is guarded (the detectors do not run yet, so there is no threshold to protect).
   * Capping a SIM's first windows by the one event a window that a SIM with no history is allowed left a SIM that
   * texts from its first hour with a usual counter under its own rate before any detector ran.
   */
  static final double LEARNING_DAYS = Baseline.GUARDED_AFTER / 24.0;
  /**
   * A window teaches at most this many windows' worth of the rate before the last day (at least one event): a
   * window of a SIM with no history teaches one event, so a pump's first window cannot set its own usual.
   */
  static final double LEARN_CAP = 4;
  /** An endpoint never seen carrying at least this much in a window counts as a new destination's traffic. */
  static final long NOVEL_ENDPOINT_BYTES = 16_000;
  /**
   * Windows a day part learns freely (two days): a part that spans a device's morning holds two levels
   * (night and day), and its variance must learn that before windows are capped.
   */
  static final int SETTLED_PART_WINDOWS = 8;
  /** A window teaches its day part at most this many σ over the part's usual. */
  static final double GUARD_SIGMAS = 2;
  /** The CUSUM's allowance: excess under K σ a window is noise and pulls the sum back to 0. */
  static final double K = 0.5;
  /** One window adds at most this many σ: a single burst is the volume detector's, not a drift. */
  static final double Z_CAP = 4;
  /**
   * A window adds to the CUSUM only when it carries at least this many bytes over its part's usual: under
   * it, a parked car's rare night drive or a meter's extra reading would be a drift of many σ but no threat.
   */
  static final double DRIFT_MIN_EXCESS = 50_000;
  /** The spread of ln(volume) never counts as less than this (a 15 % wobble is ordinary). */
  static final double MIN_LOG_SD = 0.15;

  public Trend {
    parts = parts == null ? NONE_PARTS : parts;
  }

  private static final float[] NONE_PARTS = new float[0];

  // ---- folding --------------------------------------------------------------------------------

  /**
   * Counts a closed usage window (of an hour: the caps assume 24 windows a day, and are stricter for longer
   * ones). {@code clean} when no detector fired and no response shaped it;
   * {@code blocked} the window's refused flows; {@code novelBytes} its bytes to destinations never seen;
   * {@code days} how long the SIM has been watched before the window.
   */
  Trend afterWindow(UsageRecorded e, boolean clean, long blocked, long novelBytes, double days) {
    long t = e.at().toEpochMilli();
    double recent = decay(t, DAY_MILLIS);
    double usual = decay(t, USUAL_DAYS * DAY_MILLIS);
    long sms = e.smsMo() + e.smsMt();
    double rSms = recentSms * recent + sms;
    double rBlocked = recentBlocked * recent + blocked;
    double rNovel = recentNovel * recent + novelBytes;
    double rAttaches = recentAttaches * recent + e.attaches();
    double uAttaches = usualAttaches * usual;
    double uSms = usualSms * usual;
    double uBlocked = usualBlocked * usual;
    double uNovel = usualNovel * usual;
    double lSms = learnedSms * recent;
    double lBlocked = learnedBlocked * recent;
    double lAttaches = learnedAttaches * recent;
    if (clean) {
      double sLearned = learnable(sms, rSms, uSms, lSms, days);
      double bLearned = learnable(blocked, rBlocked, uBlocked, lBlocked, days);
      double aLearned = learnable(e.attaches(), rAttaches, uAttaches, lAttaches, days);
      uSms += sLearned / USUAL_DAYS;
      uBlocked += bLearned / USUAL_DAYS;
      uAttaches += aLearned / USUAL_DAYS;
      lSms += sLearned;
      lBlocked += bLearned;
      lAttaches += aLearned;
      uNovel += Math.min(novelBytes, Math.max(NOVEL_ENDPOINT_BYTES, LEARN_CAP * uNovel / 24)) / USUAL_DAYS;
    }
    float[] p = withPart(e, clean);
    return new Trend(Math.max(at, t), rSms, uSms, rBlocked, uBlocked, rNovel, uNovel, rAttaches, uAttaches, p,
        lSms, lBlocked, lAttaches);
  }

  /**
   * What a window's {@code count} may teach: nothing when suspicious (the day's count {@code recentCount} has a
   * Poisson tail under {@value #SUSPICIOUS_TAIL} given the usual a day before the last day, at least one, as the
   * detectors saw it before the window), else at most {@value #LEARN_CAP} windows' worth of that same rate (at least
   * one event). Judged and capped by the rate before the last day, not by what the usual counter reads: in a SIM's
   * first days the counter reads a fraction of the SIM's rate, and a cap taken from it taught a SIM that texts
   * twelve times a day one SMS a window. {@code learned} is what the usual counter was taught in about the last day,
   * taken off it for the rate before the last day: what a window could not teach is never taken off what the days
   * before taught (taking off the whole recent count did, the rate before the last day then read 0 and the guard
   * stopped the SIM's learning for good). No predictive tail here: with the few events a pump's first windows leave
   * "before the last day" it would let a pump teach itself.
   */
  static double learnable(long count, double recentCount, double usualPerDay, double learned, double days) {
    if (days < LEARNING_DAYS) {
      return count;
    }
    double perDay = learnedBefore(usualPerDay, learned, days);
    if (count == 0 || poissonTail(recentCount, rate(perDay)) < SUSPICIOUS_TAIL) {
      return 0;
    }
    return Math.min(count, Math.max(1, LEARN_CAP * perDay / 24));
  }

  /** The day parts after a window: its part's CUSUM always moves; mean and variance learn when {@code clean}. */
  private float[] withPart(UsageRecorded e, boolean clean) {
    float[] p = parts.length == 0 ? new float[PARTS * PART_FIELDS] : parts.clone();
    int o = part(e.windowStart().toEpochMilli()) * PART_FIELDS;
    double x = Math.log1p(e.uplinkBytes());
    int n = (int) p[o];
    if (n >= 2) {
      double sd = Math.max(MIN_LOG_SD, Math.sqrt(p[o + 2]));
      double z = (x - p[o + 1]) / sd;
      if (z > 0 && e.uplinkBytes() - Math.expm1(p[o + 1]) < DRIFT_MIN_EXCESS) {
        z = 0;
      }
      p[o + 3] = (float) Math.max(0, p[o + 3] + Math.min(z, Z_CAP) - K);
      if (n >= SETTLED_PART_WINDOWS) {
        x = Math.min(x, p[o + 1] + GUARD_SIGMAS * sd);
      }
    }
    if (!clean) {
      return p;
    }
    double a = Math.max(1.0 / (n + 1), 1.0 / PART_MEMORY);
    double d = x - p[o + 1];
    p[o] = Math.min(n + 1, 1_000_000);
    p[o + 1] = (float) (p[o + 1] + a * d);
    p[o + 2] = n == 0 ? 0 : (float) ((1 - a) * (p[o + 2] + a * d * d));
    return p;
  }

  // ---- queries at event time {@code t} (allocation-free) --------------------------------------

  public double recentSms(long t) {
    return recentSms * decay(t, DAY_MILLIS);
  }

  /** What the usual SMS counter was taught in about the last day (events, decaying by day). */
  public double learnedSms(long t) {
    return learnedSms * decay(t, DAY_MILLIS);
  }

  /** What the usual refused-flow counter was taught in about the last day. */
  public double learnedBlocked(long t) {
    return learnedBlocked * decay(t, DAY_MILLIS);
  }

  /** What the usual attach counter was taught in about the last day. */
  public double learnedAttaches(long t) {
    return learnedAttaches * decay(t, DAY_MILLIS);
  }

  public double usualSms(long t) {
    return usualSms * decay(t, USUAL_DAYS * DAY_MILLIS);
  }

  public double recentBlocked(long t) {
    return recentBlocked * decay(t, DAY_MILLIS);
  }

  public double usualBlocked(long t) {
    return usualBlocked * decay(t, USUAL_DAYS * DAY_MILLIS);
  }

  public double recentAttaches(long t) {
    return recentAttaches * decay(t, DAY_MILLIS);
  }

  public double usualAttaches(long t) {
    return usualAttaches * decay(t, USUAL_DAYS * DAY_MILLIS);
  }

  public double recentNovel(long t) {
    return recentNovel * decay(t, DAY_MILLIS);
  }

  public double usualNovel(long t) {
    return usualNovel * decay(t, USUAL_DAYS * DAY_MILLIS);
  }

  /** Windows the day part of {@code t} has learned. */
  public int partWindows(long t) {
    return parts.length == 0 ? 0 : (int) parts[part(t) * PART_FIELDS];
  }

  /** The CUSUM of the day part of {@code t}, in σ of that part. */
  public double drift(long t) {
    return parts.length == 0 ? 0 : parts[part(t) * PART_FIELDS + 3];
  }

  /** The usual uplink of a window in the day part of {@code t} (geometric mean). */
  public double partUplink(long t) {
    return parts.length == 0 ? 0 : Math.expm1(parts[part(t) * PART_FIELDS + 1]);
  }

  /** The day part (0..{@value #PARTS}-1) of epoch-millisecond {@code t}, in UTC. */
  static int part(long t) {
    return (int) (Math.floorMod(t, (long) DAY_MILLIS) / (4 * 3_600_000L));
  }

  /**
   * The usual rate per day used for a Poisson test: never under one a day, so that a SIM that never sent
   * an SMS is not alarmed by its first few.
   */
  static double rate(double usualPerDay) {
    return Math.max(1, usualPerDay);
  }

  /**
   * The usual rate a day before the last day, from a usual counter that gains a seventh of what each window teaches:
   * what it held before the last day ({@code usual - learned / 7}, {@code learned} what it was taught in about the
   * last day) divided by the share of its
   * {@value #USUAL_DAYS}-day memory the days before the last filled ({@code 1 - e^(-(days - 1) / 7)}, {@code days}
   * the SIM has been watched). Until a SIM has been watched for weeks its usual counter reads a fraction of its
   * rate; leaving the last day out keeps a pump or a storm from raising its own expectation.
   */
  static double perDayBefore(double usual, double learned, double days) {
    double before = Math.max(0, usual - learned / USUAL_DAYS);
    return before == 0 ? 0 : before / Math.max(1e-3, -StrictMath.expm1(-Math.max(0, days - 1) / USUAL_DAYS));
  }

  /**
   * The rate a day before the last day that the usual counter's learning is guarded by: what it was taught before the
   * last day ({@code usual - learned / 7}) divided by what that difference reads for one event a day taught at every
   * moment of the {@code days} watched, {@code (1 - e^(-days/7)) - (1 - e^(-days)) / 7}. The recent counter forgets
   * by the day, not at a day's end, so that is the exact share and not a day-long cut; in a SIM's first day it is
   * small but not zero, where the detectors' {@link #perDayBefore} holds no day before the last at all and reads a
   * rate a thousand times what the counters hold. Guarding by that let a pump starting in a SIM's first day teach
   * itself; with the exact share the first day is judged by what its first hours taught.
   */
  static double learnedBefore(double usual, double learned, double days) {
    double before = Math.max(0, usual - learned / USUAL_DAYS);
    double d = Math.max(0, days);
    double share = -StrictMath.expm1(-d / USUAL_DAYS) + StrictMath.expm1(-d) / USUAL_DAYS;
    return before == 0 || share <= 0 ? 0 : before / share;
  }

  /**
   * The days of evidence a usual counter's rate before the last day rests on, {@code days} after the SIM was first
   * watched: the effective exposure of its exponential weights over the {@code days - 1} days before the last,
   * {@code (Σw)² / Σw²} = {@code 14 · tanh((days - 1) / 14)}. About the days watched in a SIM's first days; two
   * weeks at most, since the counter forgets with a time constant of a week.
   */
  static double exposureDays(double days) {
    return 2 * USUAL_DAYS * StrictMath.tanh(Math.max(0, days - 1) / (2 * USUAL_DAYS));
  }

  /**
   * P(a day's count ≥ {@code n}) given a usual rate a day before the last day of {@code perDay}, estimated over the
   * {@code days} the SIM has been watched, for counts that come in bursts (count and rates divided by the SIM's own
   * index of dispersion per window, {@code variance / mean}, at least 1). The larger of two tails, so a day is
   * improbable only when both say so:
   * <ul>
   *   <li>the Poisson tail at {@code max(1, perDay)} ({@link #rate}): a SIM is never judged against less than one a
   *       day;</li>
   *   <li>the predictive tail of the SIM's own rate ({@link #predictiveTail}): the {@code perDay × exposure} events
   *       it rests on, seen over {@link #exposureDays} days. A rate estimated from a few SMS in a SIM's first day
   *       or two is uncertain, and a Poisson test with the point estimate would be too sure of it.</li>
   * </ul>
   * In a SIM's first day there is no day before the last: a SIM that had none of these events is judged by the
   * floor, one that had some is not judged over the day (the per-window rules still are).
   */
  static double dayTail(double n, double perDay, double days, double windowMean, double windowVariance) {
    double dispersion = windowMean > 0 ? Math.max(1, windowVariance / windowMean) : 1;
    double exposure = exposureDays(days);
    return Math.max(poissonTail(n / dispersion, rate(perDay) / dispersion),
        predictiveTail(n / dispersion, perDay * exposure / dispersion, exposure));
  }

  /**
   * P(X ≥ n) for the count X of the next day, {@code events} having been seen over {@code exposure} days, for a
   * real {@code n} (rounded down): the posterior predictive of a Poisson count whose rate has the posterior
   * Gamma(events, exposure) (the prior Gamma(ε, ε), ε → 0, adds nothing to what was seen), i.e. a negative
   * binomial with {@code r = events}, {@code p = exposure / (exposure + 1)}: mean {@code events / exposure},
   * variance the mean × {@code (1 + 1 / exposure)}. 1 when n is at most the mean; 0 when nothing was seen (the
   * floor's Poisson tail then judges alone). Deterministic (StrictMath) and allocation-free: the sum stops once its
   * terms no longer matter, and after at most {@value #MAX_TERMS} terms bounds the rest by a geometric series.
   */
  static double predictiveTail(double n, double events, double exposure) {
    if (!(events > 0 && exposure > 0)) {
      return 0;
    }
    long k = (long) Math.floor(n);
    if (k <= events / exposure) {
      return 1;
    }
    double q = 1 / (exposure + 1);
    double logTerm = logGamma(k + events) - logGamma(events) - logGamma(k + 1.0)
        + events * StrictMath.log(exposure * q) + k * StrictMath.log(q);
    double term = StrictMath.exp(logTerm);
    double sum = 0;
    double ratio = q;
    for (long i = k; i < k + MAX_TERMS && term > sum * 1e-12; i++) {
      sum += term;
      ratio = (i + events) / (i + 1) * q;
      term *= ratio;
    }
    if (term > sum * 1e-12) {
      double r = Math.max(ratio, q);
      sum += term * r / (1 - r);
    }
    return Math.min(1, sum);
  }

  /** Terms {@link #predictiveTail} sums before it bounds the rest. */
  static final int MAX_TERMS = 10_000;

  /** ln Γ(x) for x > 0: Stirling's series after shifting x to at least 10 (error under 1e-12). */
  static double logGamma(double x) {
    double shift = 0;
    while (x < 10) {
      shift += StrictMath.log(x);
      x += 1;
    }
    double inv = 1 / x;
    double inv2 = inv * inv;
    return (x - 0.5) * StrictMath.log(x) - x + 0.5 * StrictMath.log(2 * Math.PI)
        + inv * (1.0 / 12 - inv2 * (1.0 / 360 - inv2 * (1.0 / 1260 - inv2 / 1680))) - shift;
  }

  /**
   * P(X ≥ n) for X ~ Poisson(λ), for a real {@code n} (rounded down); 1 when n ≤ λ. Deterministic
   * (StrictMath) and allocation-free: the sum runs over at most a few hundred terms and stops once they
   * no longer matter.
   */
  static double poissonTail(double n, double lambda) {
    long k = (long) Math.floor(n);
    if (k <= lambda) {
      return 1;
    }
    double logTerm = -lambda + k * StrictMath.log(lambda) - logFactorial(k);
    double term = StrictMath.exp(logTerm);
    double sum = 0;
    for (long i = k; i < k + 1_000 && term > sum * 1e-12; i++) {
      sum += term;
      term *= lambda / (i + 1);
    }
    return Math.min(1, sum);
  }

  private static double logFactorial(long k) {
    if (k < 20) {
      double f = 1;
      for (long i = 2; i <= k; i++) {
        f *= i;
      }
      return StrictMath.log(f);
    }
    double x = k + 1;
    return (x - 0.5) * StrictMath.log(x) - x + 0.5 * StrictMath.log(2 * Math.PI) + 1 / (12 * x);
  }

  /** StrictMath: a replay on another JVM must fold to the same numbers. */
  private double decay(long t, double timeConstantMillis) {
    return t <= at ? 1 : StrictMath.exp(-(t - at) / timeConstantMillis);
  }

  // ---- value semantics over arrays --------------------------------------------------------------

  @Override
  public boolean equals(Object o) {
    return o instanceof Trend x && at == x.at && recentSms == x.recentSms && usualSms == x.usualSms
        && recentBlocked == x.recentBlocked && usualBlocked == x.usualBlocked && recentNovel == x.recentNovel
        && usualNovel == x.usualNovel && recentAttaches == x.recentAttaches && usualAttaches == x.usualAttaches
        && Arrays.equals(parts, x.parts) && learnedSms == x.learnedSms && learnedBlocked == x.learnedBlocked
        && learnedAttaches == x.learnedAttaches;
  }

  @Override
  public int hashCode() {
    int h = Long.hashCode(at);
    h = 31 * h + Double.hashCode(recentSms + 3 * usualSms + 7 * recentBlocked + 11 * usualBlocked);
    h = 31 * h + Double.hashCode(recentNovel + 13 * usualNovel + 17 * recentAttaches + 19 * usualAttaches);
    h = 31 * h + Double.hashCode(learnedSms + 23 * learnedBlocked + 29 * learnedAttaches);
    return 31 * h + Arrays.hashCode(parts);
  }

  @Override
  public String toString() {
    return "Trend[at=" + at + ", sms=" + recentSms + "/" + usualSms + ", blocked=" + recentBlocked + "/"
        + usualBlocked + ", novel=" + recentNovel + "/" + usualNovel + ", attaches=" + recentAttaches + "/"
        + usualAttaches + ", learned=" + learnedSms + "/" + learnedBlocked + "/" + learnedAttaches + ", parts="
        + Arrays.toString(parts) + "]";
  }
}
