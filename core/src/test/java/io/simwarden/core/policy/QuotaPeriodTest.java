package io.simwarden.core.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Random;
import org.junit.jupiter.api.Test;

class QuotaPeriodTest {

  @Test
  void dayStartsAtUtcMidnight() {
    assertEquals(Instant.parse("2024-03-10T00:00:00Z").toEpochMilli(),
        QuotaPeriod.DAY.periodStart(Instant.parse("2024-03-10T23:59:59.999Z")));
  }

  @Test
  void monthStartsOnTheFirstAtUtcMidnight() {
    assertEquals(Instant.parse("2024-02-01T00:00:00Z").toEpochMilli(),
        QuotaPeriod.MONTH.periodStart(Instant.parse("2024-02-29T12:00:00Z")));
    assertEquals(Instant.parse("2024-03-01T00:00:00Z").toEpochMilli(),
        QuotaPeriod.MONTH.periodStart(Instant.parse("2024-03-01T00:00:00Z")));
  }

  @Test
  void periodStartMatchesCalendarTruncationBeforeAndAfterTheEpoch() {
    Random random = new Random(42);
    for (int i = 0; i < 20_000; i++) {
      long at = random.nextLong() % 8_000_000_000_000L;
      ZonedDateTime utc = Instant.ofEpochMilli(at).atZone(ZoneOffset.UTC);
      long day = utc.truncatedTo(ChronoUnit.DAYS).toInstant().toEpochMilli();
      long month = utc.truncatedTo(ChronoUnit.DAYS).withDayOfMonth(1).toInstant().toEpochMilli();
      assertEquals(day, QuotaPeriod.DAY.periodStart(at), () -> "DAY of " + at);
      assertEquals(month, QuotaPeriod.MONTH.periodStart(at), () -> "MONTH of " + at);
      assertEquals(month, QuotaPeriod.MONTH.periodStart(Instant.ofEpochMilli(at)));
    }
  }
}
