package io.simwarden.core.id;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.simwarden.core.ValidationException;

/**
 * A public land mobile network: Mobile Country Code (3 digits) plus Mobile Network Code (2 or 3 digits).
 *
 * <p>Written {@code "20801"} or {@code "310410"}, or with a hyphen {@code "208-01"} / {@code "310-410"};
 * the canonical form is the plain digits, whose length (5 or 6) tells the MNC length. MNC {@code 01} and
 * MNC {@code 001} are different networks.
 */
public record Plmn(String mcc, String mnc) {
  private static final String FIELD = "plmn";
  private static final String EXPECTED =
      "MCC (3 digits) + MNC (2 or 3 digits), written like 20801, 310410, 208-01 or 310-410";

  public Plmn {
    String shown = mcc + "-" + mnc;
    mcc = Digits.require(FIELD, Digits.stripped(FIELD, mcc, EXPECTED), shown, 3, 3, EXPECTED);
    mnc = Digits.require(FIELD, Digits.stripped(FIELD, mnc, EXPECTED), shown, 2, 3, EXPECTED);
    requireAllocatedMcc(FIELD, mcc, shown);
  }

  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public static Plmn of(String text) {
    String s = Digits.stripped(FIELD, text, EXPECTED);
    int dash = s.indexOf('-');
    if (dash >= 0) {
      if (dash != 3) {
        throw new ValidationException(
            FIELD, "the MCC before '-' must have 3 digits in " + ValidationException.quote(s)
                + "; expected " + EXPECTED);
      }
      return new Plmn(s.substring(0, dash), s.substring(dash + 1));
    }
    String digits = Digits.require(FIELD, s, s, 5, 6, EXPECTED);
    return new Plmn(digits.substring(0, 3), digits.substring(3));
  }

  public static Plmn of(String mcc, String mnc) {
    return new Plmn(mcc, mnc);
  }

  /** The canonical form: MCC and MNC digits run together. */
  @JsonValue
  public String value() {
    return mcc + mnc;
  }

  @Override
  public String toString() {
    return value();
  }

  /** MCC 000 is not allocated by ITU-T E.212; it is what an unset or zeroed identifier reads as. */
  static void requireAllocatedMcc(String field, String mcc, String shown) {
    if (mcc.equals("000")) {
      throw new ValidationException(
          field, "MCC 000 is not an allocated country code in " + ValidationException.quote(shown)
              + "; expected a real MCC such as 208 or 310 (001 is the test network)");
    }
  }
}
