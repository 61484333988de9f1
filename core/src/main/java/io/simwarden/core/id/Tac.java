package io.simwarden.core.id;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Type Allocation Code (3GPP TS 23.003 §6.2.1): the 8 digits that open an IMEI and name the device model. */
public record Tac(String value) {
  private static final String FIELD = "tac";
  private static final String EXPECTED = "8 digits (Type Allocation Code, the first 8 digits of an IMEI)";

  public Tac {
    value = Digits.require(FIELD, value, 8, 8, EXPECTED);
  }

  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public static Tac of(String value) {
    return new Tac(value);
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
