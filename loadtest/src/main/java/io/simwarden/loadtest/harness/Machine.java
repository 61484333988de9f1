package io.simwarden.loadtest.harness;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.util.Locale;

/** The machine a figure was measured on, as BENCHMARKS.md records it. */
public final class Machine {

  private Machine() {}

  public static String describe() {
    long memory = ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getTotalMemorySize();
    return String.format(Locale.ROOT, "%d cores, %.1f GiB memory, %s %s (%s), %s %s", Runtime.getRuntime()
            .availableProcessors(), memory / (1024.0 * 1024 * 1024), System.getProperty("java.vm.name"),
        System.getProperty("java.runtime.version"), System.getProperty("java.vendor"), System.getProperty("os.name"),
        System.getProperty("os.arch"));
  }
}
