package io.simwarden.loadtest.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PromTextTest {

  private static String scrape(long b1, long b2, long b3, long inf) {
    return """
        # HELP simwarden_projection_lag_seconds time from an event's write until a projection handled it
        # TYPE simwarden_projection_lag_seconds histogram
        simwarden_projection_lag_seconds_bucket{projection="fleet-summary",le="1.0"} %d
        simwarden_projection_lag_seconds_bucket{projection="fleet-summary",le="2.0"} %d
        simwarden_projection_lag_seconds_bucket{projection="fleet-summary",le="5.0"} %d
        simwarden_projection_lag_seconds_bucket{projection="fleet-summary",le="+Inf"} %d
        simwarden_projection_lag_seconds_count{projection="fleet-summary"} %d
        simwarden_projection_lag_seconds_sum{projection="fleet-summary"} 12.5
        simwarden_projection_lag_last_seconds{projection="alerts-by-org"} 2.5
        simwarden_projection_lag_last_seconds{projection="fleet-summary"} 1.25
        jvm_threads_current 42
        """.formatted(b1, b2, b3, inf, inf);
  }

  @Test
  void readsGaugesByLabel() {
    PromText text = PromText.parse(scrape(0, 0, 0, 0));
    assertEquals(2.5, text.value("simwarden_projection_lag_last_seconds", "projection", "alerts-by-org"));
    assertEquals(2, text.values("simwarden_projection_lag_last_seconds", "projection").size());
    assertTrue(Double.isNaN(text.value("simwarden_projection_lag_last_seconds", "projection", "chain-heads")));
  }

  @Test
  void quantileInterpolatesInsideTheBucketLikeHistogramQuantile() {
    // 100 observations: 50 up to 1 s, 40 in (1, 2], 10 in (2, 5].
    PromText.Histogram h = PromText.parse(scrape(50, 90, 100, 100))
        .histogram("simwarden_projection_lag_seconds", "projection", "fleet-summary");
    assertEquals(100, h.count());
    assertEquals(0.5, h.quantile(0.25), 1e-9);
    assertEquals(1.5, h.quantile(0.70), 1e-9);
    // rank 99 lies 9/10 into (2, 5].
    assertEquals(4.7, h.quantile(0.99), 1e-9);
  }

  @Test
  void theDifferenceOfTwoScrapesHoldsOnlyTheObservationsBetweenThem() {
    PromText.Histogram before = PromText.parse(scrape(50, 90, 100, 100))
        .histogram("simwarden_projection_lag_seconds", "projection", "fleet-summary");
    PromText.Histogram after = PromText.parse(scrape(50, 90, 100, 120))
        .histogram("simwarden_projection_lag_seconds", "projection", "fleet-summary");
    PromText.Histogram between = after.minus(before);
    assertEquals(20, between.count());
    // Every new observation is beyond the last finite bound: the estimate is that bound.
    assertEquals(5.0, between.quantile(0.99), 1e-9);
    assertEquals(120, between.plus(before).count(), 1e-9);
  }

  @Test
  void anAbsentSeriesIsAnEmptyHistogram() {
    PromText.Histogram h = PromText.parse(scrape(1, 1, 1, 1))
        .histogram("simwarden_projection_lag_seconds", "projection", "chain-heads");
    assertEquals(0, h.count());
    assertTrue(Double.isNaN(h.quantile(0.99)));
    assertEquals(4, PromText.parse(scrape(1, 2, 3, 4))
        .histogram("simwarden_projection_lag_seconds", "projection", "fleet-summary").minus(h).count());
  }
}
