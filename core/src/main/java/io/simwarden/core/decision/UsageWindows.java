package io.simwarden.core.decision;

import io.simwarden.core.event.SimEvent;
import io.simwarden.core.traffic.UsageAccumulator;
import java.time.Instant;
import java.util.List;

/**
 * Closing usage windows: when event time passes a window's end, and early on passivation or flush. A
 * closed window is its {@code UsageRecorded}, preceded by a {@code VoiceUsageRecorded} when the SIM made
 * calls in it and an {@code SmsUsageRecorded} when it sent SMS to other than domestic numbers.
 */
public final class UsageWindows {

  private UsageWindows() {}

  /** The window's usage events if something at {@code at} falls after the open window, else none. */
  public static List<SimEvent> closeIfDue(UsageAccumulator window, Instant at) {
    return window.closesAt(at.toEpochMilli()) ? close(window, false, 0) : List.of();
  }

  /**
   * Closes the open window now: complete if {@code at} is past its end, partial otherwise; none when no
   * window is open.
   */
  public static List<SimEvent> closeNow(UsageAccumulator window, Instant at) {
    if (!window.isOpen()) {
      return List.of();
    }
    long atMillis = at.toEpochMilli();
    return atMillis >= window.windowEnd() ? close(window, false, 0) : close(window, true, atMillis);
  }

  private static List<SimEvent> close(UsageAccumulator window, boolean partial, long closedAtMillis) {
    SimEvent.VoiceUsageRecorded voice = window.voiceUsage(partial, closedAtMillis);
    SimEvent.SmsUsageRecorded sms = window.smsUsage(partial, closedAtMillis);
    SimEvent.UsageRecorded usage = window.close(partial, closedAtMillis);
    if (sms == null) {
      return voice == null ? List.of(usage) : List.of(voice, usage);
    }
    return voice == null ? List.of(sms, usage) : List.of(voice, sms, usage);
  }
}
