package io.simwarden.node;

import java.time.Duration;
import java.util.function.Supplier;

/** Polling for what arrives late by design: tag queries lag writes, key caches expire, shards move. */
public final class Eventually {
  private Eventually() {}

  /** Polls {@code probe} until it gives a value, for up to {@code timeout}. */
  public static <T> T eventually(Duration timeout, Supplier<T> probe) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      T value = probe.get();
      if (value != null) {
        return value;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within " + timeout);
      }
      try {
        Thread.sleep(300);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  public static <T> T eventually(Supplier<T> probe) {
    return eventually(Duration.ofSeconds(60), probe);
  }
}
