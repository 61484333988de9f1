package io.simwarden.core.id;

import static io.simwarden.core.id.IdAssertions.assertJsonRejected;
import static io.simwarden.core.id.IdAssertions.assertJsonRoundTrip;
import static io.simwarden.core.id.IdAssertions.assertRejected;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ImeiSvTest {

  @Test
  void validImeiSvSplitsIntoTacSerialAndSoftwareVersion() {
    ImeiSv imeiSv = ImeiSv.of("4901542032375107");
    assertEquals(Tac.of("49015420"), imeiSv.tac());
    assertEquals("07", imeiSv.svn());
    assertEquals("49015420323751", imeiSv.imeiBody());
    assertEquals("4901542032375107", imeiSv.toString());
  }

  @Test
  void imeiOfTheSameDeviceGetsItsCheckDigitComputed() {
    assertEquals(Imei.of("490154203237518"), ImeiSv.of("4901542032375107").imei());
  }

  @Test
  void surroundingWhitespaceIsTrimmed() {
    assertEquals(ImeiSv.of("4901542032375107"), ImeiSv.of("\n4901542032375107 "));
  }

  @Test
  void imeiSvOfWrongLengthIsRejected() {
    assertRejected("imeisv", "has 15 digits", () -> ImeiSv.of("490154203237518"));
    assertRejected("imeisv", "has 17 digits", () -> ImeiSv.of("49015420323751070"));
  }

  @Test
  void imeiSvWithNonDigitOrMissingIsRejected() {
    assertRejected("imeisv", "'x', which is not a digit", () -> ImeiSv.of("49015420323751x7"));
    assertRejected("imeisv", "missing", () -> ImeiSv.of(null));
  }

  @Test
  void imeiSvTravelsAsAJsonString() throws Exception {
    assertJsonRoundTrip(ImeiSv.of("4901542032375107"), "4901542032375107", ImeiSv.class);
    assertJsonRejected("490154203237510", ImeiSv.class, "imeisv");
  }
}
