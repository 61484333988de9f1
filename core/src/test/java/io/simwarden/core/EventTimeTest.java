package io.simwarden.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class EventTimeTest {

  @Test
  void theRangeIsTheEpochToTheEndOfTheYear9999AndItsEdgesConvertToMillis() {
    assertTrue(EventTime.accepted(Instant.EPOCH));
    assertTrue(EventTime.accepted(Instant.parse("2026-01-05T10:00:00Z")));
    assertTrue(EventTime.accepted(Instant.parse("9999-12-31T23:59:59.999Z")));
    assertEquals(253_402_300_799_999L, EventTime.MAX.toEpochMilli());
    assertEquals(0L, EventTime.MIN.toEpochMilli());
  }

  @Test
  void instantsOutsideAreRefusedNamingTheField() {
    for (Instant bad : new Instant[] {Instant.MAX, Instant.MIN, Instant.parse("+999999999-01-01T00:00:00Z"),
        Instant.parse("-999999999-01-01T00:00:00Z"), Instant.parse("1969-12-31T23:59:59.999Z"),
        Instant.parse("+10000-01-01T00:00:00Z")}) {
      assertFalse(EventTime.accepted(bad), bad::toString);
      ValidationException e = assertThrows(ValidationException.class, () -> EventTime.check("traffic.at", bad));
      assertEquals("traffic.at", e.field());
      assertTrue(e.problem().contains("1970-01-01T00:00:00Z"), e.problem());
    }
    assertFalse(EventTime.accepted(null));
    assertNull(EventTime.check("at", null));
  }
}
