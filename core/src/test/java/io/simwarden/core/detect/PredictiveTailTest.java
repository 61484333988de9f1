package io.simwarden.core.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The tails the day tests compare with {@code alert-tail}, against closed forms and direct sums. */
class PredictiveTailTest {

  @Test
  void oneEventSeenOverADayGivesAGeometricCount() {
    // r = 1: P(X >= k) = q^k with q = 1 / (exposure + 1)
    for (int k = 2; k <= 40; k += 7) {
      assertEquals(Math.pow(0.5, k), Trend.predictiveTail(k, 1, 1), Math.pow(0.5, k) * 1e-9);
    }
  }

  @Test
  void theTailIsTheNegativeBinomialsSummedDirectly() {
    double r = 7.3;
    double exposure = 1.7;
    double p = exposure / (exposure + 1);
    for (int k = 6; k <= 60; k += 9) {
      double cdf = 0;
      double term = Math.pow(p, r);
      for (int i = 0; i < k; i++) {
        cdf += term;
        term *= (i + r) / (i + 1) * (1 - p);
      }
      double expected = 1 - cdf;
      assertEquals(expected, Trend.predictiveTail(k, r, exposure), Math.max(1e-12, expected * 1e-6), "k=" + k);
    }
  }

  @Test
  void aRateSeenOverLongIsAlmostPoissonAndAFewDaysAreLessSure() {
    double poisson = Trend.poissonTail(30, 10);
    double weeks = Trend.predictiveTail(30, 10 * 1_000, 1_000);
    assertEquals(poisson, weeks, poisson * 0.05);
    double firstDays = Trend.predictiveTail(30, 10 * 1.5, 1.5);
    assertTrue(firstDays > 100 * poisson, firstDays + " vs " + poisson);
    assertEquals(1, Trend.predictiveTail(10, 10, 1));
    assertEquals(0, Trend.predictiveTail(10, 0, 1));
  }

  @Test
  void theExposureIsTheDaysBeforeTheLastAtFirstAndTwoWeeksAtMost() {
    assertEquals(0, Trend.exposureDays(0.5));
    assertEquals(1, Trend.exposureDays(2), 0.01);
    assertEquals(14, Trend.exposureDays(200), 1e-9);
  }

  @Test
  void aSimThatNeverHadTheEventIsJudgedByTheFloor() {
    // nothing before the last day: the Poisson tail at one a day, as before
    assertEquals(Trend.poissonTail(11, 1), Trend.dayTail(11, 0, 3, 0, 0));
    assertTrue(Trend.dayTail(11, 0, 3, 0, 0) < 1e-7);
  }

  @Test
  void logGammaMatchesFactorials() {
    double f = 1;
    for (int n = 1; n <= 25; n++) {
      f *= n;
      assertEquals(Math.log(f), Trend.logGamma(n + 1), 1e-10);
    }
    assertEquals(0.5 * Math.log(Math.PI), Trend.logGamma(0.5), 1e-10);
  }
}
