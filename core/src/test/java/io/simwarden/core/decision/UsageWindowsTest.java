package io.simwarden.core.decision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simwarden.core.event.SimEvent.UsageRecorded;
import io.simwarden.core.traffic.UsageAccumulator;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class UsageWindowsTest {

  private static final Instant TEN = Instant.parse("2024-03-10T10:00:00Z");
  private final UsageAccumulator window = new UsageAccumulator(3_600_000L, 4);

  private void openWithOneSms(Instant at) {
    window.openAt(at.toEpochMilli());
    window.addSmsMo();
  }

  @Test
  void nothingIsDueWhileNoWindowIsOpen() {
    assertNull(UsageWindows.closeIfDue(window, TEN));
    assertNull(UsageWindows.closeNow(window, TEN));
  }

  @Test
  void windowIsNotDueForAnEventInsideIt() {
    openWithOneSms(TEN.plusSeconds(60));
    assertNull(UsageWindows.closeIfDue(window, TEN.plusSeconds(3599)));
    assertTrue(window.isOpen());
  }

  @Test
  void firstEventAfterTheEndClosesTheWindowCompleteAtItsEnd() {
    openWithOneSms(TEN.plusSeconds(60));
    UsageRecorded closed = UsageWindows.closeIfDue(window, TEN.plusSeconds(5 * 3600));
    assertEquals(TEN.plusSeconds(3600), closed.at());
    assertEquals(TEN, closed.windowStart());
    assertFalse(closed.partial());
    assertEquals(1, closed.smsMo());
    assertFalse(window.isOpen());
  }

  @Test
  void earlyCloseIsPartialAndEndsAtTheCloseTime() {
    openWithOneSms(TEN.plusSeconds(60));
    UsageRecorded closed = UsageWindows.closeNow(window, TEN.plusSeconds(900));
    assertEquals(TEN.plusSeconds(900), closed.at());
    assertEquals(TEN, closed.windowStart());
    assertTrue(closed.partial());
    assertFalse(window.isOpen());
  }

  @Test
  void closeAtOrAfterTheEndIsComplete() {
    openWithOneSms(TEN);
    UsageRecorded closed = UsageWindows.closeNow(window, TEN.plusSeconds(3600));
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
    assertNull(UsageWindows.closeIfDue(window, TEN.minusSeconds(1)));
    assertTrue(window.isOpen());
  }
}
