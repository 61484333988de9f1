package io.simwarden.loadtest.harness;

import java.lang.management.ManagementFactory;

/** Heap in use after full collections: what the live objects take, not what the collector has not freed yet. */
public final class Heap {

  private Heap() {}

  public static long usedAfterGc() {
    long used = Long.MAX_VALUE;
    // Several collections: finalizable and weakly reachable objects need more than one to go.
    for (int i = 0; i < 3; i++) {
      System.gc();
      used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    }
    return used;
  }
}
