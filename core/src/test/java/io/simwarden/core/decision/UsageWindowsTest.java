package io.simwarden.core.decision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simwarden.core.event.SimEvent;
import io.simwarden.core.event.SimEvent.UsageRecorded;
import io.simwarden.core.event.SimEvent.VoiceUsageRecorded;
import io.simwarden.core.policy.CallDestination;
import io.simwarden.core.traffic.CallUsage;
import io.simwarden.core.traffic.UsageAccumulator;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class UsageWindowsTest {

  private static final Instant TEN = Instant.parse("2024-03-10T10:00:00Z");
  private final UsageAccumulator window = new UsageAccumulator(3_600_000L, 4);

  private void openWithOneSms(Instant at) {
    window.openAt(at.toEpochMilli());
    window.addSmsMo();
  }

  /** The one event of a window without calls. */
  private static UsageRecorded usage(List<SimEvent> closed) {
    assertEquals(1, closed.size(), closed::toString);
    return assertInstanceOf(UsageRecorded.class, closed.get(0));
  }

  @Test
  void nothingIsDueWhileNoWindowIsOpen() {
    assertEquals(List.of(), UsageWindows.closeIfDue(window, TEN));
    assertEquals(List.of(), UsageWindows.closeNow(window, TEN));
  }

  @Test
  void windowIsNotDueForAnEventInsideIt() {
    openWithOneSms(TEN.plusSeconds(60));
    assertEquals(List.of(), UsageWindows.closeIfDue(window, TEN.plusSeconds(3599)));
    assertTrue(window.isOpen());
  }

  @Test
  void firstEventAfterTheEndClosesTheWindowCompleteAtItsEnd() {
    openWithOneSms(TEN.plusSeconds(60));
    UsageRecorded closed = usage(UsageWindows.closeIfDue(window, TEN.plusSeconds(5 * 3600)));
    assertEquals(TEN.plusSeconds(3600), closed.at());
    assertEquals(TEN, closed.windowStart());
    assertFalse(closed.partial());
    assertEquals(1, closed.smsMo());
    assertFalse(window.isOpen());
  }

  @Test
  void earlyCloseIsPartialAndEndsAtTheCloseTime() {
    openWithOneSms(TEN.plusSeconds(60));
    UsageRecorded closed = usage(UsageWindows.closeNow(window, TEN.plusSeconds(900)));
    assertEquals(TEN.plusSeconds(900), closed.at());
    assertEquals(TEN, closed.windowStart());
    assertTrue(closed.partial());
    assertFalse(window.isOpen());
  }

  @Test
  void closeAtOrAfterTheEndIsComplete() {
    openWithOneSms(TEN);
    UsageRecorded closed = usage(UsageWindows.closeNow(window, TEN.plusSeconds(3600)));
    assertFalse(closed.partial());
    assertEquals(TEN.plusSeconds(3600), closed.at());
  }

  /**
   * Documented as closing "if something at {@code at} falls after the open window". A late report (event
   * time before the open window) must not close the current window as complete: it would journal the
   * window with an end later than the event that closed it, and a second window for the same start.
   */
  @Test
  void eventBeforeTheOpenWindowDoesNotCloseIt() {
    openWithOneSms(TEN.plusSeconds(60));
    assertEquals(List.of(), UsageWindows.closeIfDue(window, TEN.minusSeconds(1)));
    assertTrue(window.isOpen());
  }

  @Test
  void aWindowWithCallsClosesIntoItsVoiceTotalsThenItsUsage() {
    window.openAt(TEN.plusSeconds(60).toEpochMilli());
    window.addCall(CallDestination.IRSF_RANGE, 300);
    window.addCall(CallDestination.DOMESTIC, 0);
    window.addCall(CallDestination.IRSF_RANGE, 45);
    List<SimEvent> closed = UsageWindows.closeNow(window, TEN.plusSeconds(900));
    assertEquals(2, closed.size());
    VoiceUsageRecorded voice = assertInstanceOf(VoiceUsageRecorded.class, closed.get(0));
    assertEquals(new VoiceUsageRecorded(TEN.plusSeconds(900), TEN, true, 3, 345, List.of(
        new CallUsage(CallDestination.DOMESTIC, 1, 0), new CallUsage(CallDestination.IRSF_RANGE, 2, 345)), null),
        voice);
    assertEquals(TEN.plusSeconds(900), assertInstanceOf(UsageRecorded.class, closed.get(1)).at());
  }

  @Test
  void theNextWindowStartsWithoutTheCallsOfTheLast() {
    window.openAt(TEN.toEpochMilli());
    window.addCall(CallDestination.INTERNATIONAL, 120);
    UsageWindows.closeNow(window, TEN.plusSeconds(3600));
    openWithOneSms(TEN.plusSeconds(3700));
    assertEquals(0, window.calls());
    assertEquals(0, window.callSeconds(CallDestination.INTERNATIONAL));
    usage(UsageWindows.closeNow(window, TEN.plusSeconds(7200)));
  }
}
