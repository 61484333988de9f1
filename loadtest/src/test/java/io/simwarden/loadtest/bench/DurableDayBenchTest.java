package io.simwarden.loadtest.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class DurableDayBenchTest {

  @Test
  void theProfileSizesUnlessThePropertyNamesOthers() {
    assertEquals(List.of(20_000, 200_000), DurableDayBench.sizes(null, List.of(20_000, 200_000)));
    assertEquals(List.of(20_000, 200_000), DurableDayBench.sizes(" ", List.of(20_000, 200_000)));
    assertEquals(List.of(200_000), DurableDayBench.sizes("200000", List.of(20_000, 200_000)));
    assertEquals(List.of(1_000, 50_000), DurableDayBench.sizes("1000, 50000", List.of()));
  }

  @Test
  void aBadSizeNamesThePropertyAndWhatIsValid() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> DurableDayBench.sizes("20000,2e5", List.of()));
    assertTrue(e.getMessage().startsWith(DurableDayBench.SIZES + ": \"2e5\" is not a fleet size"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> DurableDayBench.sizes("10", List.of()));
  }
}
