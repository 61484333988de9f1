package io.simwarden.loadtest.harness;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * One run of one benchmark: the profile, which run it is, the journal (when the benchmark needs Cassandra)
 * and where progress goes. Forks child JVMs for measurements that must not share this JVM's heap.
 */
public record BenchRun(Profile profile, int benchIndex, int runIndex, BenchJournal journal, PrintWriter out) {

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
