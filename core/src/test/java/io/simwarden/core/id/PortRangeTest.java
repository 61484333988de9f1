package io.simwarden.core.id;

import static io.simwarden.core.id.IdAssertions.assertJsonRejected;
import static io.simwarden.core.id.IdAssertions.assertJsonRoundTrip;
import static io.simwarden.core.id.IdAssertions.assertRejected;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class PortRangeTest {

  @Test
  void singlePortIsARangeOfOne() {
    PortRange http = PortRange.of("80");
    assertEquals(80, http.lo());
    assertEquals(80, http.hi());
    assertEquals("80", http.toString());
    assertEquals(PortRange.single(80), http);
  }

  @Test
  void rangeIsInclusive() {
    PortRange range = PortRange.of(" 1000-2000 ");
    assertEquals(PortRange.of(1000, 2000), range);
    assertEquals("1000-2000", range.toString());
    assertTrue(range.contains(1000));
    assertTrue(range.contains(2000));
    assertFalse(range.contains(999));
    assertFalse(range.contains(2001));
  }

  @Test
  void anyAndStarAndTheFullRangeAreAny() {
    assertSame(PortRange.ANY, PortRange.of("any"));
    assertSame(PortRange.ANY, PortRange.of("ANY"));
    assertSame(PortRange.ANY, PortRange.of("*"));
    assertEquals(PortRange.ANY, PortRange.of("0-65535"));
    assertEquals("any", PortRange.of(0, 65_535).toString());
    assertTrue(PortRange.ANY.contains(0));
    assertTrue(PortRange.ANY.contains(65_535));
    assertFalse(PortRange.ANY.contains(-1));
    assertFalse(PortRange.ANY.contains(65_536));
  }

  @Test
  void extremePortsAreAccepted() {
    assertEquals("0", PortRange.of("0").toString());
    assertEquals("65535", PortRange.of("65535").toString());
    assertEquals("0-1", PortRange.of("0-1").toString());
  }

  @Test
  void portAbove65535IsRejected() {
    assertRejected("port", "port 65536 is above 65535", () -> PortRange.of("65536"));
    assertRejected("port", "port 70000 is above 65535", () -> PortRange.of("1-70000"));
    assertRejected("port", "reaches outside 0-65535", () -> PortRange.of(0, 65_536));
    assertRejected("port", "reaches outside 0-65535", () -> PortRange.single(-1));
  }

  @Test
  void backwardsRangeIsRejectedWithTheRangeMeant() {
    assertRejected("port", "range 2000-1000 runs backwards; did you mean 1000-2000?", () -> PortRange.of("2000-1000"));
    assertRejected("port", "did you mean 3-5?", () -> PortRange.of(5, 3));
  }

  @Test
  void textThatIsNotAPortIsRejected() {
    assertRejected("port", "'http' is not a port number", () -> PortRange.of("http"));
    assertRejected("port", "'' is not a port number in '-1'", () -> PortRange.of("-1"));
    assertRejected("port", "'' is not a port number in '1000-'", () -> PortRange.of("1000-"));
    assertRejected("port", "'20-30' is not a port number", () -> PortRange.of("10-20-30"));
    assertRejected("port", "'8 0' is not a port number", () -> PortRange.of("8 0"));
    assertRejected("port", "'123456' is not a port number", () -> PortRange.of("123456"));
    assertRejected("port", "'+80' is not a port number", () -> PortRange.of("+80"));
  }

  @Test
  void missingOrEmptyPortIsRejected() {
    assertRejected("port", "missing", () -> PortRange.of(null));
    assertRejected("port", "'' is not a port number", () -> PortRange.of(""));
  }

  @Test
  void containmentHoldsExactlyAtTheEdges() {
    Random random = new Random(80L);
    for (int iteration = 0; iteration < 10_000; iteration++) {
      int a = random.nextInt(65_536);
      int b = random.nextInt(65_536);
      PortRange range = PortRange.of(Math.min(a, b), Math.max(a, b));
      assertEquals(range, PortRange.of(range.toString()));
      assertTrue(range.contains(range.lo()));
      assertTrue(range.contains(range.hi()));
      assertFalse(range.contains(range.lo() - 1));
      assertFalse(range.contains(range.hi() + 1));
      int inside = range.lo() + random.nextInt(range.hi() - range.lo() + 1);
      assertTrue(range.contains(inside));
    }
  }

  @Test
  void portRangeTravelsAsAJsonString() throws Exception {
    assertJsonRoundTrip(PortRange.of("1000-2000"), "1000-2000", PortRange.class);
    assertJsonRoundTrip(PortRange.of("443"), "443", PortRange.class);
    assertJsonRoundTrip(PortRange.ANY, "any", PortRange.class);
    assertJsonRejected("2000-1000", PortRange.class, "port");
  }
}
