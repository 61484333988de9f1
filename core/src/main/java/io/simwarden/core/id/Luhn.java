package io.simwarden.core.id;

import io.simwarden.core.ValidationException;

/**
 * The Luhn (mod 10) check digit used by IMEIs (3GPP TS 23.003 annex B) and ICCIDs (ITU-T E.118).
 *
 * <p>Neither method allocates, so both may run on hot paths.
 */
public final class Luhn {
  private Luhn() {}

  /** Whether {@code digits} is non-empty, all ASCII digits, and ends in a correct Luhn check digit. */
  public static boolean isValid(CharSequence digits) {
    if (digits == null || digits.length() == 0) {
      return false;
    }
    int sum = weightedSum(digits, digits.length(), false);
    return sum >= 0 && sum % 10 == 0;
  }

  /**
   * The digit to append to {@code body} so that the result passes {@link #isValid}.
   *
   * @throws ValidationException if {@code body} is null or contains anything but ASCII digits
   */
  public static int checkDigit(CharSequence body) {
    if (body == null) {
      throw new ValidationException("digits", "is missing; expected the digits to compute a check digit for");
    }
    int sum = weightedSum(body, body.length(), true);
    if (sum < 0) {
      throw new ValidationException(
          "digits", "contains a non-digit in " + ValidationException.quote(body.toString())
              + "; a Luhn check digit is computed over ASCII digits only");
    }
    return (10 - sum % 10) % 10;
  }

  /**
   * Rejects {@code digits} (already known to be all ASCII digits) unless its last digit is the Luhn
   * check digit of the others, saying which digit was expected.
   */
  static void require(String field, String digits) {
    int last = digits.length() - 1;
    int expected = (10 - weightedSum(digits, last, true) % 10) % 10;
    int actual = digits.charAt(last) - '0';
    if (actual != expected) {
      throw new ValidationException(
          field,
          "check digit is " + actual + " but Luhn requires " + expected + " for "
              + ValidationException.quote(digits));
    }
  }

  /**
   * Sum over {@code digits[0, end)} from the right, doubling every second digit (casting out nines);
   * {@code doubleRightmost} says whether the digit at {@code end - 1} is one of the doubled ones, which
   * it is when computing a check digit that will follow it. Returns -1 on a non-digit.
   */
  private static int weightedSum(CharSequence digits, int end, boolean doubleRightmost) {
    int sum = 0;
    boolean doubled = doubleRightmost;
    for (int i = end - 1; i >= 0; i--) {
      int d = digits.charAt(i) - '0';
      if (d < 0 || d > 9) {
        return -1;
      }
      if (doubled) {
        d *= 2;
        if (d > 9) {
          d -= 9;
        }
      }
      sum += d;
      doubled = !doubled;
    }
    return sum;
  }
}
