package io.simwarden.core.id;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.simwarden.core.ValidationException;

/**
 * International Mobile Subscriber Identity (3GPP TS 23.003 §2.2): 15 digits, MCC (3) + MNC (2 or 3) + MSIN.
 *
 * <p>The MNC length is not encoded in the IMSI. {@link #of(String)} infers it from the MCC using the
 * table in {@link #inferredMncLength}; {@link #of(String, int)} states it explicitly for networks the
 * table gets wrong. Canonical text is the 15 digits when the MNC length is the inferred one, and
 * {@code MCC-MNC-MSIN} (e.g. {@code 405-03-0123456789}) when it is not, so that the split survives a
 * round trip through JSON and an entity replays with the same {@link #plmn()} it had live. {@link #value()}
 * is always the 15 digits.
 */
public record Imsi(String value, int mncLength) {
  private static final String FIELD = "imsi";
  private static final String EXPECTED =
      "15 digits: MCC (3) + MNC (2 or 3) + MSIN, optionally written MCC-MNC-MSIN";

  public Imsi {
    String shown = value;
    value = Digits.require(FIELD, value, 15, 15, EXPECTED);
    if (mncLength != 2 && mncLength != 3) {
      throw new ValidationException(
          FIELD, "MNC length " + mncLength + " given for " + ValidationException.quote(shown)
              + "; expected 2 or 3");
    }
    Plmn.requireAllocatedMcc(FIELD, value.substring(0, 3), shown);
  }

  /** Parses 15 digits (MNC length from the MCC table) or {@code MCC-MNC-MSIN} (MNC length as written). */
  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public static Imsi of(String text) {
    String s = Digits.stripped(FIELD, text, EXPECTED);
    int first = s.indexOf('-');
    if (first < 0) {
      String digits = Digits.require(FIELD, s, s, 15, 15, EXPECTED);
      return new Imsi(digits, inferredMncLength(digits));
    }
    int second = s.indexOf('-', first + 1);
    int mncLength = second - first - 1;
    if (first != 3 || second < 0 || mncLength < 2 || mncLength > 3 || s.indexOf('-', second + 1) >= 0) {
      throw new ValidationException(
          FIELD, "separated form must be MCC-MNC-MSIN with a 3-digit MCC and a 2- or 3-digit MNC, got "
              + ValidationException.quote(s) + "; expected " + EXPECTED);
    }
    String digits = s.substring(0, first) + s.substring(first + 1, second) + s.substring(second + 1);
    return new Imsi(Digits.require(FIELD, digits, s, 15, 15, EXPECTED), mncLength);
  }

  /** An IMSI whose MNC length is known from the operator rather than inferred. */
  public static Imsi of(String value, int mncLength) {
    return new Imsi(value, mncLength);
  }

  /**
   * The MNC length implied by the first digits of an IMSI: 3 for the MCCs listed below, 2 for every other.
   *
   * <p>Only MCCs where every assigned MNC is 3 digits are listed (ITU-T E.212 operational bulletin, the
   * North American Numbering Plan area and Latin American regulators that followed it):
   * <ul>
   *   <li>302 Canada; 310–316 United States; 334 Mexico;
   *   <li>Caribbean: 338 Jamaica, 342 Barbados, 344 Antigua and Barbuda, 346 Cayman Islands, 348 British
   *       Virgin Islands, 354 Montserrat, 356 Saint Kitts and Nevis, 358 Saint Lucia, 360 Saint Vincent,
   *       365 Anguilla, 376 Turks and Caicos;
   *   <li>708 Honduras, 722 Argentina, 732 Colombia, 750 Falkland Islands.
   * </ul>
   * Deliberately absent: 710 Nicaragua (2-digit MNCs 21, 30, 73) and Caribbean MCCs that mix lengths
   * (e.g. 350 Bermuda, 374 Trinidad and Tobago). India's 405 mixes lengths by block: 750–756, 799–886 and
   * 908–932 are 3-digit (the blocks AOSP's {@code SIMRecords} also treats as 3-digit), the rest 2-digit.
   * The 3-digit block 025–047 is left out because it collides with the 2-digit MNCs 02–04 of the same
   * MCC; such IMSIs need {@link #of(String, int)}.
   */
  static int inferredMncLength(String imsiDigits) {
    int mcc = Integer.parseInt(imsiDigits, 0, 3, 10);
    return switch (mcc) {
      case 302, 310, 311, 312, 313, 314, 315, 316, 334, 338, 342, 344, 346, 348, 354, 356, 358, 360, 365,
          376, 708, 722, 732, 750 -> 3;
      case 405 -> isIndia405ThreeDigitBlock(Integer.parseInt(imsiDigits, 3, 6, 10)) ? 3 : 2;
      default -> 2;
    };
  }

  private static boolean isIndia405ThreeDigitBlock(int mnc3) {
    return (mnc3 >= 750 && mnc3 <= 756) || (mnc3 >= 799 && mnc3 <= 886) || (mnc3 >= 908 && mnc3 <= 932);
  }

  public String mcc() {
    return value.substring(0, 3);
  }

  public String mnc() {
    return value.substring(3, 3 + mncLength);
  }

  /** Mobile Subscription Identification Number: what is left after MCC and MNC (9 or 10 digits). */
  public String msin() {
    return value.substring(3 + mncLength);
  }

  public Plmn plmn() {
    return new Plmn(mcc(), mnc());
  }

  /** The canonical text described in the class comment. */
  @JsonValue
  @Override
  public String toString() {
    return mncLength == inferredMncLength(value) ? value : mcc() + "-" + mnc() + "-" + msin();
  }
}
