package io.simwarden.loadtest.harness;

import java.util.List;

/** One benchmark: a set of figures, each beside its limit, measured together in one run. */
public interface Benchmark {

  /** The name on the command line ({@code simwarden bench <name>}). */
  String name();

  /** What the figures are and what each is compared with. */
  String description();

  /** What limits the figures (CPU, GC, journal, network): the reading printed under its table. */
  String reading();

  /** Whether it writes to or reads from Cassandra. */
  boolean needsCassandra();

  /**
   * Whether {@code bench all} runs it at {@code profile}; a benchmark too long for that profile's budget is run on
   * its own.
   */
  default boolean inAll(Profile profile) {
    return true;
  }

  /**
   * Whether the harness runs it once more before the counted runs of the full profile, untimed and unreported. For
   * benchmarks that measure in the bench JVM, and against a Cassandra that may just have started: their JIT
   * compilers are still at work in the first run, which was the slowest of three by a factor of 1.8 (traffic) and
   * 3.6 (journal) on 2026-12-02.
   */
  default boolean warmUpRun() {
    return false;
  }

  /** Runs once and returns the figures; each run starts from a state of its own (fresh SIM ids). */
  List<Figure> run(BenchRun run) throws Exception;

  /** Charts of the medians, for benchmarks whose figures form a curve. */
  default List<Chart> charts(List<Summary> medians) {
    return List.of();
  }
}
