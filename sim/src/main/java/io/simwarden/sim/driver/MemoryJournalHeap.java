package io.simwarden.sim.driver;

import java.util.Optional;

/**
 * Whether a simulation on the memory journal fits the JVM's heap. The memory journal keeps every SIM's newest
 * snapshot and the events after it (~4.5 kB a SIM at the end of a 1 M-SIM quickstart day), and the running cohort's
 * entities are resident (~5 kB a SIM); a heap much smaller than twice that spends the run in full collections or
 * ends in an {@code OutOfMemoryError}, long after the user could have restarted it with the right flags.
 */
public final class MemoryJournalHeap {

  private static final long GIB = 1L << 30;
  static final long BYTES_PER_SIM = 5_000;
  static final long BYTES_PER_RESIDENT_SIM = 5_000;
  static final long BASE = GIB;

  private MemoryJournalHeap() {}

  /** Heap the run keeps live at its end, in bytes. */
  static long live(int sims, int cohort) {
    return BASE + sims * BYTES_PER_SIM + Math.min(sims, cohort) * BYTES_PER_RESIDENT_SIM;
  }

  /**
   * A warning naming the flags to run with when the heap the run keeps live is more than half of
   * {@code maxHeap} (the JVM's {@code -Xmx}); empty when it fits.
   */
  public static Optional<String> warning(int sims, int cohort, long maxHeap) {
    long live = live(sims, cohort);
    if (2 * live <= maxHeap) {
      return Optional.empty();
    }
    long heap = (5 * live + 2 * GIB - 1) / (2 * GIB);
    long young = Math.max(1, (heap * 2 + 4) / 5);
    return Optional.of(String.format("%,d SIMs on the memory journal keep about %.1f GB on the heap and this JVM may "
        + "use %.1f GB: expect long GC pauses or an OutOfMemoryError. Give it a fixed heap, e.g. "
        + "SIMWARDEN_JAVA_OPTS=\"-XX:+UseParallelGC -Xms%dg -Xmx%dg -Xmn%dg -XX:SurvivorRatio=6 "
        + "-XX:-UseAdaptiveSizePolicy\" (sim/README.md, Performance)", sims,
        live / 1e9, maxHeap / 1e9, heap, heap, young));
  }
}
