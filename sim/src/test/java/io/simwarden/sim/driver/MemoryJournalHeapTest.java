package io.simwarden.sim.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class MemoryJournalHeapTest {

  private static final long GIB = 1L << 30;

  @Test
  void aMillionSimsOnADefaultHeapAreWarnedWithFlagsThatFit() {
    // A quarter of this machine's 24 GB: the JVM's default -Xmx.
    String warning = MemoryJournalHeap.warning(1_000_000, 100_000, 6 * GIB).orElseThrow();
    assertEquals("1,000,000 SIMs on the memory journal keep about 6.6 GB on the heap and this JVM may use 6.4 GB: "
        + "expect long GC pauses or an OutOfMemoryError. Give it a fixed heap, e.g. "
        + "SIMWARDEN_JAVA_OPTS=\"-XX:+UseParallelGC -Xms16g -Xmx16g -Xmn7g -XX:SurvivorRatio=6 "
        + "-XX:-UseAdaptiveSizePolicy\" (sim/README.md, Performance)", warning);
    assertTrue(2 * MemoryJournalHeap.live(1_000_000, 100_000) <= 16 * GIB, "the suggested heap fits the run");
  }

  @Test
  void fleetsThatFitAreNotWarned() {
    assertEquals(Optional.empty(), MemoryJournalHeap.warning(2_000, 100_000, 6 * GIB));
    assertEquals(Optional.empty(), MemoryJournalHeap.warning(100_000, 100_000, 6 * GIB));
    assertEquals(Optional.empty(), MemoryJournalHeap.warning(1_000_000, 100_000, 20 * GIB));
  }

  @Test
  void onlyOneCohortIsResident() {
    assertEquals(900_000 * MemoryJournalHeap.BYTES_PER_RESIDENT_SIM,
        MemoryJournalHeap.live(1_000_000, 1_000_000) - MemoryJournalHeap.live(1_000_000, 100_000));
    assertEquals(MemoryJournalHeap.BASE + 50_000 * (MemoryJournalHeap.BYTES_PER_SIM
        + MemoryJournalHeap.BYTES_PER_RESIDENT_SIM), MemoryJournalHeap.live(50_000, 100_000));
  }
}
