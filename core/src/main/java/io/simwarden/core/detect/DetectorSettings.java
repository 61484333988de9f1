package io.simwarden.core.detect;

import io.simwarden.core.ValidationException;

/**
 * The thresholds of the detectors of quiet attacks, from {@code simwarden.detect} (core's reference.conf gives
 * each one's reason). Only what the detectors compare is configurable: what the {@link Trend} folds into the
 * journaled state is fixed in code, so that a replay on another node folds the same numbers.
 *
 * @param alertTail        tail probability of a day's SMS, attaches or refused flows that raises an alarm
 * @param novelFloor       bytes to never-seen destinations in about a day that raise NEW_DESTINATION
 * @param novelRatio       or this many times the SIM's own usual such bytes a day, if higher
 * @param driftAlarm       the day-part CUSUM (in σ) that raises VOLUME_SPIKE
 * @param driftPartWindows windows a day part must have learned before its drift is judged
 */
public record DetectorSettings(double alertTail, double novelFloor, double novelRatio, double driftAlarm,
    int driftPartWindows) {

  public static final DetectorSettings DEFAULTS = new DetectorSettings(1e-7, 1_000_000, 3, 8, 8);

  public DetectorSettings {
    if (!(alertTail > 0 && alertTail < 0.01)) {
      throw new ValidationException("simwarden.detect.alert-tail", "must be between 0 and 0.01, got " + alertTail);
    }
    if (!(novelFloor >= 1_000)) {
      throw new ValidationException("simwarden.detect.new-destination-day-floor", "must be at least 1kB, got "
          + novelFloor);
    }
    if (!(novelRatio >= 1)) {
      throw new ValidationException("simwarden.detect.new-destination-day-ratio", "must be at least 1, got "
          + novelRatio);
    }
    if (!(driftAlarm >= 2)) {
      throw new ValidationException("simwarden.detect.drift-alarm", "must be at least 2 (σ), got " + driftAlarm);
    }
    if (driftPartWindows < 2) {
      throw new ValidationException("simwarden.detect.drift-part-windows", "must be at least 2, got "
          + driftPartWindows);
    }
  }
}
