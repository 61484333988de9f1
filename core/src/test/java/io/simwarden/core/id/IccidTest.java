package io.simwarden.core.id;

import static io.simwarden.core.id.IdAssertions.assertJsonRejected;
import static io.simwarden.core.id.IdAssertions.assertJsonRoundTrip;
import static io.simwarden.core.id.IdAssertions.assertRejected;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.simwarden.core.ValidationException;
import java.util.Random;
import org.junit.jupiter.api.Test;

class IccidTest {

  @Test
  void nineteenAndTwentyDigitIccidsWithCheckDigitAreValid() {
    assertEquals("8944100123456789015", Iccid.of("8944100123456789015").value());
    assertEquals("89014103211118510720", Iccid.of(" 89014103211118510720 ").toString());
  }

  @Test
  void iccidWithWrongCheckDigitIsRejected() {
    assertRejected(
        "iccid",
        "check digit is 1 but Luhn requires 0 for '89014103211118510721'",
        () -> Iccid.of("89014103211118510721"));
  }

  @Test
  void iccidOfWrongLengthIsRejected() {
    assertRejected("iccid", "has 18 digits", () -> Iccid.of("894410012345678901"));
    assertRejected("iccid", "has 21 digits", () -> Iccid.of("893144040001234567833"));
  }

  @Test
  void iccidWithNonDigitOrMissingIsRejected() {
    assertRejected("iccid", "'F', which is not a digit", () -> Iccid.of("8901410321111851072F"));
    assertRejected("iccid", "missing", () -> Iccid.of(null));
  }

  @Test
  void everySingleDigitChangeOfAValidIccidIsRejected() {
    Random random = new Random(7L);
    for (int iteration = 0; iteration < 10_000; iteration++) {
      StringBuilder digits = LuhnTest.randomDigits(random, 18 + random.nextInt(2));
      digits.append(Luhn.checkDigit(digits));
      Iccid iccid = Iccid.of(digits.toString());

      String altered = LuhnTest.withOneDigitChanged(random, digits);
      assertThrows(ValidationException.class, () -> Iccid.of(altered), () -> iccid + " -> " + altered);
    }
  }

  @Test
  void iccidTravelsAsAJsonString() throws Exception {
    assertJsonRoundTrip(Iccid.of("89314404000123456783"), "89314404000123456783", Iccid.class);
    assertJsonRejected("89314404000123456780", Iccid.class, "iccid");
  }
}
