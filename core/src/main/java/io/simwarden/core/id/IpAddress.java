package io.simwarden.core.id;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.simwarden.core.ValidationException;

/**
 * An IPv4 or IPv6 address as two longs, so that matching it costs no allocation.
 *
 * <p>IPv6: {@code hi} holds bits 127–64, {@code lo} bits 63–0. IPv4: {@code hi} is 0 and the address is
 * the low 32 bits of {@code lo}. An IPv4-mapped IPv6 address ({@code ::ffff:192.0.2.1}) is an IPv6 address
 * and is not equal to the IPv4 address it maps.
 *
 * <p>Parsing never resolves names ({@code InetAddress.getByName} does a DNS lookup for anything that is not
 * a literal). Canonical text is the dotted quad, or RFC 5952 for IPv6: lower-case, no leading zeros, the
 * longest run of two or more zero groups as {@code ::} (the first on a tie), and IPv4-mapped addresses in
 * the mixed notation RFC 5952 §5 recommends.
 */
public record IpAddress(long hi, long lo, boolean v6) {
  private static final String FIELD = "ip";
  private static final String EXPECTED = "an IPv4 address like 192.0.2.1 or an IPv6 address like 2001:db8::1";
  private static final long V4_MASK = 0xFFFF_FFFFL;

  public IpAddress {
    if (!v6 && (hi != 0 || (lo & ~V4_MASK) != 0)) {
      throw new ValidationException(
          FIELD, "an IPv4 address has hi = 0 and only the low 32 bits of lo set, got hi=" + hi + " lo=" + lo
              + "; use IpAddress.v4(int)");
    }
  }

  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public static IpAddress of(String text) {
    String address = Digits.stripped(FIELD, text, EXPECTED);
    return parse(FIELD, address, address);
  }

  /** The IPv4 address whose 32 bits are {@code bits} (192.0.2.1 is {@code 0xC0000201}). */
  public static IpAddress v4(int bits) {
    return new IpAddress(0, bits & V4_MASK, false);
  }

  /** The 32 bits of an IPv4 address. */
  public int v4Bits() {
    if (v6) {
      throw new IllegalStateException(this + " is an IPv6 address; it has no 32-bit form");
    }
    return (int) lo;
  }

  public boolean isV6() {
    return v6;
  }

  /**
   * Parses an address literal that has already been stripped of surrounding whitespace.
   *
   * @param shown the user's input, quoted in messages (for a CIDR, the whole CIDR)
   */
  static IpAddress parse(String field, String address, String shown) {
    if (address.isEmpty()) {
      throw new ValidationException(field, "is empty; expected " + EXPECTED);
    }
    int percent = address.indexOf('%');
    if (percent >= 0) {
      throw new ValidationException(
          field, "zone id '" + address.substring(percent) + "' in " + ValidationException.quote(shown)
              + " is not supported; a zone only has meaning on one host, so write the address without it");
    }
    if (address.charAt(0) == '[') {
      throw new ValidationException(
          field, "has brackets in " + ValidationException.quote(shown)
              + "; brackets belong to URLs, write the bare address like 2001:db8::1");
    }
    if (address.indexOf(':') < 0) {
      return new IpAddress(0, parseV4(field, address, 0, address.length(), shown), false);
    }
    return parseV6(field, address, shown);
  }

  /** Parses {@code s[from, to)} as a dotted quad; returns its 32 bits. */
  private static long parseV4(String field, String s, int from, int to, String shown) {
    long bits = 0;
    int octets = 0;
    int i = from;
    while (true) {
      int start = i;
      while (i < to && Digits.isDigit(s.charAt(i))) {
        i++;
      }
      if (i == start) {
        throw new ValidationException(
            field, (i < to ? "contains '" + s.charAt(i) + "' where a digit was expected" : "has an empty octet")
                + " in " + ValidationException.quote(shown) + "; expected " + EXPECTED);
      }
      String octet = s.substring(start, i);
      if (octet.length() > 1 && octet.charAt(0) == '0') {
        throw new ValidationException(
            field, "octet '" + octet + "' has a leading zero in " + ValidationException.quote(shown)
                + "; write it without (some parsers read leading zeros as octal)");
      }
      if (octet.length() > 3 || Integer.parseInt(octet) > 255) {
        throw new ValidationException(
            field, "octet '" + octet + "' is greater than 255 in " + ValidationException.quote(shown)
                + "; each of the 4 octets is 0 to 255");
      }
      bits = bits << 8 | Integer.parseInt(octet);
      octets++;
      if (i == to) {
        break;
      }
      if (s.charAt(i) != '.') {
        throw new ValidationException(
            field, "contains '" + s.charAt(i) + "' where '.' was expected in " + ValidationException.quote(shown)
                + "; expected " + EXPECTED);
      }
      if (octets == 4) {
        throw new ValidationException(
            field, "has more than 4 octets in " + ValidationException.quote(shown) + "; expected " + EXPECTED);
      }
      i++;
    }
    if (octets != 4) {
      throw new ValidationException(
          field, "has " + octets + " octets in " + ValidationException.quote(shown)
              + "; an IPv4 address has 4, like 192.0.2.1");
    }
    return bits;
  }

  /** RFC 4291 §2.2: eight groups of 1–4 hex digits, one optional {@code ::}, optionally ending in IPv4. */
  private static IpAddress parseV6(String field, String s, String shown) {
    int n = s.length();
    int[] groups = new int[8];
    int count = 0;
    int gapAt = -1;
    int i = 0;
    if (s.startsWith("::")) {
      gapAt = 0;
      i = 2;
    } else if (s.charAt(0) == ':') {
      throw v6Problem(field, "starts with a single ':'", shown);
    }
    while (i < n) {
      int start = i;
      while (i < n && hexValue(s.charAt(i)) >= 0) {
        i++;
      }
      if (i < n && s.charAt(i) == '.') {
        if (count > 6) {
          throw v6Problem(field, "has no room for an embedded IPv4 address after " + count + " groups", shown);
        }
        long v4 = parseV4(field, s, start, n, shown);
        groups[count++] = (int) (v4 >>> 16);
        groups[count++] = (int) (v4 & 0xFFFF);
        break;
      }
      if (i == start) {
        char c = s.charAt(i);
        throw v6Problem(
            field,
            c == ':' ? "has ':::'; '::' stands for the zero groups and ':' separates the others"
                : "contains '" + c + "', which is not a hex digit",
            shown);
      }
      if (i - start > 4) {
        throw v6Problem(field, "group '" + s.substring(start, i) + "' has more than 4 hex digits", shown);
      }
      if (count == 8) {
        throw v6Problem(field, "has more than 8 groups", shown);
      }
      groups[count++] = Integer.parseInt(s, start, i, 16);
      if (i == n) {
        break;
      }
      char c = s.charAt(i);
      if (c != ':') {
        throw v6Problem(field, "contains '" + c + "', which is not a hex digit", shown);
      }
      i++;
      if (i < n && s.charAt(i) == ':') {
        if (gapAt >= 0) {
          throw v6Problem(field, "has '::' more than once; it may stand for only one run of zero groups", shown);
        }
        gapAt = count;
        i++;
      } else if (i == n) {
        throw v6Problem(field, "ends with a single ':'", shown);
      }
    }
    if (gapAt < 0 && count != 8) {
      throw v6Problem(field, "has " + count + " groups; without '::' it needs 8", shown);
    }
    if (gapAt >= 0 && count == 8) {
      throw v6Problem(field, "has 8 groups and '::', which must stand for at least one zero group", shown);
    }
    int zeros = 8 - count;
    int gap = gapAt < 0 ? count : gapAt;
    long hi = 0;
    long lo = 0;
    for (int k = 0; k < 8; k++) {
      long group = k < gap ? groups[k] : k < gap + zeros ? 0 : groups[k - zeros];
      if (k < 4) {
        hi = hi << 16 | group;
      } else {
        lo = lo << 16 | group;
      }
    }
    return new IpAddress(hi, lo, true);
  }

  private static ValidationException v6Problem(String field, String problem, String shown) {
    return new ValidationException(
        field, "IPv6 address " + problem + " in " + ValidationException.quote(shown)
            + "; expected 8 groups of 1-4 hex digits separated by ':', like 2001:db8:0:0:0:0:0:1 or 2001:db8::1");
  }

  private static int hexValue(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }

  private int group(int k) {
    return (int) ((k < 4 ? hi : lo) >>> (48 - 16 * (k & 3))) & 0xFFFF;
  }

  /** The canonical text described in the class comment. */
  @JsonValue
  @Override
  public String toString() {
    StringBuilder text = new StringBuilder(39);
    if (!v6) {
      appendV4(text, lo);
      return text.toString();
    }
    if (hi == 0 && (lo >>> 32) == 0xFFFF) {
      appendV4(text.append("::ffff:"), lo & V4_MASK);
      return text.toString();
    }
    int bestStart = -1;
    int bestLength = 1;
    int runStart = -1;
    for (int k = 0; k <= 8; k++) {
      if (k < 8 && group(k) == 0) {
        if (runStart < 0) {
          runStart = k;
        }
      } else if (runStart >= 0) {
        if (k - runStart > bestLength) {
          bestStart = runStart;
          bestLength = k - runStart;
        }
        runStart = -1;
      }
    }
    for (int k = 0; k < 8; k++) {
      if (k == bestStart) {
        text.append("::");
        k += bestLength - 1;
        continue;
      }
      if (k > 0 && k != bestStart + bestLength) {
        text.append(':');
      }
      text.append(Integer.toHexString(group(k)));
    }
    return text.toString();
  }

  private static void appendV4(StringBuilder text, long bits) {
    text.append(bits >>> 24 & 0xFF).append('.').append(bits >>> 16 & 0xFF).append('.')
        .append(bits >>> 8 & 0xFF).append('.').append(bits & 0xFF);
  }
}
