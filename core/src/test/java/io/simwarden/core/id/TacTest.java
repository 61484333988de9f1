package io.simwarden.core.id;

import static io.simwarden.core.id.IdAssertions.assertJsonRejected;
import static io.simwarden.core.id.IdAssertions.assertJsonRoundTrip;
import static io.simwarden.core.id.IdAssertions.assertRejected;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TacTest {

  @Test
  void eightDigitsAreATac() {
    assertEquals("35209900", Tac.of(" 35209900 ").value());
    assertEquals("35209900", Tac.of("35209900").toString());
  }

  @Test
  void tacOfWrongLengthIsRejected() {
    assertRejected("tac", "has 7 digits", () -> Tac.of("3520990"));
    assertRejected("tac", "has 9 digits", () -> Tac.of("352099001"));
  }

  @Test
  void tacWithNonDigitOrMissingIsRejected() {
    assertRejected("tac", "'A', which is not a digit", () -> Tac.of("3520990A"));
    assertRejected("tac", "missing", () -> Tac.of(null));
    assertRejected("tac", "empty", () -> Tac.of(""));
  }

  @Test
  void tacTravelsAsAJsonString() throws Exception {
    assertJsonRoundTrip(Tac.of("35209900"), "35209900", Tac.class);
    assertJsonRejected("3520990", Tac.class, "tac");
  }
}
