package io.simwarden.core.policy;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/** Calendar period (UTC) over which a quota is counted. */
public enum QuotaPeriod {
  DAY,
  MONTH;

  /** Start of the period containing {@code at}, in epoch milliseconds. */
  public long periodStart(Instant at) {
    return periodStart(at.toEpochMilli());
  }

  public long periodStart(long atMillis) {
    long day = Math.floorDiv(atMillis, 86_400_000L);
    if (this == DAY) {
      return day * 86_400_000L;
    }
    LocalDate date = LocalDate.ofEpochDay(day).withDayOfMonth(1);
    return date.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
  }
}
