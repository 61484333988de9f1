package io.simwarden.loadtest.harness;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;

/**
 * The machine a figure was measured on, as BENCHMARKS.md records it, with a gauge of how fast one of its cores is
 * at that moment. On a shared virtual machine the same box ran JMH's floor at 1,974 M ops/s one day and at 925 M
 * another: figures of different days compare only through their ratios, or with the gauge beside them.
 */
public final class Machine {

  private Machine() {}

  public static String describe() {
    long memory = ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getTotalMemorySize();
    return String.format(Locale.ROOT, "%d cores, %.1f GiB memory, %s %s (%s), %s %s; gauge: one core hashes "
            + "SHA-256 at %,.0f MB/s", Runtime.getRuntime().availableProcessors(), memory / (1024.0 * 1024 * 1024),
        System.getProperty("java.vm.name"), System.getProperty("java.runtime.version"),
        System.getProperty("java.vendor"), System.getProperty("os.name"), System.getProperty("os.arch"),
        sha256MegabytesPerSecond());
  }

  /**
   * MB/s of SHA-256 over a 64 KiB buffer on the calling thread, for one second after one second of warm-up (the
   * event chain's hash, so the gauge moves with a cost the system pays). Measured at each call: the speed of a
   * shared host drifts within a day.
   */
  static double sha256MegabytesPerSecond() {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM has no SHA-256", e);
    }
    byte[] buffer = new byte[64 * 1024];
    hashFor(sha, buffer, 1_000_000_000L);
    long start = System.nanoTime();
    long bytes = hashFor(sha, buffer, 1_000_000_000L);
    return bytes / ((System.nanoTime() - start) / 1e9) / 1e6;
  }

  /** Hashes {@code buffer} over and over for {@code nanos}; returns the bytes hashed. */
  private static long hashFor(MessageDigest sha, byte[] buffer, long nanos) {
    long end = System.nanoTime() + nanos;
    long bytes = 0;
    while (System.nanoTime() < end) {
      sha.update(buffer);
      bytes += buffer.length;
      buffer[0] ^= sha.digest()[0];
    }
    return bytes;
  }
}
