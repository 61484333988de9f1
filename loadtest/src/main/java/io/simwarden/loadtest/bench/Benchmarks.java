package io.simwarden.loadtest.bench;

import io.simwarden.loadtest.harness.Benchmark;
import java.util.List;

/** Every benchmark, in the order {@code bench all} runs them (those {@code inAll}) and BENCHMARKS.md lists them. */
public final class Benchmarks {

  public static final List<Benchmark> ALL = List.of(new TrafficBench(), new JournalBench(),
      new MemoryBench(), new RecoveryBench(), new HttpBench(), new ScalingBench(), new JmhBench(), new FleetDayBench(),
      new DurableDayBench());

  private Benchmarks() {}
}
