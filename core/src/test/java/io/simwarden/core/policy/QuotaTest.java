package io.simwarden.core.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.simwarden.core.ValidationException;
import java.math.BigInteger;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QuotaTest {

  @ParameterizedTest(name = "{0}% of {1} = {2}")
  @CsvSource({
      "80, 1000, 800",
      "50, 150, 75",
      "100, 7, 7",
      "1, 50, 1",
      "33, 1, 1",
      "99, 101, 99",
  })
  void warningLevelIsTheFlooredShareButAtLeastOne(int percent, long limit, long level) {
    assertEquals(level, new Quota(limit, percent, QuotaAction.BLOCK, QuotaPeriod.DAY).warningLevel());
  }

  @Test
  void warningLevelEqualsExactArithmeticForAnyLimitWithoutOverflow() {
    Random random = new Random(20240310);
    for (int i = 0; i < 20_000; i++) {
      long limit = switch (i % 3) {
        case 0 -> 1 + random.nextInt(1_000);
        case 1 -> 1 + (random.nextLong() >>> 1) % 10_000_000_000L;
        default -> Long.MAX_VALUE - random.nextInt(1_000);
      };
      int percent = 1 + random.nextInt(100);
      long exact = BigInteger.valueOf(limit).multiply(BigInteger.valueOf(percent))
          .divide(BigInteger.valueOf(100)).longValueExact();
      long level = new Quota(limit, percent, QuotaAction.THROTTLE, QuotaPeriod.MONTH).warningLevel();
      assertEquals(Math.max(1, exact), level, () -> percent + "% of " + limit);
    }
  }

  @Test
  void nonPositiveLimitIsRejected() {
    ValidationException e = assertThrows(ValidationException.class,
        () -> new Quota(0, 80, QuotaAction.BLOCK, QuotaPeriod.DAY));
    assertEquals("limit", e.field());
    assertEquals("must be positive, got 0", e.problem());
  }

  @ParameterizedTest
  @CsvSource({"0", "101", "-5"})
  void warningPercentOutside1To100IsRejected(int percent) {
    ValidationException e = assertThrows(ValidationException.class,
        () -> new Quota(1000, percent, QuotaAction.BLOCK, QuotaPeriod.DAY));
    assertEquals("warningPercent", e.field());
  }

  @Test
  void exhaustionActionAndPeriodAreRequired() {
    assertEquals("onExhaustion",
        assertThrows(ValidationException.class, () -> new Quota(1000, 80, null, QuotaPeriod.DAY)).field());
    assertEquals("period",
        assertThrows(ValidationException.class, () -> new Quota(1000, 80, QuotaAction.BLOCK, null)).field());
  }
}
