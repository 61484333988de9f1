package io.simwarden.core.id;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.simwarden.core.ValidationException;

/**
 * An IPv4 or IPv6 network: {@code 10.0.0.0/8}, {@code 2001:db8::/32}; a bare address is a single host
 * ({@code /32} or {@code /128}).
 *
 * <p>Strict like Python's {@code ip_network}: an address with host bits set below the prefix is rejected,
 * naming the network that was probably meant. Network and mask are kept as primitives so that
 * {@link #contains} does not allocate and a compiled firewall can copy them into arrays.
 */
public final class Cidr {
  private static final String FIELD = "cidr";
  private static final String EXPECTED =
      "an address with an optional prefix length, like 10.0.0.0/8, 192.0.2.7 or 2001:db8::/32";

  public static final Cidr ANY_V4 = new Cidr(false, 0, 0, 0);
  public static final Cidr ANY_V6 = new Cidr(true, 0, 0, 0);

  private final boolean v6;
  private final long networkHi;
  private final long networkLo;
  private final long maskHi;
  private final long maskLo;
  private final int prefixLength;

  private Cidr(boolean v6, long networkHi, long networkLo, int prefixLength) {
    this.v6 = v6;
    this.networkHi = networkHi;
    this.networkLo = networkLo;
    this.maskHi = maskHi(v6, prefixLength);
    this.maskLo = maskLo(v6, prefixLength);
    this.prefixLength = prefixLength;
  }

  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public static Cidr of(String text) {
    String s = Digits.stripped(FIELD, text, EXPECTED);
    int slash = s.indexOf('/');
    IpAddress address = IpAddress.parse(FIELD, slash < 0 ? s : s.substring(0, slash), s);
    int maxPrefix = maxPrefix(address.v6());
    int prefix = slash < 0 ? maxPrefix : parsePrefix(s, slash + 1, maxPrefix);
    return create(address, prefix, s);
  }

  /** The network {@code network/prefixLength}; host bits set in {@code network} are an error. */
  public static Cidr of(IpAddress network, int prefixLength) {
    if (network == null) {
      throw new ValidationException(FIELD, "network address is missing; expected " + EXPECTED);
    }
    return create(network, prefixLength, network + "/" + prefixLength);
  }

  private static Cidr create(IpAddress address, int prefixLength, String shown) {
    int maxPrefix = maxPrefix(address.v6());
    if (prefixLength < 0 || prefixLength > maxPrefix) {
      throw new ValidationException(FIELD, prefixOutOfRange(String.valueOf(prefixLength), shown, maxPrefix));
    }
    long hiMask = maskHi(address.v6(), prefixLength);
    long loMask = maskLo(address.v6(), prefixLength);
    if ((address.hi() & ~hiMask) != 0 || (address.lo() & ~loMask) != 0) {
      Cidr meant = new Cidr(address.v6(), address.hi() & hiMask, address.lo() & loMask, prefixLength);
      throw new ValidationException(
          FIELD, "host bits set in " + ValidationException.quote(shown) + "; did you mean " + meant + "?");
    }
    return new Cidr(address.v6(), address.hi(), address.lo(), prefixLength);
  }

  private static int parsePrefix(String s, int from, int maxPrefix) {
    String prefix = s.substring(from);
    if (prefix.isEmpty() || !prefix.chars().allMatch(c -> Digits.isDigit((char) c))) {
      throw new ValidationException(
          FIELD, "prefix length '" + prefix + "' is not a number in " + ValidationException.quote(s)
              + "; expected /0 to /" + maxPrefix + " after " + (maxPrefix == 32 ? "an IPv4" : "an IPv6")
              + " address");
    }
    if (prefix.length() > 3) {
      throw new ValidationException(FIELD, prefixOutOfRange(prefix, s, maxPrefix));
    }
    return Integer.parseInt(prefix);
  }

  private static String prefixOutOfRange(String prefix, String shown, int maxPrefix) {
    return "prefix length " + prefix + " is out of range in " + ValidationException.quote(shown)
        + "; expected 0 to " + maxPrefix + " for " + (maxPrefix == 32 ? "an IPv4" : "an IPv6") + " address";
  }

  private static int maxPrefix(boolean v6) {
    return v6 ? 128 : 32;
  }

  // Java masks shift distances to 6 bits, so -1L << 64 is -1L: the 0 and 64 boundaries need their own cases.
  private static long maskHi(boolean v6, int prefixLength) {
    if (!v6 || prefixLength == 0) {
      return 0;
    }
    return prefixLength >= 64 ? -1L : -1L << (64 - prefixLength);
  }

  private static long maskLo(boolean v6, int prefixLength) {
    if (!v6) {
      return (0xFFFF_FFFFL << (32 - prefixLength)) & 0xFFFF_FFFFL;
    }
    return prefixLength <= 64 ? 0 : -1L << (128 - prefixLength);
  }

  /** Whether {@code ip} lies in this network; an address of the other IP version never does. */
  public boolean contains(IpAddress ip) {
    return ip.v6() == v6 && (ip.hi() & maskHi) == networkHi && (ip.lo() & maskLo) == networkLo;
  }

  public boolean v6() {
    return v6;
  }

  public long networkHi() {
    return networkHi;
  }

  public long networkLo() {
    return networkLo;
  }

  public long maskHi() {
    return maskHi;
  }

  public long maskLo() {
    return maskLo;
  }

  public int prefixLength() {
    return prefixLength;
  }

  public IpAddress network() {
    return new IpAddress(networkHi, networkLo, v6);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Cidr other
        && v6 == other.v6
        && networkHi == other.networkHi
        && networkLo == other.networkLo
        && prefixLength == other.prefixLength;
  }

  @Override
  public int hashCode() {
    int h = Boolean.hashCode(v6);
    h = 31 * h + Long.hashCode(networkHi);
    h = 31 * h + Long.hashCode(networkLo);
    return 31 * h + prefixLength;
  }

  /** Canonical text: the network in {@link IpAddress} canonical form, '/', the prefix length. */
  @JsonValue
  @Override
  public String toString() {
    return network() + "/" + prefixLength;
  }
}
