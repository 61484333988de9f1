package io.simwarden.readside;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RowTtlTest {
  private static final long NOW = 1_800_000_000_000L;

  @Test
  void aRowGetsWhatRemainsOfTheRetentionAfterItsEventWasJournaled() {
    RowTtl ninetyDays = new RowTtl(90L * 86_400);
    assertEquals(90 * 86_400, ninetyDays.remaining(NOW, NOW));
    assertEquals(90 * 86_400 - 3_600, ninetyDays.remaining(NOW - 3_600_000, NOW));
    assertEquals(1, ninetyDays.remaining(NOW - (90L * 86_400 - 1) * 1000, NOW));
    assertEquals(RowTtl.EXPIRED, ninetyDays.remaining(NOW - 90L * 86_400 * 1000, NOW));
    assertEquals(90 * 86_400, ninetyDays.remaining(NOW + 5_000, NOW), "a clock behind the writer's counts as now");
  }

  @Test
  void withoutARetentionEveryRowIsKept() {
    RowTtl kept = new RowTtl(0);
    assertEquals(RowTtl.KEPT, kept.remaining(0, NOW));
    assertEquals(RowTtl.KEPT, kept.remaining(NOW, NOW));
  }
}
