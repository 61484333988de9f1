package io.simwarden.loadtest.harness;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * One run of one benchmark: the profile, which run it is, the journal (when the benchmark needs Cassandra),
 * where progress goes, and what the runs of one invocation share ({@link #shared}). Forks child JVMs for
 * measurements that must not share this JVM's heap.
 */
public record BenchRun(Profile profile, int benchIndex, int runIndex, BenchJournal journal, PrintWriter out,
    Map<String, Object> fixtures) {

  /** A run whose invocation shares nothing with other runs (a child JVM, or a run on a journal of its own). */
  public BenchRun(Profile profile, int benchIndex, int runIndex, BenchJournal journal, PrintWriter out) {
    this(profile, benchIndex, runIndex, journal, out, new HashMap<>());
  }

  /**
   * What {@code setUp} made for the first run of this invocation that asked for {@code key}, made now if this is
   * that run. For data a benchmark only reads, such as the journal a restart recovers: writing it once instead of
   * once per run keeps the full profile within its time, and every run then measures the same rows.
   */
  @SuppressWarnings("unchecked")
  public <T> T shared(String key, Callable<T> setUp) throws Exception {
    Object made = fixtures.get(key);
    if (made == null) {
      made = setUp.call();
      fixtures.put(key, made);
    }
    return (T) made;
  }

  /**
   * The first of a block of SIM numbers no other benchmark or run of this invocation uses, so that runs on one
   * keyspace never meet each other's SIMs (up to 100 million SIMs per run, ten runs per benchmark: the counted
   * ones and a warm-up).
   */
  public long simBase() {
    return benchIndex * 1_000_000_000L + runIndex * 100_000_000L;
  }

  /**
   * Runs {@code task} in a fresh JVM with the same classpath, with {@code jvmOptions} (e.g. {@code -Xmx4g}),
   * passing it this run's profile, SIM block and journal followed by {@code args}; returns its figures.
   */
  public List<Figure> fork(Class<? extends ForkedTask> task, List<String> jvmOptions, List<String> args)
      throws Exception {
    List<String> all = new ArrayList<>();
    all.add(profile.toString());
    all.add(Integer.toString(benchIndex));
    all.add(Integer.toString(runIndex));
    all.addAll(journal == null ? List.of("-", "-", "-") : journal.toArgs());
    all.addAll(args);
    return Forked.run(task, jvmOptions, all, out);
  }
}
