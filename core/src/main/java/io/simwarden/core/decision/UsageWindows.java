package io.simwarden.core.decision;

import io.simwarden.core.event.SimEvent;
import io.simwarden.core.traffic.UsageAccumulator;
import java.time.Instant;

/** Closing usage windows: when event time passes a window's end, and early on passivation or flush. */
public final class UsageWindows {

  private UsageWindows() {}

  /**
   * The window's usage event if something at {@code at} falls after the open window, else {@code null}.
   */
  public static SimEvent.UsageRecorded closeIfDue(UsageAccumulator window, Instant at) {
    return window.closesAt(at.toEpochMilli()) ? window.close(false, 0) : null;
  }

  /**
   * Closes the open window now: complete if {@code at} is past its end, partial otherwise;
   * {@code null} when no window is open.
   */
  public static SimEvent.UsageRecorded closeNow(UsageAccumulator window, Instant at) {
    if (!window.isOpen()) {
      return null;
    }
    long atMillis = at.toEpochMilli();
    return atMillis >= window.windowEnd() ? window.close(false, 0) : window.close(true, atMillis);
  }
}
