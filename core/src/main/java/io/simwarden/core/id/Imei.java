package io.simwarden.core.id;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * International Mobile Equipment Identity (3GPP TS 23.003 §6.2.1): TAC (8) + serial number (6) + Luhn
 * check digit (1).
 */
public record Imei(String value) {
  private static final String FIELD = "imei";
  private static final String EXPECTED = "15 digits: TAC (8) + serial number (6) + Luhn check digit";

  public Imei {
    value = Digits.require(FIELD, value, 15, 15, EXPECTED);
    Luhn.require(FIELD, value);
  }

  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public static Imei of(String value) {
    return new Imei(value);
  }

  /** The IMEI made of {@code body} (TAC + serial number, 14 digits) and its computed check digit. */
  public static Imei fromBody(String body) {
    String digits =
        Digits.require(FIELD, body, 14, 14, "14 digits (TAC + serial number) to append a check digit to");
    return new Imei(digits + (char) ('0' + Luhn.checkDigit(digits)));
  }

  public Tac tac() {
    return new Tac(value.substring(0, 8));
  }

  public String serialNumber() {
    return value.substring(8, 14);
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
