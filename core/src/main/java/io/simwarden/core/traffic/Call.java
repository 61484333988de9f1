package io.simwarden.core.traffic;

import io.simwarden.core.ValidationException;
import io.simwarden.core.policy.CallDestination;

/**
 * One mobile-originated call attempt, as the voice core reports it: the class of the called number (its
 * number analysis against the home country's numbering plan and the IRSF hot list) and how long the call
 * was connected.
 *
 * @param destination the class of the called number
 * @param seconds     connected seconds; 0 when the call was not answered
 */
public record Call(CallDestination destination, long seconds) {

  /** The longest call a report may carry: a day. */
  public static final long MAX_SECONDS = 86_400;

  public Call {
    if (destination == null) {
      throw new ValidationException("destination",
          "required: EMERGENCY, DOMESTIC, INTERNATIONAL, PREMIUM_RATE or IRSF_RANGE");
    }
    if (seconds < 0 || seconds > MAX_SECONDS) {
      throw new ValidationException("seconds",
          "must be 0 (not answered) to " + MAX_SECONDS + " (a day), got " + seconds);
    }
  }
}
