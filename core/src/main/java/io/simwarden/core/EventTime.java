package io.simwarden.core;

import java.time.Instant;

/**
 * The instants simwarden accepts from outside, as event time or as a query bound: from the Unix epoch to the
 * last millisecond of the year 9999. Every instant inside converts to epoch milliseconds (usage windows, quota
 * periods and detectors count in them) without overflow, and prints as a plain ISO-8601 instant. The edges
 * (HTTP routes, bulk lines, the command line) check with {@link #check}; the SIM entity refuses what escaped
 * them with {@link #accepted}, so no command can make it fail.
 */
public final class EventTime {
  public static final Instant MIN = Instant.EPOCH;
  public static final Instant MAX = Instant.parse("9999-12-31T23:59:59.999Z");

  private EventTime() {}

  public static boolean accepted(Instant at) {
    return at != null && !at.isBefore(MIN) && !at.isAfter(MAX);
  }

  /** {@code at} if it is accepted (or null, for optional values); otherwise why not, naming {@code field}. */
  public static Instant check(String field, Instant at) {
    if (at == null || accepted(at)) {
      return at;
    }
    throw new ValidationException(field, outOfRange(at));
  }

  /** The message for an instant outside the range. */
  public static String outOfRange(Instant at) {
    return "must be between " + MIN + " and " + MAX + ", got " + at;
  }
}
