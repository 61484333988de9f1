package io.simwarden.core.id;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * IMEI with software version (3GPP TS 23.003 §6.2.2): TAC (8) + serial number (6) + SVN (2), no check
 * digit.
 */
public record ImeiSv(String value) {
  private static final String FIELD = "imeisv";
  private static final String EXPECTED = "16 digits: TAC (8) + serial number (6) + software version (2)";

  public ImeiSv {
    value = Digits.require(FIELD, value, 16, 16, EXPECTED);
  }

  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public static ImeiSv of(String value) {
    return new ImeiSv(value);
  }

  public Tac tac() {
    return new Tac(value.substring(0, 8));
  }

  /** Software Version Number, two digits as written (e.g. {@code "01"}). */
  public String svn() {
    return value.substring(14, 16);
  }

  /** TAC + serial number: the 14 digits an IMEI shares with this IMEISV. */
  public String imeiBody() {
    return value.substring(0, 14);
  }

  /** The IMEI of the same device, its check digit computed. */
  public Imei imei() {
    return Imei.fromBody(imeiBody());
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
