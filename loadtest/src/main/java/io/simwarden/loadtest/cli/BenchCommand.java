package io.simwarden.loadtest.cli;

import io.simwarden.loadtest.bench.Benchmarks;
import io.simwarden.loadtest.harness.BenchJournal;
import io.simwarden.loadtest.harness.BenchRun;
import io.simwarden.loadtest.harness.Benchmark;
import io.simwarden.loadtest.harness.BenchmarksFile;
import io.simwarden.loadtest.harness.Figure;
import io.simwarden.loadtest.harness.Machine;
import io.simwarden.loadtest.harness.Profile;
import io.simwarden.loadtest.harness.Summary;
import io.simwarden.persistence.journal.JournalMode;
import io.simwarden.persistence.journal.JournalOptions;
import io.simwarden.persistence.journal.OpenJournal;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code bench}: runs benchmarks, prints each figure beside its limit, and writes BENCHMARKS.md. */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Measure simwarden: each figure beside its limit (the same work done the plainest way), measured "
        + "in the same run; medians of --runs runs go to BENCHMARKS.md, replacing the sections of the benchmarks run.",
        "NAME is one of: traffic, journal, memory, recovery, http, scaling, jmh, fleet-day, durable-day; 'all' runs "
        + "all but fleet-day (a simulated day of 1 M SIMs at full size), durable-day (a node following a simulated "
        + "day of 200 k SIMs on Cassandra at full size) and, with the full profile, memory (3 M SIM entities "
        + "through Cassandra a run): run those on their own. 'list' describes them.",
        "Benchmarks that need Cassandra start the local node (as 'simwarden cassandra start' would) unless "
        + "--cassandra is given, and use a fresh keyspace that is dropped afterwards.",
        "Exit status: 0 done, 1 a benchmark failed, 2 bad flags."})
public final class BenchCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Parameters(index = "0", paramLabel = "NAME|all|list", description = "The benchmark to run, all, or list.")
  String name;

  @Option(names = "--profile", paramLabel = "quick|full", defaultValue = "quick",
      description = "quick: small sizes, the whole set in a few minutes; full: the sizes BENCHMARKS.md reports (about 40 "
          + "minutes for 'all' on 2 cores; default: ${DEFAULT-VALUE}).")
  String profile;

  /** Each run has a block of SIM numbers of its own (see {@link BenchRun#simBase}), ten per benchmark. */
  private static final int MAX_RUNS = 9;

  @Option(names = "--runs", paramLabel = "N",
      description = "Runs of each benchmark; the tables show their median and range (default: 1 with the quick "
          + "profile, a smoke run in a few minutes; 3 with the full one; at most 9). With the full profile, traffic "
          + "and journal run once more first, untimed, to warm up the JIT compilers of this JVM and of Cassandra.")
  Integer runs;

  private int runCount;

  @Option(names = "--out", paramLabel = "FILE", defaultValue = "BENCHMARKS.md",
      description = "The Markdown file to write or update (default: ${DEFAULT-VALUE}).")
  Path out;

  @Mixin
  JournalOptions journal;

  @Override
  public Integer call() throws Exception {
    PrintWriter stdout = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (name.equals("list")) {
      for (Benchmark b : Benchmarks.ALL) {
        stdout.printf("%-9s %s%n", b.name(), b.description());
      }
      stdout.flush();
      return 0;
    }
    Profile p = parseProfile();
    runCount = runs != null ? runs : p == Profile.QUICK ? 1 : 3;
    if (runCount < 1 || runCount > MAX_RUNS) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--runs must be 1-" + MAX_RUNS + ", got "
          + runCount);
    }
    List<Benchmark> selected = select(p);
    boolean cassandra = selected.stream().anyMatch(Benchmark::needsCassandra);
    if (cassandra && journal.mode() == JournalMode.MEMORY) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--journal memory: the benchmarks "
          + selected.stream().filter(Benchmark::needsCassandra).map(Benchmark::name).toList()
          + " measure Cassandra; leave --journal at cassandra or pick traffic, scaling or jmh");
    }
    List<String> args = spec.commandLine().getParseResult().originalArgs();
    // Through the launcher the original arguments start with the verb itself.
    String command = "./simwarden bench " + String.join(" ", args.isEmpty() || !args.get(0).equals("bench") ? args
        : args.subList(1, args.size()));
    stdout.println("machine: " + Machine.describe());
    stdout.flush();
    OpenJournal opened = cassandra ? journal.open(err) : null;
    BenchJournal bench = null;
    if (opened != null) {
      String keyspace = journal.keyspace() != null ? journal.keyspace()
          : "bench_" + DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss").withZone(ZoneOffset.UTC).format(Instant.now());
      bench = new BenchJournal(BenchJournal.contactPointOf(opened.config()),
          opened.config().getString("datastax-java-driver.basic.load-balancing-policy.local-datacenter"), keyspace);
      stdout.println("journal: " + opened.description() + ", keyspace " + keyspace);
    }
    if (name.equals("all")) {
      for (Benchmark b : Benchmarks.ALL) {
        if (!b.inAll(p)) {
          stdout.printf("not in 'all' at the %s profile: %s; run it on its own with ./simwarden bench %s "
              + "--profile %s%n", p, b.name(), b.name(), p);
        }
      }
    }
    List<String> failed = new ArrayList<>();
    try {
      for (Benchmark b : selected) {
        if (!runOne(b, p, bench, command, stdout, err)) {
          failed.add(b.name());
        }
      }
    } finally {
      if (bench != null && journal.keyspace() == null) {
        bench.drop();
      }
      if (opened != null) {
        opened.close();
      }
    }
    stdout.println(failed.isEmpty() ? "wrote " + out.toAbsolutePath() : "failed: " + failed);
    stdout.flush();
    return failed.isEmpty() ? 0 : 1;
  }

  private boolean runOne(Benchmark b, Profile p, BenchJournal bench, String command, PrintWriter stdout,
      PrintWriter err) throws Exception {
    stdout.printf("%n== %s (profile %s, %d run%s)%n", b.name(), p, runCount, runCount == 1 ? "" : "s");
    stdout.flush();
    Map<String, Object> fixtures = new HashMap<>();
    if (b.warmUpRun() && p == Profile.FULL
        // The run index after the counted ones: SIMs of its own.
        && attempt(b, new BenchRun(p, Benchmarks.ALL.indexOf(b), runCount, bench, stdout, fixtures), "warm-up run",
            "not counted", stdout, err) == null) {
      return false;
    }
    List<List<Figure>> all = new ArrayList<>();
    for (int r = 0; r < runCount; r++) {
      List<Figure> figures = attempt(b, new BenchRun(p, Benchmarks.ALL.indexOf(b), r, bench, stdout, fixtures),
          "run " + (r + 1), null, stdout, err);
      if (figures == null) {
        return false;
      }
      for (Figure f : figures) {
        stdout.println("  " + f.describe());
      }
      stdout.flush();
      all.add(figures);
    }
    List<Summary> summaries = Summary.of(all);
    stdout.println("median of " + runCount + ":");
    for (Summary s : summaries) {
      stdout.printf("  %-44s %14s %-10s | limit %s: %s | ratio %s%n", s.what(), Figure.format(s.value().median()),
          s.unit(), s.limitWhat(), Figure.format(s.limit().median()), Figure.format(s.ratio().median()));
    }
    stdout.flush();
    BenchmarksFile.update(out, b, command, p, summaries);
    return true;
  }

  /**
   * One run of {@code b}, timed and announced as {@code label}; its figures, or {@code null} after printing why it
   * failed.
   */
  private static List<Figure> attempt(Benchmark b, BenchRun run, String label, String remark, PrintWriter stdout,
      PrintWriter err) {
    long start = System.nanoTime();
    List<Figure> figures;
    try {
      figures = b.run(run);
    } catch (Exception e) {
      err.println("error: benchmark " + b.name() + " " + label + " failed: " + e);
      e.printStackTrace(err);
      err.flush();
      return null;
    }
    stdout.printf("%s (%.0f s%s)%n", label, (System.nanoTime() - start) / 1e9, remark == null ? "" : ", " + remark);
    stdout.flush();
    return figures;
  }

  private Profile parseProfile() {
    try {
      return Profile.parse(profile);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--profile " + e.getMessage().substring(
          "profile ".length()));
    }
  }

  private List<Benchmark> select(Profile p) {
    if (name.equals("all")) {
      return Benchmarks.ALL.stream().filter(b -> b.inAll(p)).toList();
    }
    for (Benchmark b : Benchmarks.ALL) {
      if (b.name().equals(name)) {
        return List.of(b);
      }
    }
    throw new CommandLine.ParameterException(spec.commandLine(), "unknown benchmark '" + name + "'; one of: "
        + String.join(", ", Benchmarks.ALL.stream().map(Benchmark::name).toList()) + ", all, list");
  }
}
