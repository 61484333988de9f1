package io.simwarden.core.detect;

import io.simwarden.core.id.Imei;
import io.simwarden.core.id.Plmn;
import io.simwarden.core.policy.SmsDestination;
import io.simwarden.core.traffic.UsageAccumulator;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The signalling detectors: SIGNALLING_STORM, LOCATION_JUMP and IMEI_CHANGE on an attach, SMS_SPIKE on an SMS,
 * each against the open window and, for quiet attacks, against about a day of the SIM's own {@link Trend}.
 */
final class SignallingDetectors extends DetectorFamily {

  static final double ATTACH_FLOOR = 8;
  static final double ATTACH_RATIO = 5;
  /** Attaches the open window needs before the day's attaches are judged (a device re-attaches about once). */
  static final int SLOW_STORM_WINDOW_ATTACHES = 3;
  static final double SMS_FLOOR = 10;
  static final double SMS_RATIO = 10;

  SignallingDetectors(int learningWindows, Duration usageWindow, DetectorSettings quiet) {
    super(learningWindows, usageWindow, quiet);
  }

  /**
   * Runs the attach detectors for an attach of an active SIM at {@code atMillis}, whatever the policy
   * made of it: a stolen SIM is as telling when its attach is refused. {@code accepted} when the attach
   * was accepted and counted in {@code window}; {@code plmnAllowed} whether the profile allows the network.
   */
  List<Finding> attach(WindowWatch w, Baseline b, UsageAccumulator window, long atMillis, boolean accepted,
      Imei imei, Plmn plmn, boolean plmnAllowed) {
    w.enter(window.windowOf(atMillis));
    if (!watching(b)) {
      return List.of();
    }
    List<Finding> found = List.of();
    if (accepted && !w.hasFired(AnomalyKind.SIGNALLING_STORM)) {
      double usual = b.expected(Metric.ATTACHES);
      double threshold = Math.max(ATTACH_FLOOR * floorScale, ATTACH_RATIO * usual);
      if (window.attaches() >= threshold) {
        found = fire(w, found, AnomalyKind.SIGNALLING_STORM, window.attaches() / threshold, String.format(
            Locale.ROOT, "%d attaches this window; threshold %.0f, usual at most %.1f per window",
            window.attaches(), threshold, usual));
      } else if (b.standing() == 0 && window.attaches() >= SLOW_STORM_WINDOW_ATTACHES) {
        // the window itself must be stormy: after a storm the day's count stays high for hours, and the
        // device's own next attach is no storm
        Trend trend = b.trend();
        double day = trend.recentAttaches(atMillis) + window.attaches();
        double days = days(b);
        double perDay = Trend.perDayBefore(trend.usualAttaches(atMillis), trend.recentAttaches(atMillis), days);
        double sd = b.sd(Metric.ATTACHES);
        double tail = Trend.dayTail(day, perDay, days, b.mean(Metric.ATTACHES), sd * sd);
        if (tail < quiet.alertTail()) {
          found = fire(w, found, AnomalyKind.SIGNALLING_STORM, tailScore(tail), String.format(Locale.ROOT,
              "about %.0f attaches in the last day (%d this window); usually %.1f a day over %.1f days watched: "
                  + "a chance of %.1g, threshold %.0g", day, window.attaches(), perDay, days, tail,
              quiet.alertTail()));
        }
      }
    }
    if (!w.hasFired(AnomalyKind.LOCATION_JUMP) && b.networks().length > 0 && !b.knowsNetwork(plmn)) {
      boolean otherZone = !b.knowsZone(plmn);
      if (otherZone || !plmnAllowed) {
        found = fire(w, found, AnomalyKind.LOCATION_JUMP, otherZone ? 2 : 1, "attach on network " + plmn
            + ", never seen" + (plmnAllowed ? "" : " and not allowed by the profile") + "; known networks "
            + b.describeNetworks() + (otherZone ? "; MCC zone " + plmn.mcc().charAt(0)
                + " (another continent) was never used" : ""));
      }
    }
    if (!w.hasFired(AnomalyKind.IMEI_CHANGE) && b.devices().length > 0 && !b.knowsDevice(imei)) {
      boolean sameModel = b.knowsModel(imei);
      found = fire(w, found, AnomalyKind.IMEI_CHANGE, sameModel ? 1 : 2, "device " + imei + " (TAC " + imei.tac()
          + ") is not a known device (IMEI bodies " + b.describeDevices() + "); " + (sameModel
              ? "another unit of a known model" : "another device model"));
    }
    return found;
  }

  /**
   * Runs the SMS detector for an SMS at {@code atMillis} already counted in {@code window}, sent to a number of
   * class {@code to} ({@code null} for one received). SMS_SPIKE fires on whichever comes first:
   * <ul>
   *   <li>the window's SMS at or above max(floor, {@value #SMS_RATIO} × usual);</li>
   *   <li>the day's SMS improbable (tail under {@code alert-tail}, {@link Trend#dayTail}) given the SIM's usual
   *       rate a day before the last day and the days it has been watched;</li>
   *   <li>for an SMS to a class pumping is paid by (international, premium-rate): the day's SMS to that class
   *       improbable given the rate the SIM's own learned mix gives it ({@link SmsBaseline#expected}) and the
   *       predictive tail of the SIM's own rate to that class ({@link Trend#predictiveTail}). A SIM that sends its
   *       SMS at home is found after a few SMS abroad; one whose SMS often go abroad is judged by its own rate
   *       there.</li>
   * </ul>
   * Counts and rates are divided by the SIM's own index of dispersion per window (SMS that come in bursts).
   */
  List<Finding> sms(WindowWatch w, Baseline b, UsageAccumulator window, long atMillis, SmsDestination to) {
    w.enter(window.windowOf(atMillis));
    if (!watchingTraffic(b) || w.hasFired(AnomalyKind.SMS_SPIKE)) {
      return List.of();
    }
    double usual = b.expected(Metric.SMS);
    double threshold = Math.max(SMS_FLOOR * floorScale, SMS_RATIO * usual);
    if (window.sms() >= threshold) {
      return fire(w, List.of(), AnomalyKind.SMS_SPIKE, window.sms() / threshold, String.format(Locale.ROOT,
          "%d SMS this window; threshold %.0f, usual at most %.1f per window", window.sms(), threshold, usual));
    }
    Trend trend = b.trend();
    double day = trend.recentSms(atMillis) + window.sms();
    // the usual before the last day, per day watched, with the uncertainty of the days watched: a SIM that
    // always texted is not a pump in its first days
    double days = days(b);
    double perDay = Trend.perDayBefore(trend.usualSms(atMillis), trend.recentSms(atMillis), days);
    double sd = b.sd(Metric.SMS);
    double tail = Trend.dayTail(day, perDay, days, b.mean(Metric.SMS), sd * sd);
    if (tail < quiet.alertTail()) {
      return fire(w, List.of(), AnomalyKind.SMS_SPIKE, tailScore(tail), String.format(Locale.ROOT,
          "about %.0f SMS in the last day (%d this window); usually %.1f a day over %.1f days watched: a chance "
              + "of %.1g, threshold %.0g", day, window.sms(), perDay, days, tail, quiet.alertTail()));
    }
    if (to == null || !to.pumpTarget()) {
      return List.of();
    }
    SmsBaseline mix = b.sms();
    double toClass = mix.recent(to, atMillis) + window.smsMo(to);
    double expected = SmsBaseline.expected(mix.usual(to, atMillis), mix.recent(to, atMillis),
        trend.usualSms(atMillis), trend.recentSms(atMillis), days);
    double dispersion = dispersion(b.mean(Metric.SMS), sd * sd);
    double classPerDay = Trend.perDayBefore(mix.usual(to, atMillis), mix.recent(to, atMillis), days);
    double classTail = SmsBaseline.tail(toClass, mix.usual(to, atMillis), mix.recent(to, atMillis),
        trend.usualSms(atMillis), trend.recentSms(atMillis), days, dispersion);
    if (classTail >= quiet.alertTail()) {
      return List.of();
    }
    return fire(w, List.of(), AnomalyKind.SMS_SPIKE, tailScore(classTail), String.format(Locale.ROOT,
        "about %.0f SMS to %s numbers in the last day (%d this window); this SIM usually sends %.1f SMS a day, "
            + "%.2f a day to %s numbers, so its mix expects %.2f: a chance of %.1g, threshold %.0g",
        toClass, to, window.smsMo(to), perDay, classPerDay, to, expected, classTail, quiet.alertTail()));
  }

  /** The index of dispersion of a count per window ({@code variance / mean}, at least 1). */
  private static double dispersion(double windowMean, double windowVariance) {
    return windowMean > 0 ? Math.max(1, windowVariance / windowMean) : 1;
  }
}
