package io.simwarden.core.id;

import static io.simwarden.core.id.IdAssertions.assertJsonRejected;
import static io.simwarden.core.id.IdAssertions.assertJsonRoundTrip;
import static io.simwarden.core.id.IdAssertions.assertRejected;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ApnTest {

  @Test
  void validApnsAreAccepted() {
    assertEquals("internet", Apn.of("internet").value());
    assertEquals("iot.example.com", Apn.of("iot.example.com").toString());
    assertEquals("m2m-1.x9", Apn.of("m2m-1.x9").value());
    assertEquals("1", Apn.of("1").value());
  }

  @Test
  void canonicalFormIsLowerCaseAndTrimmed() {
    assertEquals("iot.example.com", Apn.of("  IoT.Example.COM ").value());
    assertEquals(Apn.of("iot.example.com"), Apn.of("IOT.EXAMPLE.COM"));
  }

  @Test
  void apnOfMaximumEncodedLengthIsAccepted() {
    String longest = "a".repeat(30) + "." + "b".repeat(31);
    assertEquals(62, longest.length());
    assertEquals(longest, Apn.of(longest).value());
  }

  @Test
  void apnLongerThan63OctetsEncodedIsRejected() {
    String tooLong = "a".repeat(31) + "." + "b".repeat(31);
    assertRejected("apn", "is 63 characters long", () -> Apn.of(tooLong));
  }

  @Test
  void emptyLabelIsRejected() {
    assertRejected("apn", "empty label", () -> Apn.of("iot..com"));
    assertRejected("apn", "empty label", () -> Apn.of(".iot"));
    assertRejected("apn", "empty label", () -> Apn.of("iot."));
  }

  @Test
  void labelStartingOrEndingWithHyphenIsRejected() {
    assertRejected("apn", "label '-iot' starts or ends with '-'", () -> Apn.of("-iot.com"));
    assertRejected("apn", "label 'iot-' starts or ends with '-'", () -> Apn.of("iot-.com"));
    assertRejected("apn", "label 'com-' starts or ends with '-'", () -> Apn.of("iot.com-"));
  }

  @Test
  void charactersOtherThanLettersDigitsAndHyphenAreRejected() {
    assertRejected("apn", "contains '_'", () -> Apn.of("iot_net"));
    assertRejected("apn", "contains '*'", () -> Apn.of("*"));
    assertRejected("apn", "contains ' '", () -> Apn.of("iot net"));
    assertRejected("apn", "contains '\u212A'", () -> Apn.of("\u212Aiot"));
  }

  @Test
  void operatorIdentifierSuffixIsRejected() {
    assertRejected("apn", "ends in 'gprs'", () -> Apn.of("internet.mnc001.mcc001.gprs"));
    assertRejected("apn", "ends in 'gprs'", () -> Apn.of("GPRS"));
  }

  @Test
  void reservedPrefixesAreRejected() {
    assertRejected("apn", "starts with 'rac'", () -> Apn.of("rac1.example.com"));
    assertRejected("apn", "starts with 'lac'", () -> Apn.of("LAC"));
    assertRejected("apn", "starts with 'sgsn'", () -> Apn.of("sgsnfoo"));
    assertRejected("apn", "starts with 'rnc'", () -> Apn.of("rnc.example.com"));
  }

  @Test
  void missingOrEmptyApnIsRejected() {
    assertRejected("apn", "missing", () -> Apn.of(null));
    assertRejected("apn", "empty", () -> Apn.of("  "));
  }

  @Test
  void apnTravelsAsAJsonString() throws Exception {
    assertJsonRoundTrip(Apn.of("IoT.Example.com"), "iot.example.com", Apn.class);
    assertJsonRejected("iot..com", Apn.class, "apn");
  }
}
