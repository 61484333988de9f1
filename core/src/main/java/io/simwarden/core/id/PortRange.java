package io.simwarden.core.id;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.simwarden.core.ValidationException;

/** An inclusive range of TCP/UDP ports: {@code "80"}, {@code "1000-2000"}, or {@code "any"} / {@code "*"}. */
public record PortRange(int lo, int hi) {
  private static final String FIELD = "port";
  private static final String EXPECTED = "a port 0-65535, a range like 1000-2000, or 'any'";
  private static final int MAX_PORT = 65_535;

  public static final PortRange ANY = new PortRange(0, MAX_PORT);

  public PortRange {
    if (lo < 0 || hi > MAX_PORT) {
      throw new ValidationException(
          FIELD, "range " + lo + "-" + hi + " reaches outside 0-65535; expected " + EXPECTED);
    }
    if (lo > hi) {
      throw new ValidationException(
          FIELD, "range " + lo + "-" + hi + " runs backwards; did you mean " + hi + "-" + lo + "?");
    }
  }

  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public static PortRange of(String text) {
    String s = Digits.stripped(FIELD, text, EXPECTED);
    if (s.equals("*") || s.equalsIgnoreCase("any")) {
      return ANY;
    }
    int dash = s.indexOf('-');
    if (dash < 0) {
      return single(parsePort(s, s));
    }
    return new PortRange(parsePort(s.substring(0, dash), s), parsePort(s.substring(dash + 1), s));
  }

  public static PortRange of(int lo, int hi) {
    return new PortRange(lo, hi);
  }

  public static PortRange single(int port) {
    return new PortRange(port, port);
  }

  private static int parsePort(String port, String shown) {
    if (port.isEmpty() || port.length() > 5 || !port.chars().allMatch(c -> Digits.isDigit((char) c))) {
      throw new ValidationException(
          FIELD, ValidationException.quote(port) + " is not a port number in " + ValidationException.quote(shown)
              + "; expected " + EXPECTED);
    }
    int value = Integer.parseInt(port);
    if (value > MAX_PORT) {
      throw new ValidationException(
          FIELD, "port " + value + " is above 65535 in " + ValidationException.quote(shown) + "; expected " + EXPECTED);
    }
    return value;
  }

  public boolean contains(int port) {
    return port >= lo && port <= hi;
  }

  /** Canonical text: {@code "any"}, a single port, or {@code "lo-hi"}. */
  @JsonValue
  @Override
  public String toString() {
    if (lo == 0 && hi == MAX_PORT) {
      return "any";
    }
    return lo == hi ? Integer.toString(lo) : lo + "-" + hi;
  }
}
