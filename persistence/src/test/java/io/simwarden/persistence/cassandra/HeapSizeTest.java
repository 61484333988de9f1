package io.simwarden.persistence.cassandra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HeapSizeTest {

  @Test
  void megabytesAndGigabytesInEitherCaseAreAccepted() {
    assertEquals(512, HeapSize.parse("512m").megabytes());
    assertEquals(1024, HeapSize.parse("1G").megabytes());
    assertEquals(1536, HeapSize.parse("1536M").megabytes());
  }

  @Test
  void jvmNotationUsesGigabytesWhenExact() {
    assertEquals("1g", HeapSize.parse("1024m").jvmNotation());
    assertEquals("1536m", HeapSize.parse("1536m").jvmNotation());
  }

  @Test
  void textThatIsNotANumberWithAUnitIsRejectedWithAnExample() {
    for (String bad : new String[] {"", "1", "1gb", "1.5g", "-1g", "0m", "g", "1 g", "1t", "01g"}) {
      IllegalArgumentException failure = assertThrows(IllegalArgumentException.class, () -> HeapSize.parse(bad));
      assertTrue(failure.getMessage().contains("for example 512m or 1g"), bad + ": " + failure.getMessage());
    }
  }

  @Test
  void aHeapBelowTheMinimumIsRejected() {
    IllegalArgumentException failure = assertThrows(IllegalArgumentException.class, () -> HeapSize.parse("256m"));
    assertTrue(failure.getMessage().contains("at least 512m"), failure.getMessage());
  }
}
