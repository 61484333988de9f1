package io.simwarden.core.policy;

import io.simwarden.core.ValidationException;

/**
 * A usage allowance per calendar period: bytes for data, messages for SMS.
 *
 * @param limit            allowance per period ({@code > 0})
 * @param warningPercent   share of the limit at which a warning is journaled (1–100)
 * @param onExhaustion     what happens once the limit is reached
 * @param period           the counting period
 */
public record Quota(long limit, int warningPercent, QuotaAction onExhaustion, QuotaPeriod period) {

  public Quota {
    if (limit <= 0) {
      throw new ValidationException("limit", "must be positive, got " + limit);
    }
    if (warningPercent < 1 || warningPercent > 100) {
      throw new ValidationException("warningPercent", "must be between 1 and 100, got " + warningPercent);
    }
    if (onExhaustion == null) {
      throw new ValidationException("onExhaustion", "required: BLOCK or THROTTLE");
    }
    if (period == null) {
      throw new ValidationException("period", "required: DAY or MONTH");
    }
  }

  /** The usage at which the warning fires. */
  public long warningLevel() {
    return Math.max(1, limit / 100 * warningPercent + (limit % 100) * warningPercent / 100);
  }
}
