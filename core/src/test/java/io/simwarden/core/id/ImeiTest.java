package io.simwarden.core.id;

import static io.simwarden.core.id.IdAssertions.assertJsonRejected;
import static io.simwarden.core.id.IdAssertions.assertJsonRoundTrip;
import static io.simwarden.core.id.IdAssertions.assertRejected;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.simwarden.core.ValidationException;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ImeiTest {

  @Test
  void validImeiExposesTacAndSerialNumber() {
    Imei imei = Imei.of("490154203237518");
    assertEquals("490154203237518", imei.value());
    assertEquals("490154203237518", imei.toString());
    assertEquals(Tac.of("49015420"), imei.tac());
    assertEquals("323751", imei.serialNumber());
  }

  @Test
  void surroundingWhitespaceIsTrimmed() {
    assertEquals(Imei.of("490154203237518"), Imei.of(" 490154203237518\t"));
  }

  @Test
  void imeiWithWrongCheckDigitIsRejected() {
    assertRejected(
        "imei", "check digit is 3 but Luhn requires 8 for '490154203237513'", () -> Imei.of("490154203237513"));
  }

  @Test
  void imeiOfWrongLengthIsRejected() {
    assertRejected("imei", "has 14 digits", () -> Imei.of("49015420323751"));
    assertRejected("imei", "has 16 digits", () -> Imei.of("4901542032375180"));
  }

  @Test
  void imeiWithNonDigitIsRejected() {
    assertRejected("imei", "'-', which is not a digit", () -> Imei.of("49-015420-323751-8"));
    assertRejected("imei", "'\uFF18', which is not a digit", () -> Imei.of("49015420323751\uFF18"));
  }

  @Test
  void missingOrEmptyImeiIsRejected() {
    assertRejected("imei", "missing", () -> Imei.of(null));
    assertRejected("imei", "empty", () -> Imei.of("  "));
  }

  @Test
  void fromBodyAppendsTheCheckDigit() {
    assertEquals(Imei.of("490154203237518"), Imei.fromBody("49015420323751"));
  }

  @Test
  void fromBodyRejectsABodyThatIsNot14Digits() {
    assertRejected("imei", "has 15 digits", () -> Imei.fromBody("490154203237518"));
    assertRejected("imei", "missing", () -> Imei.fromBody(null));
  }

  @Test
  void fromBodyAlwaysYieldsAValidImeiAndEverySingleDigitChangeIsRejected() {
    Random random = new Random(42L);
    for (int iteration = 0; iteration < 10_000; iteration++) {
      String body = LuhnTest.randomDigits(random, 14).toString();
      Imei imei = Imei.fromBody(body);
      assertEquals(imei, Imei.of(imei.value()));
      assertEquals(body, imei.value().substring(0, 14));

      String altered = LuhnTest.withOneDigitChanged(random, imei.value());
      assertThrows(ValidationException.class, () -> Imei.of(altered), altered);
    }
  }

  @Test
  void imeiTravelsAsAJsonString() throws Exception {
    assertJsonRoundTrip(Imei.of("490154203237518"), "490154203237518", Imei.class);
    assertJsonRejected("490154203237513", Imei.class, "imei");
  }
}
