package io.simwarden.sim.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

  private static final RetryPolicy NO_JITTER = new RetryPolicy(Duration.ofMillis(500), Duration.ofSeconds(10), 0,
      Duration.ofMinutes(2), 7);

  @Test
  void theBackOffDoublesFromTheMinimumUpToTheMaximum() {
    long[] expected = {500, 1_000, 2_000, 4_000, 8_000, 10_000, 10_000};
    for (int attempt = 1; attempt <= expected.length; attempt++) {
      assertEquals(Duration.ofMillis(expected[attempt - 1]), NO_JITTER.delay(3, attempt), "attempt " + attempt);
    }
    assertEquals(Duration.ofSeconds(10), NO_JITTER.delay(3, 1_000_000), "no overflow however many attempts");
  }

  @Test
  void jitterStaysWithinItsShareAndSpreadsSimsThatFailedTogether() {
    RetryPolicy p = RetryPolicy.DEFAULT.withSeed(42);
    Set<Duration> firstRetries = new HashSet<>();
    for (int sim = 0; sim < 200; sim++) {
      for (int attempt = 1; attempt <= 8; attempt++) {
        long base = Math.min(10_000, 500L << (attempt - 1));
        long ms = p.delay(sim, attempt).toMillis();
        assertTrue(ms >= Math.floor(base * 0.8) && ms <= Math.ceil(base * 1.2), sim + "/" + attempt + ": " + ms);
      }
      firstRetries.add(p.delay(sim, 1));
    }
    assertTrue(firstRetries.size() > 100, "SIMs failing together come back at different times: "
        + firstRetries.size());
  }

  @Test
  void theDelaysAreTheSameForTheSameSeedAndDifferForAnother() {
    RetryPolicy a = RetryPolicy.DEFAULT.withSeed(5);
    RetryPolicy b = RetryPolicy.DEFAULT.withSeed(5);
    RetryPolicy c = RetryPolicy.DEFAULT.withSeed(6);
    int differ = 0;
    for (int sim = 0; sim < 50; sim++) {
      assertEquals(a.delay(sim, 2), b.delay(sim, 2));
      differ += a.delay(sim, 2).equals(c.delay(sim, 2)) ? 0 : 1;
    }
    assertNotEquals(0, differ);
  }

  @Test
  void theRunEndsOnlyOnceACommandFailedForLongerThanTheOutageLimit() {
    RetryPolicy p = RetryPolicy.DEFAULT.withOutageLimit(Duration.ofSeconds(90));
    assertFalse(p.outageExceeded(Duration.ofSeconds(30)));
    assertFalse(p.outageExceeded(Duration.ofSeconds(90)));
    assertTrue(p.outageExceeded(Duration.ofMillis(90_001)));
  }

  @Test
  void nonsenseIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> new RetryPolicy(Duration.ZERO, Duration.ofSeconds(1), 0,
        Duration.ofMinutes(1), 1));
    assertThrows(IllegalArgumentException.class, () -> new RetryPolicy(Duration.ofSeconds(2), Duration.ofSeconds(1),
        0, Duration.ofMinutes(1), 1));
    assertThrows(IllegalArgumentException.class, () -> new RetryPolicy(Duration.ofSeconds(1), Duration.ofSeconds(1),
        1, Duration.ofMinutes(1), 1));
    assertThrows(IllegalArgumentException.class, () -> RetryPolicy.DEFAULT.withOutageLimit(Duration.ZERO));
    assertThrows(IllegalArgumentException.class, () -> NO_JITTER.delay(1, 0));
  }
}
