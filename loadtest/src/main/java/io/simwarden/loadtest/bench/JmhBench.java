package io.simwarden.loadtest.bench;

import io.simwarden.loadtest.harness.BenchRun;
import io.simwarden.loadtest.harness.Benchmark;
import io.simwarden.loadtest.harness.Figure;
import io.simwarden.loadtest.jmh.DecisionBenchmarks;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/** JMH microbenchmarks of the pure decisions ({@link DecisionBenchmarks}) beside JMH's own floor. */
public final class JmhBench implements Benchmark {

  @Override
  public String name() {
    return "jmh";
  }

  @Override
  public String description() {
    return "JMH 1.37 throughput of the pure decisions in `core`, one call each: firewall match over 10, 100 and "
        + "1000 rules (a flow no rule matches, so every rule is tried), `Baseline.afterWindow` (learning one usage "
        + "window), `ImeiLock.admits` (TAC allowlist), and IMSI + ICCID + IMEI validation from text. The limit is "
        + "JMH's floor: a benchmark that only increments a counter, the cost of the harness itself. Quick: no fork, "
        + "1 × 0.5 s warm-up, 2 × 0.5 s measured; full: 1 fork, 3 × 1 s warm-up, 5 × 1 s measured.";
  }

  @Override
  public String reading() {
    return "Pure CPU on one thread, no allocation in the firewall match and the IMEI check: the firewall cost grows "
        + "linearly with the rules tried; the baseline update allocates its new arrays; validation is bound by the "
        + "Luhn checks and pattern matches. On a shared 2-core box the other load shows up as run-to-run spread.";
  }

  @Override
  public boolean needsCassandra() {
    return false;
  }

  @Override
  public List<Figure> run(BenchRun run) throws Exception {
    boolean quick = run.profile().pick(true, false);
    OptionsBuilder options = new OptionsBuilder();
    options.include(DecisionBenchmarks.class.getName() + "\\.")
        .forks(quick ? 0 : 1)
        .warmupIterations(quick ? 1 : 3).warmupTime(TimeValue.milliseconds(quick ? 500 : 1000))
        .measurementIterations(quick ? 2 : 5).measurementTime(TimeValue.milliseconds(quick ? 500 : 1000))
        .verbosity(VerboseMode.SILENT);
    Collection<RunResult> results = new Runner(options.build()).run();
    double floor = 0;
    for (RunResult r : results) {
      if (r.getParams().getBenchmark().endsWith(".floor")) {
        floor = Math.max(floor, r.getPrimaryResult().getScore());
      }
    }
    List<Figure> figures = new ArrayList<>();
    for (RunResult r : results) {
      String method = r.getParams().getBenchmark().substring(r.getParams().getBenchmark().lastIndexOf('.') + 1);
      if (method.equals("floor")) {
        continue;
      }
      boolean perRules = method.equals("firewallMatch");
      String label = perRules ? method + " (" + r.getParams().getParam("rules") + " rules)" : method;
      figures.add(new Figure("jmh." + label, label, r.getPrimaryResult().getScore(), "JMH floor", floor, "ops/s"));
    }
    figures.sort(java.util.Comparator.comparing(Figure::key));
    return figures;
  }
}
