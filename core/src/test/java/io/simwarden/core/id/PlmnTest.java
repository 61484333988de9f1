package io.simwarden.core.id;

import static io.simwarden.core.id.IdAssertions.assertJsonRejected;
import static io.simwarden.core.id.IdAssertions.assertJsonRoundTrip;
import static io.simwarden.core.id.IdAssertions.assertRejected;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

class PlmnTest {

  @Test
  void fiveDigitsAreATwoDigitMnc() {
    Plmn plmn = Plmn.of("20801");
    assertEquals("208", plmn.mcc());
    assertEquals("01", plmn.mnc());
    assertEquals("20801", plmn.toString());
  }

  @Test
  void sixDigitsAreAThreeDigitMnc() {
    Plmn plmn = Plmn.of("310410");
    assertEquals("310", plmn.mcc());
    assertEquals("410", plmn.mnc());
  }

  @Test
  void hyphenatedFormIsTheSamePlmn() {
    assertEquals(Plmn.of("20801"), Plmn.of("208-01"));
    assertEquals(Plmn.of("310410"), Plmn.of(" 310-410 "));
    assertEquals(Plmn.of("310410"), Plmn.of("310", "410"));
    assertEquals("310410", Plmn.of("310-410").value());
  }

  @Test
  void twoAndThreeDigitMncsAreDifferentNetworks() {
    assertNotEquals(Plmn.of("00101"), Plmn.of("001001"));
  }

  @Test
  void plmnOfWrongLengthIsRejected() {
    assertRejected("plmn", "has 4 digits", () -> Plmn.of("2080"));
    assertRejected("plmn", "has 7 digits", () -> Plmn.of("2080123"));
    assertRejected("plmn", "has 1 digits in '208-1'", () -> Plmn.of("208-1"));
    assertRejected("plmn", "has 4 digits in '208-0101'", () -> Plmn.of("208-0101"));
  }

  @Test
  void mccNotOfThreeDigitsBeforeHyphenIsRejected() {
    assertRejected("plmn", "MCC before '-' must have 3 digits", () -> Plmn.of("20-801"));
    assertRejected("plmn", "has 2 digits in '20-801'", () -> Plmn.of("20", "801"));
  }

  @Test
  void plmnWithNonDigitIsRejected() {
    assertRejected("plmn", "'o', which is not a digit", () -> Plmn.of("2o801"));
    assertRejected("plmn", "'-', which is not a digit", () -> Plmn.of("208-01-1"));
  }

  @Test
  void mccZeroIsRejected() {
    assertRejected("plmn", "MCC 000 is not an allocated country code", () -> Plmn.of("00001"));
  }

  @Test
  void missingPlmnIsRejected() {
    assertRejected("plmn", "missing", () -> Plmn.of(null));
    assertRejected("plmn", "missing", () -> Plmn.of("208", null));
    assertRejected("plmn", "empty", () -> Plmn.of(""));
  }

  @Test
  void plmnTravelsAsAJsonString() throws Exception {
    assertJsonRoundTrip(Plmn.of("208-01"), "20801", Plmn.class);
    assertJsonRoundTrip(Plmn.of("310410"), "310410", Plmn.class);
    assertJsonRejected("2080", Plmn.class, "plmn");
  }
}
