package io.simwarden.core.state;

/**
 * Usage counted against one quota in one period.
 *
 * @param periodStart start of the counting period (epoch ms)
 * @param used        journaled usage in the period (closed usage windows)
 * @param warned      the warning threshold was crossed in this period
 * @param exhausted   the quota was used up in this period
 */
public record QuotaCounter(long periodStart, long used, boolean warned, boolean exhausted) {

  public static final QuotaCounter NONE = new QuotaCounter(Long.MIN_VALUE, 0, false, false);

  /** This counter as seen in the period starting at {@code start}: a fresh one when the period changed. */
  public QuotaCounter in(long start) {
    return start == periodStart ? this : new QuotaCounter(start, 0, false, false);
  }

  public QuotaCounter plus(long amount) {
    return new QuotaCounter(periodStart, used + amount, warned, exhausted);
  }

  public QuotaCounter warn() {
    return new QuotaCounter(periodStart, used, true, exhausted);
  }

  public QuotaCounter exhaust() {
    return new QuotaCounter(periodStart, used, true, true);
  }
}
