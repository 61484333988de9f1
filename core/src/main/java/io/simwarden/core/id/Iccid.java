package io.simwarden.core.id;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Integrated Circuit Card Identifier (ITU-T E.118): 19 or 20 digits, the last a Luhn check digit. */
public record Iccid(String value) {
  private static final String FIELD = "iccid";
  private static final String EXPECTED = "19 or 20 digits ending in a Luhn check digit";

  public Iccid {
    value = Digits.require(FIELD, value, 19, 20, EXPECTED);
    Luhn.require(FIELD, value);
  }

  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public static Iccid of(String value) {
    return new Iccid(value);
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
