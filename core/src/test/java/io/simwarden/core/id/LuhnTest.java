package io.simwarden.core.id;

import static io.simwarden.core.id.IdAssertions.assertRejected;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class LuhnTest {

  @Test
  void publishedExamplesAreValid() {
    assertTrue(Luhn.isValid("79927398713"));
    assertTrue(Luhn.isValid("490154203237518"));
    assertTrue(Luhn.isValid("89014103211118510720"));
    assertTrue(Luhn.isValid("0"));
  }

  @Test
  void checkDigitIsTheDigitThatMakesTheNumberValid() {
    assertEquals(3, Luhn.checkDigit("7992739871"));
    assertEquals(8, Luhn.checkDigit("49015420323751"));
    assertEquals(0, Luhn.checkDigit("8901410321111851072"));
    assertEquals(0, Luhn.checkDigit(""));
  }

  @Test
  void wrongCheckDigitIsNotValid() {
    assertFalse(Luhn.isValid("79927398710"));
    assertFalse(Luhn.isValid("490154203237513"));
  }

  @Test
  void emptyNullAndNonAsciiDigitsAreNotValid() {
    assertFalse(Luhn.isValid(""));
    assertFalse(Luhn.isValid(null));
    assertFalse(Luhn.isValid("7992739871a"));
    assertFalse(Luhn.isValid("7992739871 3"));
    assertFalse(Luhn.isValid("\uFF10")); // full-width zero: a digit to Character.isDigit, not to Luhn
  }

  @Test
  void checkDigitOfNonDigitsIsRejected() {
    assertRejected("digits", "non-digit", () -> Luhn.checkDigit("12a4"));
    assertRejected("digits", "missing", () -> Luhn.checkDigit(null));
  }

  @Test
  void appendingTheCheckDigitAlwaysYieldsAValidNumberAndEverySingleDigitChangeIsCaught() {
    Random random = new Random(20240501L);
    for (int iteration = 0; iteration < 10_000; iteration++) {
      StringBuilder number = randomDigits(random, 1 + random.nextInt(25));
      number.append(Luhn.checkDigit(number));
      assertTrue(Luhn.isValid(number), number::toString);

      String altered = withOneDigitChanged(random, number);
      assertFalse(Luhn.isValid(altered), altered);
    }
  }

  @Test
  void luhnDoesNotAllocate() {
    String imei = "490154203237518";
    int[] valid = new int[1];
    long allocated = IdAssertions.bytesAllocatedBy(() -> {
      for (int i = 0; i < IdAssertions.ALLOCATION_PROBE_CALLS; i++) {
        if (Luhn.isValid(imei) && Luhn.checkDigit(imei) >= 0) {
          valid[0]++;
        }
      }
    });
    assertEquals(IdAssertions.ALLOCATION_PROBE_CALLS, valid[0]);
    IdAssertions.assertNoAllocationPerCall(allocated);
  }

  /** {@code digits} with one randomly chosen digit replaced by a different one. */
  static String withOneDigitChanged(Random random, CharSequence digits) {
    StringBuilder altered = new StringBuilder(digits);
    int position = random.nextInt(altered.length());
    altered.setCharAt(position, (char) ('0' + (altered.charAt(position) - '0' + 1 + random.nextInt(9)) % 10));
    return altered.toString();
  }

  static StringBuilder randomDigits(Random random, int length) {
    StringBuilder digits = new StringBuilder(length + 1);
    for (int i = 0; i < length; i++) {
      digits.append((char) ('0' + random.nextInt(10)));
    }
    return digits;
  }
}
