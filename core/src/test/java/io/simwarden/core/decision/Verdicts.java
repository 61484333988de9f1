package io.simwarden.core.decision;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.simwarden.core.event.RejectReason;

/** Field-by-field verdict assertions, so that a verdict gaining a field does not hide what is compared. */
final class Verdicts {
  private Verdicts() {}

  static void assertVerdict(Verdict actual, boolean accepted, RejectReason reason, String detail, int allowedFlows,
      int blockedFlows, boolean dataAllowed, boolean throttled) {
    assertAll("verdict " + actual,
        () -> assertEquals(accepted, actual.accepted(), "accepted"),
        () -> assertEquals(reason, actual.reason(), "reason"),
        () -> assertEquals(detail, actual.detail(), "detail"),
        () -> assertEquals(allowedFlows, actual.allowedFlows(), "allowedFlows"),
        () -> assertEquals(blockedFlows, actual.blockedFlows(), "blockedFlows"),
        () -> assertEquals(dataAllowed, actual.dataAllowed(), "dataAllowed"),
        () -> assertEquals(throttled, actual.throttled(), "throttled"));
  }

  /** A request refused for {@code reason} with the reason's own description. */
  static void assertRefused(Verdict actual, RejectReason reason) {
    assertRefused(actual, reason, reason.description());
  }

  static void assertRefused(Verdict actual, RejectReason reason, String detail) {
    assertVerdict(actual, false, reason, detail, 0, 0, false, false);
  }

  static void assertOk(Verdict actual) {
    assertVerdict(actual, true, null, null, 0, 0, true, false);
  }

  /** An accepted traffic report. */
  static void assertCarried(Verdict actual, int allowedFlows, int blockedFlows, boolean throttled) {
    assertVerdict(actual, true, null, null, allowedFlows, blockedFlows, true, throttled);
  }
}
