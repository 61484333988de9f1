package io.simwarden.core.id;

import io.simwarden.core.ValidationException;

/** Shared input checks for the identifiers that are strings of decimal digits. */
final class Digits {
  private Digits() {}

  /** The input without surrounding whitespace; a missing value is rejected, naming what was expected. */
  static String stripped(String field, String input, String expected) {
    if (input == null) {
      throw new ValidationException(field, "is missing; expected " + expected);
    }
    return input.strip();
  }

  /**
   * Checks that {@code digits} holds only ASCII digits ({@link Character#isDigit} would also let through
   * Arabic-Indic or full-width digits) and that its length lies in {@code [minLength, maxLength]}.
   *
   * @param shown what to quote back in a message: the user's original input
   */
  static String require(
      String field, String digits, String shown, int minLength, int maxLength, String expected) {
    if (digits.isEmpty()) {
      throw new ValidationException(field, "is empty; expected " + expected);
    }
    for (int i = 0; i < digits.length(); i++) {
      char c = digits.charAt(i);
      if (!isDigit(c)) {
        throw new ValidationException(
            field,
            "contains '" + c + "', which is not a digit, in " + ValidationException.quote(shown)
                + "; expected " + expected);
      }
    }
    if (digits.length() < minLength || digits.length() > maxLength) {
      throw new ValidationException(
          field,
          "has " + digits.length() + " digits in " + ValidationException.quote(shown) + "; expected "
              + expected);
    }
    return digits;
  }

  /** {@link #stripped} followed by {@link #require}. */
  static String require(String field, String input, int minLength, int maxLength, String expected) {
    String digits = stripped(field, input, expected);
    return require(field, digits, digits, minLength, maxLength, expected);
  }

  static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
