package io.simwarden.loadtest.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simwarden.loadtest.bench.Benchmarks;
import io.simwarden.loadtest.harness.Benchmark;
import io.simwarden.loadtest.harness.Wrk;
import io.simwarden.persistence.cassandra.CassandraExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import picocli.CommandLine;

/**
 * The CI smoke run: every benchmark of the quick profile runs once against the test Cassandra and prints each
 * figure beside its limit. Asserts that the figures exist and are positive, never how fast anything was.
 */
@ExtendWith(CassandraExtension.class)
class BenchSmokeTest {

  private static final Pattern ROW = Pattern.compile("^\\| (.+?) \\| ([0-9.,e+-]+) \\S+ \\| .*\\| ([0-9.,e+-]+) \\S+ "
      + "\\| .* \\| ([0-9.]+) \\|$", Pattern.MULTILINE);

  @BeforeAll
  static void installWrk() {
    DebianPackages.require(Wrk.BINARY, "wrk");
  }

  @Test
  void quickProfilePrintsEveryFigureBesideItsLimit() throws Exception {
    Path file = Path.of("target", "BENCHMARKS-smoke.md");
    Files.deleteIfExists(file);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();

    int code = bench("all", file, out, err);
    assertEquals(0, code, () -> "stdout:\n" + out + "\nstderr:\n" + err);
    assertFalse(out.toString().contains("== fleet-day"), "'all' leaves out the benchmark run on its own");
    code = bench("fleet-day", file, out, err);
    // In the test's output file: each section's progress and how long its run took.
    System.out.println(out);
    assertEquals(0, code, () -> "stdout:\n" + out + "\nstderr:\n" + err);

    String text = Files.readString(file);
    // durable-day (a node and two simulated days on Cassandra, ~10 min even at its quick sizes) is run on its own.
    for (Benchmark b : Benchmarks.ALL.stream().filter(x -> !x.name().equals("durable-day")).toList()) {
      int from = text.indexOf("<!-- bench:" + b.name() + " -->");
      int to = text.indexOf("<!-- /bench:" + b.name() + " -->");
      assertTrue(from >= 0 && to > from, "no section for " + b.name() + " in\n" + text);
      Matcher rows = ROW.matcher(text.substring(from, to));
      int count = 0;
      while (rows.find()) {
        count++;
        String row = rows.group();
        assertTrue(number(rows.group(2)) > 0, () -> "figure not positive: " + row);
        assertTrue(number(rows.group(3)) > 0, () -> "limit not positive: " + row);
        assertTrue(number(rows.group(4)) > 0, () -> "ratio not positive: " + row);
      }
      assertTrue(count > 0, "no figures for " + b.name());
      assertTrue(out.toString().contains("== " + b.name()), "nothing printed for " + b.name());
    }
  }

  @Test
  void listNamesEveryBenchmark() {
    StringWriter out = new StringWriter();
    CommandLine cli = new CommandLine(new BenchCommand());
    cli.setOut(new PrintWriter(out, true));
    assertEquals(0, cli.execute("list"));
    for (Benchmark b : Benchmarks.ALL) {
      assertTrue(out.toString().contains(b.name() + " "), "list misses " + b.name());
    }
  }

  @Test
  void unknownBenchmarkIsAUsageErrorNamingTheChoices() {
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new BenchCommand());
    cli.setErr(new PrintWriter(err, true));
    assertEquals(2, cli.execute("nonsense"));
    assertTrue(err.toString().contains("unknown benchmark 'nonsense'; one of: traffic, journal"), err.toString());
  }

  @Test
  void runsBeyondTheSimBlocksAreAUsageError() {
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new BenchCommand());
    cli.setErr(new PrintWriter(err, true));
    assertEquals(2, cli.execute("jmh", "--runs", "10"));
    assertTrue(err.toString().contains("--runs must be 1-9, got 10"), err.toString());
  }

  private static int bench(String name, Path file, StringWriter out, StringWriter err) {
    CommandLine cli = new CommandLine(new BenchCommand());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(name, "--profile", "quick", "--runs", "1", "--out", file.toString(),
        "--cassandra", "127.0.0.1:" + CassandraExtension.cqlPort());
  }

  private static double number(String text) {
    return Double.parseDouble(text.replace(",", ""));
  }
}
