package io.simwarden.core.detect;

import io.simwarden.core.event.SimEvent.SmsUsageRecorded;
import io.simwarden.core.policy.SmsDestination;
import io.simwarden.core.traffic.SmsUsage;

/**
 * Where a SIM's SMS usually go: part of {@link Baseline}, folded from its {@code SmsUsageRecorded} events, so it is
 * durable, snapshotted and replayed identically. Seven numbers whatever the history.
 *
 * <p>For each class SMS pumping is paid by ({@link SmsDestination#pumpTarget()}: international and premium-rate
 * numbers) a recent counter (loses 1/e a day: "about the last day") and a usual one (loses 1/e a week and gains a
 * seventh of a clean window's count: "per day over the last week"), as {@link Trend} counts all SMS. Learning is
 * guarded the same way: a window whose recent count of the class is already improbable (Poisson tail under
 * {@value Trend#SUSPICIOUS_TAIL} at the rate {@link #expected} gives it) teaches nothing, and a window teaches at most
 * max(1, {@value Trend#LEARN_CAP} × the usual count of a window).
 *
 * <p><b>The expected rate of a class</b> comes from the SIM's own mix, not from a constant: the SIM's usual SMS a
 * day so far (both ways, at least one, as for the count test) times its share of the class, estimated from the SMS
 * it learned over the usual counters' memory of {@value #USUAL_DAYS} days, the last day left out, with half an SMS
 * of prior (Krichevsky–Trofimov: {@code (n_class + 1/2) / (n + 1)}). A SIM that never sent an SMS gets half its floor; one
 * that sent ten domestic SMS a day for a week and never an international one gets 1/141 of its rate, so a few
 * international SMS in a day are already improbable; one whose SMS often go abroad gets about its own rate there.
 *
 * @param at                 event time (epoch ms) the counters were last brought forward to
 * @param recentInternational SMS-MO to international numbers, decaying by day
 * @param usualInternational  such SMS per day over about a week of clean windows
 * @param recentPremium       SMS-MO to premium-rate numbers, decaying by day
 * @param usualPremium        such SMS per day over about a week of clean windows
 * @param learnedInternational what the usual international counter was taught (before its division by seven),
 *                            decaying by day, as {@link Trend#learnedSms}
 * @param learnedPremium      the same for premium-rate numbers
 */
public record SmsBaseline(long at, double recentInternational, double usualInternational, double recentPremium,
    double usualPremium, double learnedInternational, double learnedPremium) {

  public static final SmsBaseline NONE = new SmsBaseline(0, 0, 0, 0, 0, 0, 0);

  static final double DAY_MILLIS = 86_400_000.0;
  static final double USUAL_DAYS = 7;
  /** The prior of the share estimate, in SMS (Krichevsky–Trofimov). */
  static final double PRIOR_SMS = 0.5;

  // ---- folding --------------------------------------------------------------------------------

  /**
   * Counts a usage window's SMS by class; {@code clean} when the window may also teach what is usual;
   * {@code usualSms} and {@code learnedSms} the SIM's usual SMS a day (both ways) and what its usual counter was
   * taught in about the last day ({@link Trend#learnedSms}), before the window, and
   * {@code days} how long the SIM has been watched ({@link Trend#perDayBefore}).
   */
  SmsBaseline afterWindow(SmsUsageRecorded e, boolean clean, double usualSms, double learnedSms, double days) {
    long t = e.at().toEpochMilli();
    long international = 0;
    long premium = 0;
    for (SmsUsage u : e.destinations()) {
      if (u.destination() == SmsDestination.INTERNATIONAL) {
        international += u.sms();
      } else if (u.destination() == SmsDestination.PREMIUM_RATE) {
        premium += u.sms();
      }
    }
    double recent = decay(t, DAY_MILLIS);
    double usual = decay(t, USUAL_DAYS * DAY_MILLIS);
    double rInt = recentInternational * recent + international;
    double rPrem = recentPremium * recent + premium;
    double uInt = usualInternational * usual;
    double uPrem = usualPremium * usual;
    double lInt = learnedInternational * recent;
    double lPrem = learnedPremium * recent;
    if (clean) {
      double intLearned = learnable(international, rInt, uInt, lInt, usualSms, learnedSms, days);
      double premLearned = learnable(premium, rPrem, uPrem, lPrem, usualSms, learnedSms, days);
      uInt += intLearned / USUAL_DAYS;
      uPrem += premLearned / USUAL_DAYS;
      lInt += intLearned;
      lPrem += premLearned;
    }
    return new SmsBaseline(Math.max(at, t), rInt, uInt, rPrem, uPrem, lInt, lPrem);
  }

  /**
   * As {@link Trend}'s guard: nothing when the class's day count is improbable at the rate {@link #expected} gives the
   * class, else at most {@value Trend#LEARN_CAP} windows' worth of the class's own rate before the last day (at least
   * one SMS), not of what its usual counter reads in the SIM's first days.
   */
  private static double learnable(long count, double recentCount, double usualPerDay, double learned,
      double usualSms, double learnedSms, double days) {
    if (days < Trend.LEARNING_DAYS) {
      return count;
    }
    double expected = Trend.rate(Trend.learnedBefore(usualSms, learnedSms, days))
        * share(usualPerDay, learned, usualSms, learnedSms);
    if (count == 0 || Trend.poissonTail(recentCount, expected) < Trend.SUSPICIOUS_TAIL) {
      return 0;
    }
    return Math.min(count, Math.max(1, Trend.LEARN_CAP * Trend.learnedBefore(usualPerDay, learned, days) / 24));
  }

  // ---- queries at event time {@code t} (allocation-free) --------------------------------------

  /** SMS-MO to numbers of class {@code c} in about the last day (0 for classes not counted). */
  public double recent(SmsDestination c, long t) {
    double r = c == SmsDestination.INTERNATIONAL ? recentInternational
        : c == SmsDestination.PREMIUM_RATE ? recentPremium : 0;
    return r * decay(t, DAY_MILLIS);
  }

  /** What the usual counter of class {@code c} was taught in about the last day (0 for classes not counted). */
  public double learned(SmsDestination c, long t) {
    double l = c == SmsDestination.INTERNATIONAL ? learnedInternational
        : c == SmsDestination.PREMIUM_RATE ? learnedPremium : 0;
    return l * decay(t, DAY_MILLIS);
  }

  /** SMS-MO to numbers of class {@code c} per day over about the last week of clean windows. */
  public double usual(SmsDestination c, long t) {
    double u = c == SmsDestination.INTERNATIONAL ? usualInternational
        : c == SmsDestination.PREMIUM_RATE ? usualPremium : 0;
    return u * decay(t, USUAL_DAYS * DAY_MILLIS);
  }

  /**
   * The expected SMS a day to class {@code c}, from the SIM's usual SMS a day (both ways), what its usual counter
   * was taught in about the last day, and its learned mix, watched for {@code days}.
   */
  public double expected(SmsDestination c, long t, double usualSms, double learnedSms, double days) {
    return expected(usual(c, t), learned(c, t), usualSms, learnedSms, days);
  }

  /**
   * {@code max(1, perDayBefore) × (n_class + 1/2) / (n + 1)}: the SIM's usual SMS a day before the last (at least one)
   * times its smoothed share of the class (at most all of it). The share is counted over the days before the last
   * one: {@code n = 7 × (usualSms - learnedSms / 7)} SMS and {@code n_class} the same way, since the usual counters
   * gain a seventh of what the last day taught them. The last day is thus judged against the days before it; otherwise
   * a pump of one SMS an hour to a new class would teach itself faster than its own count grows improbable.
   */
  static double expected(double usualClass, double learnedClass, double usualSms, double learnedSms,
      double days) {
    return Trend.rate(Trend.perDayBefore(usualSms, learnedSms, days)) * share(usualClass, learnedClass, usualSms,
        learnedSms);
  }

  /** The smoothed share of the class over the days before the last one, {@code (n_class + 1/2) / (n + 1)}. */
  private static double share(double usualClass, double lastDayClass, double usualSms, double lastDaySms) {
    double n = USUAL_DAYS * Math.max(0, usualSms - lastDaySms / USUAL_DAYS);
    double nClass = USUAL_DAYS * Math.max(0, usualClass - lastDayClass / USUAL_DAYS);
    return Math.min(1, (nClass + PRIOR_SMS) / (n + 2 * PRIOR_SMS));
  }

  /**
   * P(the day's SMS to a class ≥ {@code count}), {@code usualClass} and {@code learnedClass} the class's usual
   * counter and what it was taught in about the last day, {@code usualSms} and {@code learnedSms} the SIM's (both ways), watched for {@code days}, count and rates divided
   * by {@code dispersion}. The larger of two tails, so a day is improbable only when both say so: the Poisson tail
   * at the rate the SIM's mix gives the class ({@link #expected}: it holds the floor of one SMS a day and the half
   * SMS of prior, so a SIM that never texted the class is judged as before), and the predictive tail of the
   * class's own rate before the last day ({@link Trend#predictiveTail}: its SMS there, seen over
   * {@link Trend#exposureDays} days), so that a SIM whose SMS went abroad from its first hour is not judged by a
   * point estimate from a day or two.
   */
  static double tail(double count, double usualClass, double learnedClass, double usualSms, double learnedSms,
      double days, double dispersion) {
    double exposure = Trend.exposureDays(days);
    double classPerDay = Trend.perDayBefore(usualClass, learnedClass, days);
    return Math.max(Trend.poissonTail(count / dispersion,
        expected(usualClass, learnedClass, usualSms, learnedSms, days) / dispersion),
        Trend.predictiveTail(count / dispersion, classPerDay * exposure / dispersion, exposure));
  }

  /** StrictMath: a replay on another JVM must fold to the same numbers. */
  private double decay(long t, double timeConstantMillis) {
    return t <= at ? 1 : StrictMath.exp(-(t - at) / timeConstantMillis);
  }
}
