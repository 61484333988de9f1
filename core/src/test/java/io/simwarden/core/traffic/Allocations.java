package io.simwarden.core.traffic;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;

/** Measures heap allocation of hot-path code: a byte count, never a duration. */
public final class Allocations {

  /** Calls per probe: one 16-byte object per call would add up to 3.2 MB. */
  public static final int CALLS = 200_000;

  private Allocations() {}

  /** Fails unless {@link #CALLS} runs of {@code call} (after a warm-up) allocate less than the probe overhead. */
  public static void assertAllocatesNothing(Runnable call) {
    assumeTrue(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean);
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled());
    for (int i = 0; i < 1_000; i++) {
      call.run();
    }
    long threadId = Thread.currentThread().getId();
    long before = threads.getThreadAllocatedBytes(threadId);
    for (int i = 0; i < CALLS; i++) {
      call.run();
    }
    long allocated = threads.getThreadAllocatedBytes(threadId) - before;
    assertTrue(allocated < 64 * 1024, () -> allocated + " bytes allocated by " + CALLS + " calls");
  }
}
