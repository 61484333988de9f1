package io.simwarden.core.id;

import static io.simwarden.core.id.IdAssertions.assertJsonRejected;
import static io.simwarden.core.id.IdAssertions.assertJsonRoundTrip;
import static io.simwarden.core.id.IdAssertions.assertRejected;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CidrTest {

  @Test
  void ipv4NetworkIsParsedAndMatches() {
    Cidr cidr = Cidr.of("10.0.0.0/8");
    assertEquals("10.0.0.0/8", cidr.toString());
    assertFalse(cidr.v6());
    assertEquals(8, cidr.prefixLength());
    assertEquals(0, cidr.networkHi());
    assertEquals(0x0A00_0000L, cidr.networkLo());
    assertEquals(0, cidr.maskHi());
    assertEquals(0xFF00_0000L, cidr.maskLo());
    assertEquals(IpAddress.of("10.0.0.0"), cidr.network());
    assertTrue(cidr.contains(IpAddress.of("10.0.0.0")));
    assertTrue(cidr.contains(IpAddress.of("10.255.255.255")));
    assertFalse(cidr.contains(IpAddress.of("11.0.0.0")));
    assertFalse(cidr.contains(IpAddress.of("9.255.255.255")));
  }

  @Test
  void ipv6NetworkIsParsedAndWrittenCanonically() {
    Cidr cidr = Cidr.of(" 2001:DB8:0:0::/32 ");
    assertEquals("2001:db8::/32", cidr.toString());
    assertTrue(cidr.v6());
    assertEquals(0x2001_0db8_0000_0000L, cidr.networkHi());
    assertEquals(0xFFFF_FFFF_0000_0000L, cidr.maskHi());
    assertEquals(0, cidr.maskLo());
    assertTrue(cidr.contains(IpAddress.of("2001:db8:ffff::1")));
    assertFalse(cidr.contains(IpAddress.of("2001:db9::")));
  }

  @Test
  void bareAddressIsASingleHost() {
    assertEquals(Cidr.of("192.0.2.7/32"), Cidr.of("192.0.2.7"));
    assertEquals(Cidr.of("2001:db8::7/128"), Cidr.of("2001:db8::7"));
    assertEquals("192.0.2.7/32", Cidr.of("192.0.2.7").toString());
    assertTrue(Cidr.of("192.0.2.7").contains(IpAddress.of("192.0.2.7")));
    assertFalse(Cidr.of("192.0.2.7").contains(IpAddress.of("192.0.2.6")));
  }

  @Test
  void masksAtTheWordBoundariesAreExact() {
    assertEquals(-1L, Cidr.of("::/64").maskHi());
    assertEquals(0, Cidr.of("::/64").maskLo());
    assertEquals(Long.MIN_VALUE, Cidr.of("::/65").maskLo());
    assertEquals(0xFFFF_FFFF_FFFF_FFFEL, Cidr.of("::/63").maskHi());
    assertEquals(-1L, Cidr.of("::1/128").maskLo());
    assertEquals(0xFFFF_FFFFL, Cidr.of("1.2.3.4/32").maskLo());
  }

  @Test
  void anyNetworksMatchEverythingOfTheirVersionOnly() {
    assertEquals(Cidr.of("0.0.0.0/0"), Cidr.ANY_V4);
    assertEquals(Cidr.of("::/0"), Cidr.ANY_V6);
    assertEquals("0.0.0.0/0", Cidr.ANY_V4.toString());
    assertEquals("::/0", Cidr.ANY_V6.toString());
    assertEquals(0, Cidr.ANY_V6.maskHi());
    assertTrue(Cidr.ANY_V4.contains(IpAddress.of("255.255.255.255")));
    assertTrue(Cidr.ANY_V6.contains(IpAddress.of("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff")));
    assertFalse(Cidr.ANY_V4.contains(IpAddress.of("::")));
    assertFalse(Cidr.ANY_V6.contains(IpAddress.of("0.0.0.0")));
  }

  @Test
  void ipv4NetworkDoesNotContainTheIpv4MappedIpv6Address() {
    assertFalse(Cidr.of("10.0.0.0/8").contains(IpAddress.of("::ffff:10.0.0.1")));
    assertTrue(Cidr.of("::ffff:0:0/96").contains(IpAddress.of("::ffff:10.0.0.1")));
  }

  @Test
  void hostBitsSetIsRejectedWithTheNetworkMeant() {
    assertRejected("cidr", "host bits set in '10.1.2.3/8'; did you mean 10.0.0.0/8?", () -> Cidr.of("10.1.2.3/8"));
    assertRejected(
        "cidr", "host bits set in '2001:db8::1/32'; did you mean 2001:db8::/32?", () -> Cidr.of("2001:db8::1/32"));
    assertRejected("cidr", "did you mean 0.0.0.0/0?", () -> Cidr.of("1.0.0.0/0"));
    assertRejected("cidr", "did you mean 10.0.0.0/8?", () -> Cidr.of(IpAddress.of("10.0.0.1"), 8));
  }

  @Test
  void prefixOutOfRangeIsRejected() {
    assertRejected("cidr", "prefix length 33 is out of range", () -> Cidr.of("10.0.0.0/33"));
    assertRejected("cidr", "expected 0 to 128", () -> Cidr.of("::/129"));
    assertRejected("cidr", "prefix length 0008 is out of range", () -> Cidr.of("10.0.0.0/0008"));
    assertRejected("cidr", "prefix length -1 is out of range", () -> Cidr.of(IpAddress.of("10.0.0.0"), -1));
  }

  @Test
  void prefixThatIsNotANumberIsRejected() {
    assertRejected("cidr", "prefix length '' is not a number", () -> Cidr.of("10.0.0.0/"));
    assertRejected("cidr", "prefix length 'x' is not a number", () -> Cidr.of("10.0.0.0/x"));
    assertRejected("cidr", "prefix length '-1' is not a number", () -> Cidr.of("10.0.0.0/-1"));
    assertRejected("cidr", "prefix length '8/8' is not a number", () -> Cidr.of("10.0.0.0/8/8"));
    assertRejected("cidr", "prefix length '255.0.0.0' is not a number", () -> Cidr.of("10.0.0.0/255.0.0.0"));
  }

  @Test
  void badAddressIsRejectedUnderCidr() {
    assertRejected("cidr", "octet '256' is greater than 255 in '10.0.0.256/8'", () -> Cidr.of("10.0.0.256/8"));
    assertRejected("cidr", "zone id '%eth0'", () -> Cidr.of("fe80::%eth0/64"));
    assertRejected("cidr", "empty", () -> Cidr.of("/8"));
    assertRejected("cidr", "missing", () -> Cidr.of((String) null));
    assertRejected("cidr", "missing", () -> Cidr.of(null, 8));
  }

  @Test
  void equalNetworksAreEqual() {
    assertEquals(Cidr.of("10.0.0.0/8"), Cidr.of(IpAddress.of("10.0.0.0"), 8));
    assertEquals(Cidr.of("10.0.0.0/8").hashCode(), Cidr.of(IpAddress.of("10.0.0.0"), 8).hashCode());
    assertNotEquals(Cidr.of("10.0.0.0/8"), Cidr.of("10.0.0.0/9"));
    assertNotEquals(Cidr.of("0.0.0.0/0"), Cidr.of("::/0"));
  }

  @Test
  void containmentMatchesABigIntegerReference() {
    Random random = new Random(1234L);
    int[] edges = {0, 1, 31, 32, 33, 63, 64, 65, 127, 128};
    for (int iteration = 0; iteration < 10_000; iteration++) {
      boolean v6 = random.nextBoolean();
      int width = v6 ? 128 : 32;
      int prefix = random.nextInt(4) == 0 ? edges[random.nextInt(edges.length)] % (width + 1) : random.nextInt(width + 1);
      IpAddress anyAddress = randomAddress(random, v6);
      BigInteger network = reference(anyAddress).shiftRight(width - prefix).shiftLeft(width - prefix);
      Cidr cidr = Cidr.of(text(network, v6) + "/" + prefix);
      assertEquals(network, reference(cidr.network()));

      IpAddress[] candidates = {
        randomAddress(random, v6),
        randomAddress(random, !v6),
        flipBit(cidr.network(), random.nextInt(width)),
        flipBit(cidr.network(), prefix == 0 ? 0 : prefix - 1),
        flipBit(cidr.network(), prefix == width ? width - 1 : prefix),
        cidr.network(),
      };
      for (IpAddress candidate : candidates) {
        boolean expected = candidate.v6() == v6
            && reference(candidate).shiftRight(width - prefix).equals(network.shiftRight(width - prefix));
        assertEquals(expected, cidr.contains(candidate), () -> cidr + " contains " + candidate);
      }
    }
  }

  @Test
  void containsDoesNotAllocate() {
    Cidr[] cidrs = {Cidr.of("10.0.0.0/8"), Cidr.of("2001:db8::/32"), Cidr.ANY_V4, Cidr.of("::1")};
    IpAddress[] ips = {IpAddress.of("10.1.2.3"), IpAddress.of("2001:db8::1"), IpAddress.of("192.0.2.1")};
    int[] matches = new int[1];
    long allocated = IdAssertions.bytesAllocatedBy(() -> {
      for (int i = 0; i < IdAssertions.ALLOCATION_PROBE_CALLS; i++) {
        if (cidrs[i & 3].contains(ips[i % 3])) {
          matches[0]++;
        }
      }
    });
    assertTrue(matches[0] > 0);
    IdAssertions.assertNoAllocationPerCall(allocated);
  }

  private static IpAddress randomAddress(Random random, boolean v6) {
    return v6 ? new IpAddress(random.nextLong(), random.nextLong(), true) : IpAddress.v4(random.nextInt());
  }

  /** Flips bit {@code index}, counted from the most significant bit of the address. */
  private static IpAddress flipBit(IpAddress ip, int index) {
    if (!ip.v6()) {
      return IpAddress.v4(ip.v4Bits() ^ (1 << (31 - index)));
    }
    return index < 64
        ? new IpAddress(ip.hi() ^ (1L << (63 - index)), ip.lo(), true)
        : new IpAddress(ip.hi(), ip.lo() ^ (1L << (127 - index)), true);
  }

  /** The address as an unsigned integer, built from its bytes independently of the mask arithmetic. */
  private static BigInteger reference(IpAddress ip) {
    int length = ip.v6() ? 16 : 4;
    byte[] bytes = new byte[length];
    for (int i = 0; i < length; i++) {
      int bitFromLsb = 8 * (length - 1 - i);
      long half = bitFromLsb >= 64 ? ip.hi() : ip.lo();
      bytes[i] = (byte) (half >>> (bitFromLsb % 64));
    }
    return new BigInteger(1, bytes);
  }

  /** Text for an address given as an unsigned integer, in the JDK's uncompressed form. */
  private static String text(BigInteger address, boolean v6) {
    byte[] raw = address.toByteArray();
    byte[] bytes = new byte[v6 ? 16 : 4];
    int copy = Math.min(raw.length, bytes.length);
    System.arraycopy(raw, raw.length - copy, bytes, bytes.length - copy, copy);
    try {
      String text = InetAddress.getByAddress(bytes).getHostAddress();
      // The JDK turns IPv4-mapped IPv6 bytes into IPv4; write those in mixed notation instead.
      return v6 && text.indexOf(':') < 0 ? "::ffff:" + text : text;
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void cidrTravelsAsAJsonString() throws Exception {
    assertJsonRoundTrip(Cidr.of("10.0.0.0/8"), "10.0.0.0/8", Cidr.class);
    assertJsonRoundTrip(Cidr.of("2001:DB8::/32"), "2001:db8::/32", Cidr.class);
    assertJsonRoundTrip(Cidr.ANY_V6, "::/0", Cidr.class);
    assertJsonRejected("10.1.2.3/8", Cidr.class, "cidr");
  }
}
