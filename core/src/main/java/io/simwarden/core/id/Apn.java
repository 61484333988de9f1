package io.simwarden.core.id;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.simwarden.core.ValidationException;
import java.util.Locale;

/**
 * Access Point Name network identifier (3GPP TS 23.003 §9.1, §9.1.1), e.g. {@code iot.example.com}.
 *
 * <p>Labels separated by dots, each of letters, digits and '-' and neither starting nor ending with '-'.
 * Case is not significant, so the canonical form is lower-case. The operator identifier
 * ({@code mnc….mcc….gprs}) is not part of it: the network appends that.
 */
public record Apn(String value) {
  private static final String FIELD = "apn";
  private static final String EXPECTED = "an APN network identifier such as iot.example.com";

  /**
   * §9.1.1: at most 63 octets once encoded as length-prefixed labels, which is the text length plus one.
   * (The 100-octet limit of §9.1 is for the whole APN, operator identifier included.)
   */
  private static final int MAX_TEXT_LENGTH = 62;

  private static final String[] RESERVED_PREFIXES = {"rac", "lac", "sgsn", "rnc"};

  public Apn {
    if (value == null) {
      throw new ValidationException(FIELD, "is missing; expected " + EXPECTED);
    }
    String shown = value;
    value = value.strip();
    if (value.isEmpty()) {
      throw new ValidationException(FIELD, "is empty; expected " + EXPECTED);
    }
    if (value.length() > MAX_TEXT_LENGTH) {
      throw new ValidationException(
          FIELD, "is " + value.length() + " characters long in " + ValidationException.quote(shown)
              + "; an APN network identifier may have at most " + MAX_TEXT_LENGTH
              + " (63 octets encoded, 3GPP TS 23.003 §9.1.1)");
    }
    // Checked before lower-casing: even Locale.ROOT maps some non-ASCII letters (the Kelvin sign) to ASCII.
    requireLabels(value, shown);
    value = value.toLowerCase(Locale.ROOT);
    for (String prefix : RESERVED_PREFIXES) {
      if (value.startsWith(prefix)) {
        throw new ValidationException(
            FIELD, "starts with '" + prefix + "' in " + ValidationException.quote(shown)
                + "; 3GPP TS 23.003 §9.1.1 reserves names starting with rac, lac, sgsn or rnc for"
                + " routing areas and nodes, so choose another first label");
      }
    }
    if (value.equals("gprs") || value.endsWith(".gprs")) {
      throw new ValidationException(
          FIELD, "ends in 'gprs' in " + ValidationException.quote(shown)
              + "; that is the operator identifier the network appends, so give only the network"
              + " identifier (e.g. iot.example.com)");
    }
  }

  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public static Apn of(String value) {
    return new Apn(value);
  }

  private static void requireLabels(String apn, String shown) {
    int labelStart = 0;
    for (int i = 0; i <= apn.length(); i++) {
      char c = i < apn.length() ? apn.charAt(i) : '.';
      if (c == '.') {
        requireLabel(apn, labelStart, i, shown);
        labelStart = i + 1;
      } else if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || Digits.isDigit(c) || c == '-')) {
        throw new ValidationException(
            FIELD, "contains '" + c + "' in " + ValidationException.quote(shown)
                + "; labels may contain only letters, digits and '-', separated by '.'");
      }
    }
  }

  /** Labels cannot exceed 63 characters here, since the whole text is shorter than that. */
  private static void requireLabel(String apn, int start, int end, String shown) {
    if (start == end) {
      throw new ValidationException(
          FIELD, "has an empty label in " + ValidationException.quote(shown)
              + "; expected labels separated by single dots, with no leading or trailing dot");
    }
    if (apn.charAt(start) == '-' || apn.charAt(end - 1) == '-') {
      throw new ValidationException(
          FIELD, "label '" + apn.substring(start, end) + "' starts or ends with '-' in "
              + ValidationException.quote(shown) + "; '-' may only appear inside a label");
    }
  }

  @JsonValue
  @Override
  public String value() {
    return value;
  }

  @Override
  public String toString() {
    return value;
  }
}
