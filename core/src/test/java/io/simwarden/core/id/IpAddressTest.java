package io.simwarden.core.id;

import static io.simwarden.core.id.IdAssertions.assertJsonRejected;
import static io.simwarden.core.id.IdAssertions.assertJsonRoundTrip;
import static io.simwarden.core.id.IdAssertions.assertRejected;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Random;
import org.junit.jupiter.api.Test;

class IpAddressTest {

  @Test
  void dottedQuadIsParsedIntoLowBits() {
    IpAddress ip = IpAddress.of("192.0.2.1");
    assertFalse(ip.isV6());
    assertEquals(0xC0000201, ip.v4Bits());
    assertEquals(0, ip.hi());
    assertEquals(0xC0000201L, ip.lo());
    assertEquals("192.0.2.1", ip.toString());
  }

  @Test
  void v4FactoryAndParsingAgree() {
    assertEquals(IpAddress.of("255.255.255.255"), IpAddress.v4(-1));
    assertEquals(IpAddress.of("0.0.0.0"), IpAddress.v4(0));
    assertEquals("10.1.2.3", IpAddress.v4(0x0A010203).toString());
  }

  @Test
  void surroundingWhitespaceIsTrimmed() {
    assertEquals(IpAddress.of("10.0.0.1"), IpAddress.of(" 10.0.0.1\n"));
    assertEquals(IpAddress.of("::1"), IpAddress.of("\t::1 "));
  }

  @Test
  void ipv4OctetWithLeadingZeroIsRejected() {
    assertRejected("ip", "octet '010' has a leading zero", () -> IpAddress.of("010.1.1.1"));
    assertRejected("ip", "octet '00' has a leading zero", () -> IpAddress.of("1.1.1.00"));
  }

  @Test
  void ipv4OctetAbove255IsRejected() {
    assertRejected("ip", "octet '256' is greater than 255", () -> IpAddress.of("256.1.1.1"));
    assertRejected("ip", "octet '1000' is greater than 255", () -> IpAddress.of("1.1.1000.1"));
  }

  @Test
  void ipv4WithWrongNumberOfOctetsIsRejected() {
    assertRejected("ip", "has 3 octets", () -> IpAddress.of("1.2.3"));
    assertRejected("ip", "has 1 octets", () -> IpAddress.of("127"));
    assertRejected("ip", "octet '16909060' is greater than 255", () -> IpAddress.of("16909060"));
    assertRejected("ip", "more than 4 octets", () -> IpAddress.of("1.2.3.4.5"));
    assertRejected("ip", "empty octet", () -> IpAddress.of("1.2.3."));
    assertRejected("ip", "contains '.' where a digit was expected", () -> IpAddress.of("1..2.3"));
  }

  @Test
  void ipv4WithForeignCharacterIsRejected() {
    assertRejected("ip", "contains 'a' where a digit was expected", () -> IpAddress.of("1.2.3.a"));
    assertRejected("ip", "contains '-' where '.' was expected", () -> IpAddress.of("1.2.3-4"));
    assertRejected("ip", "contains 'e' where '.' was expected", () -> IpAddress.of("1.2.3.4e"));
  }

  @Test
  void missingOrEmptyAddressIsRejected() {
    assertRejected("ip", "missing", () -> IpAddress.of(null));
    assertRejected("ip", "empty", () -> IpAddress.of("  "));
  }

  @Test
  void hostNamesAreRejectedWithoutLookup() {
    assertRejected("ip", "contains 'l' where a digit was expected", () -> IpAddress.of("localhost"));
  }

  @Test
  void ipv6TextFormsAreParsed() {
    assertEquals(new IpAddress(0, 0, true), IpAddress.of("::"));
    assertEquals(new IpAddress(0, 1, true), IpAddress.of("::1"));
    assertEquals(new IpAddress(0x0001_0000_0000_0000L, 0, true), IpAddress.of("1::"));
    assertEquals(new IpAddress(0x2001_0db8_0000_0000L, 1, true), IpAddress.of("2001:DB8::1"));
    assertEquals(
        new IpAddress(0x2001_0db8_0000_0000L, 0x0000_ff00_0042_8329L, true),
        IpAddress.of("2001:0db8:0000:0000:0000:ff00:0042:8329"));
    assertEquals(IpAddress.of("2001:db8::ff00:42:8329"), IpAddress.of("2001:0db8:0000:0000:0000:ff00:0042:8329"));
    assertEquals(IpAddress.of("1:2:3:4:5:6:7:8"), IpAddress.of("1:2:3:4:5:6:7:8"));
  }

  @Test
  void embeddedIpv4IsParsed() {
    assertEquals(new IpAddress(0, 0x0000_ffff_0102_0304L, true), IpAddress.of("::ffff:1.2.3.4"));
    assertEquals(new IpAddress(0x0064_ff9b_0000_0000L, 0xc000_0221L, true), IpAddress.of("64:ff9b::192.0.2.33"));
    assertEquals(IpAddress.of("1:2:3:4:5:6:708:90a"), IpAddress.of("1:2:3:4:5:6:7.8.9.10"));
  }

  @Test
  void ipv6CanonicalFormFollowsRfc5952() {
    assertEquals("::", IpAddress.of("0:0:0:0:0:0:0:0").toString());
    assertEquals("::1", IpAddress.of("0:0:0:0:0:0:0:1").toString());
    assertEquals("2001:db8::1", IpAddress.of("2001:DB8:0000::0001").toString());
    assertEquals("2001:db8::2:1", IpAddress.of("2001:db8:0:0:0:0:2:1").toString());
    assertEquals("2001:db8:0:1:1:1:1:1", IpAddress.of("2001:db8::1:1:1:1:1").toString());
    assertEquals("2001:0:0:1::1", IpAddress.of("2001:0:0:1:0:0:0:1").toString());
    assertEquals("2001:db8::1:0:0:1", IpAddress.of("2001:db8:0:0:1:0:0:1").toString());
    assertEquals("1:2:3:4:5:6:7:0", IpAddress.of("1:2:3:4:5:6:7::").toString());
    assertEquals("0:1:2:3:4:5:6:7", IpAddress.of("::1:2:3:4:5:6:7").toString());
    assertEquals("1::", IpAddress.of("1:0:0:0:0:0:0:0").toString());
  }

  @Test
  void ipv4MappedAddressIsWrittenInMixedNotationAndDiffersFromIpv4() {
    IpAddress mapped = IpAddress.of("::FFFF:0102:0304");
    assertEquals("::ffff:1.2.3.4", mapped.toString());
    assertTrue(mapped.isV6());
    assertNotEquals(IpAddress.of("1.2.3.4"), mapped);
  }

  @Test
  void zoneIdIsRejected() {
    assertRejected("ip", "zone id '%eth0'", () -> IpAddress.of("fe80::1%eth0"));
    assertRejected("ip", "zone id '%25'", () -> IpAddress.of("fe80::1%25"));
  }

  @Test
  void bracketedAddressIsRejected() {
    assertRejected("ip", "brackets", () -> IpAddress.of("[::1]"));
  }

  @Test
  void malformedIpv6IsRejected() {
    assertRejected("ip", "has ':::'", () -> IpAddress.of(":::"));
    assertRejected("ip", "has ':::'", () -> IpAddress.of("1:::2"));
    assertRejected("ip", "'::' more than once", () -> IpAddress.of("1::2::3"));
    assertRejected("ip", "starts with a single ':'", () -> IpAddress.of(":1::"));
    assertRejected("ip", "ends with a single ':'", () -> IpAddress.of("1:2:3:4:5:6:7:"));
    assertRejected("ip", "has 7 groups", () -> IpAddress.of("1:2:3:4:5:6:7"));
    assertRejected("ip", "more than 8 groups", () -> IpAddress.of("1:2:3:4:5:6:7:8:9"));
    assertRejected("ip", "has 8 groups and '::'", () -> IpAddress.of("1:2:3:4:5:6:7:8::"));
    assertRejected("ip", "has 8 groups and '::'", () -> IpAddress.of("1:2:3::4:5:6:7:8"));
    assertRejected("ip", "group '12345' has more than 4 hex digits", () -> IpAddress.of("12345::"));
    assertRejected("ip", "'g', which is not a hex digit", () -> IpAddress.of("g::1"));
    assertRejected("ip", "'g', which is not a hex digit", () -> IpAddress.of("1::g"));
    assertRejected("ip", "'\uFF11', which is not a hex digit", () -> IpAddress.of("::\uFF11"));
  }

  @Test
  void malformedEmbeddedIpv4IsRejected() {
    assertRejected("ip", "octet '256' is greater than 255", () -> IpAddress.of("::ffff:1.2.3.256"));
    assertRejected("ip", "has 3 octets", () -> IpAddress.of("::ffff:1.2.3"));
    assertRejected("ip", "no room for an embedded IPv4 address", () -> IpAddress.of("1:2:3:4:5:6:7:1.2.3.4"));
    assertRejected("ip", "has 8 groups and '::'", () -> IpAddress.of("1:2:3:4:5::6:1.2.3.4"));
    assertRejected("ip", "contains ':' where '.' was expected", () -> IpAddress.of("::1.2.3.4:5"));
  }

  @Test
  void ipv4WithBitsOutsideLow32IsRejectedByConstructor() {
    assertRejected("ip", "use IpAddress.v4(int)", () -> new IpAddress(1, 0, false));
    assertRejected("ip", "use IpAddress.v4(int)", () -> new IpAddress(0, 1L << 32, false));
  }

  @Test
  void v4BitsOfIpv6AddressIsAnError() {
    assertThrows(IllegalStateException.class, () -> IpAddress.of("::1").v4Bits());
  }

  @Test
  void ipv4RoundTripsAndMatchesTheJdk() throws UnknownHostException {
    Random random = new Random(4L);
    for (int iteration = 0; iteration < 10_000; iteration++) {
      int bits = random.nextInt();
      IpAddress ip = IpAddress.v4(bits);
      String text = ip.toString();
      assertEquals(ip, IpAddress.of(text));
      assertEquals(bits, IpAddress.of(text).v4Bits());
      byte[] bytes = {(byte) (bits >>> 24), (byte) (bits >>> 16), (byte) (bits >>> 8), (byte) bits};
      assertEquals(InetAddress.getByAddress(bytes).getHostAddress(), text);
    }
  }

  @Test
  void ipv6RoundTripsThroughCanonicalAndJdkForms() throws UnknownHostException {
    Random random = new Random(6L);
    for (int iteration = 0; iteration < 10_000; iteration++) {
      IpAddress ip = new IpAddress(randomGroups(random), randomGroups(random), true);
      String canonical = ip.toString();
      assertEquals(ip, IpAddress.of(canonical), canonical);
      assertCanonicalShape(ip, canonical);

      // The JDK writes all eight groups uncompressed; it turns IPv4-mapped bytes into an IPv4 address.
      InetAddress jdk = InetAddress.getByAddress(bytes(ip));
      if (jdk instanceof java.net.Inet6Address) {
        assertEquals(ip, IpAddress.of(jdk.getHostAddress()));
      }
      assertEquals(ip, IpAddress.of(paddedUpperCase(ip)));
    }
  }

  /** Sixty-four random bits in which about half of the 16-bit groups are zero, to exercise compression. */
  private static long randomGroups(Random random) {
    long value = 0;
    for (int group = 0; group < 4; group++) {
      value = value << 16 | (random.nextBoolean() ? 0 : random.nextInt(1 << 16));
    }
    return value;
  }

  private static byte[] bytes(IpAddress ip) {
    byte[] bytes = new byte[16];
    for (int i = 0; i < 8; i++) {
      bytes[i] = (byte) (ip.hi() >>> (56 - 8 * i));
      bytes[8 + i] = (byte) (ip.lo() >>> (56 - 8 * i));
    }
    return bytes;
  }

  private static String paddedUpperCase(IpAddress ip) {
    StringBuilder text = new StringBuilder();
    for (int group = 0; group < 8; group++) {
      long half = group < 4 ? ip.hi() : ip.lo();
      text.append(group == 0 ? "" : ":").append(String.format("%04X", half >>> (48 - 16 * (group & 3)) & 0xFFFF));
    }
    return text.toString();
  }

  private static void assertCanonicalShape(IpAddress ip, String canonical) {
    assertEquals(canonical.toLowerCase(java.util.Locale.ROOT), canonical);
    int firstGap = canonical.indexOf("::");
    assertEquals(firstGap, canonical.lastIndexOf("::"), canonical);
    if (canonical.startsWith("::ffff:") && canonical.indexOf('.') > 0) {
      return;
    }
    for (String group : canonical.split(":")) {
      assertFalse(group.length() > 1 && group.startsWith("0"), canonical);
    }
    int longestZeroRun = 0;
    int run = 0;
    for (int group = 0; group < 8; group++) {
      long half = group < 4 ? ip.hi() : ip.lo();
      run = (half >>> (48 - 16 * (group & 3)) & 0xFFFF) == 0 ? run + 1 : 0;
      longestZeroRun = Math.max(longestZeroRun, run);
    }
    assertEquals(longestZeroRun >= 2, firstGap >= 0, canonical);
    int written = canonical.replace("::", ":").replaceAll("^:|:$", "").split(":").length;
    if (firstGap >= 0) {
      assertEquals(8 - longestZeroRun, canonical.equals("::") ? 0 : written, canonical);
    }
  }

  @Test
  void ipAddressTravelsAsAJsonString() throws Exception {
    assertJsonRoundTrip(IpAddress.of("192.0.2.1"), "192.0.2.1", IpAddress.class);
    assertJsonRoundTrip(IpAddress.of("2001:DB8::1"), "2001:db8::1", IpAddress.class);
    assertJsonRoundTrip(IpAddress.of("::ffff:10.0.0.1"), "::ffff:10.0.0.1", IpAddress.class);
    assertJsonRejected("010.0.0.1", IpAddress.class, "ip");
  }
}
