package io.simwarden.core.id;

import static io.simwarden.core.id.IdAssertions.assertJsonRejected;
import static io.simwarden.core.id.IdAssertions.assertJsonRoundTrip;
import static io.simwarden.core.id.IdAssertions.assertRejected;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

class ImsiTest {

  @Test
  void europeanImsiHasTwoDigitMnc() {
    Imsi imsi = Imsi.of("208011234567890");
    assertEquals("208011234567890", imsi.value());
    assertEquals("208", imsi.mcc());
    assertEquals("01", imsi.mnc());
    assertEquals("1234567890", imsi.msin());
    assertEquals(Plmn.of("20801"), imsi.plmn());
    assertEquals("208011234567890", imsi.toString());
  }

  @Test
  void northAmericanImsiHasThreeDigitMnc() {
    Imsi imsi = Imsi.of("310410123456789");
    assertEquals("410", imsi.mnc());
    assertEquals("123456789", imsi.msin());
    assertEquals(Plmn.of("310-410"), imsi.plmn());
    assertEquals(3, Imsi.of("302720123456789").mncLength());
    assertEquals(3, Imsi.of("722310123456789").mncLength());
  }

  @Test
  void nicaraguaIsNotInTheThreeDigitTable() {
    assertEquals("30", Imsi.of("710300123456789").mnc());
  }

  @Test
  void indiaMccDependsOnTheMncBlock() {
    assertEquals("800", Imsi.of("405800123456789").mnc());
    assertEquals("756", Imsi.of("405756123456789").mnc());
    assertEquals("03", Imsi.of("405031234567890").mnc());
    assertEquals("90", Imsi.of("405900123456789").mnc());
  }

  @Test
  void explicitMncLengthOverridesTheTable() {
    Imsi imsi = Imsi.of("405031234567890", 3);
    assertEquals("031", imsi.mnc());
    assertEquals("234567890", imsi.msin());
    assertEquals(Plmn.of("405031"), imsi.plmn());
    assertNotEquals(Imsi.of("405031234567890"), imsi);
  }

  @Test
  void nonInferredMncLengthIsCanonicallyWrittenSeparated() {
    Imsi imsi = Imsi.of("405031234567890", 3);
    assertEquals("405-031-234567890", imsi.toString());
    assertEquals("405031234567890", imsi.value());
    assertEquals(imsi, Imsi.of(imsi.toString()));
  }

  @Test
  void separatedFormStatesTheMncLength() {
    assertEquals(Imsi.of("310410123456789"), Imsi.of("310-410-123456789"));
    assertEquals(Imsi.of("208011234567890", 3), Imsi.of(" 208-011-234567890 "));
  }

  @Test
  void imsiOfWrongLengthIsRejected() {
    assertRejected("imsi", "has 14 digits", () -> Imsi.of("20801123456789"));
    assertRejected("imsi", "has 16 digits", () -> Imsi.of("2080112345678901"));
    assertRejected("imsi", "has 14 digits in '208-01-123456789'", () -> Imsi.of("208-01-123456789"));
  }

  @Test
  void imsiWithNonDigitIsRejected() {
    assertRejected("imsi", "'O', which is not a digit", () -> Imsi.of("2O8011234567890"));
  }

  @Test
  void malformedSeparatedFormIsRejected() {
    assertRejected("imsi", "must be MCC-MNC-MSIN", () -> Imsi.of("2080-1-1234567890"));
    assertRejected("imsi", "must be MCC-MNC-MSIN", () -> Imsi.of("208-011234567890"));
    assertRejected("imsi", "must be MCC-MNC-MSIN", () -> Imsi.of("208-0112-34567890"));
    assertRejected("imsi", "must be MCC-MNC-MSIN", () -> Imsi.of("208-01-12345-67890"));
  }

  @Test
  void mccZeroIsRejected() {
    assertRejected("imsi", "MCC 000 is not an allocated country code", () -> Imsi.of("000011234567890"));
  }

  @Test
  void mncLengthOtherThanTwoOrThreeIsRejected() {
    assertRejected("imsi", "MNC length 4", () -> Imsi.of("208011234567890", 4));
    assertRejected("imsi", "expected 2 or 3", () -> Imsi.of("208011234567890", 1));
  }

  @Test
  void missingOrEmptyImsiIsRejected() {
    assertRejected("imsi", "missing", () -> Imsi.of(null));
    assertRejected("imsi", "missing", () -> Imsi.of(null, 2));
    assertRejected("imsi", "empty", () -> Imsi.of(" "));
  }

  @Test
  void imsiTravelsAsAJsonStringKeepingItsMncLength() throws Exception {
    assertJsonRoundTrip(Imsi.of("208011234567890"), "208011234567890", Imsi.class);
    assertJsonRoundTrip(Imsi.of("310410123456789"), "310410123456789", Imsi.class);
    assertJsonRoundTrip(Imsi.of("405031234567890", 3), "405-031-234567890", Imsi.class);
    assertJsonRejected("20801123456789", Imsi.class, "imsi");
  }
}
