package io.simwarden.node.cluster;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Writes are held from a standstill longer than the threshold until the hold after it has passed. */
class StallWatchTest {
  private static final long MS = 1_000_000L;

  @Test
  void aStandstillOverTheThresholdHoldsWritesForTheHoldAfterIt() {
    AtomicLong now = new AtomicLong(1_000 * MS);
    StallWatch watch = new StallWatch(Duration.ofSeconds(3), Duration.ofSeconds(5), now::get);
    for (int i = 0; i < 50; i++) {
      now.addAndGet(100 * MS);
      watch.tick();
      assertTrue(watch.getAsBoolean(), "ticking normally");
    }
    now.addAndGet(2_900 * MS);
    assertTrue(watch.getAsBoolean(), "a standstill under the threshold holds nothing");
    watch.tick();
    assertTrue(watch.getAsBoolean());

    now.addAndGet(20_000 * MS);
    assertFalse(watch.getAsBoolean(), "seen by a writer before the ticker runs again");
    watch.tick();
    for (int i = 0; i < 49; i++) {
      now.addAndGet(100 * MS);
      watch.tick();
      assertFalse(watch.getAsBoolean(), "held " + (i + 1) * 100 + " ms after the standstill");
    }
    now.addAndGet(100 * MS);
    watch.tick();
    assertTrue(watch.getAsBoolean(), "writes again 5 s after the standstill");
  }

  @Test
  void aZeroThresholdIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> new StallWatch(Duration.ZERO, Duration.ofSeconds(5),
        System::nanoTime));
  }
}
