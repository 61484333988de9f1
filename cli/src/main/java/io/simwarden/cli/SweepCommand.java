package io.simwarden.cli;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import io.simwarden.persistence.journal.JournalMode;
import io.simwarden.sim.driver.Simulation;
import io.simwarden.sim.driver.SimulationResult;
import io.simwarden.sim.report.Report;
import io.simwarden.sim.report.SweepReport;
import io.simwarden.sim.scenario.Scenario;
import io.simwarden.sim.scenario.ScenarioException;
import io.simwarden.sim.sweep.Sweep;
import io.simwarden.sim.sweep.SweepException;
import io.simwarden.sim.sweep.SweepResult;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sweep}: one attack of a scenario at increasing intensity, and the lowest intensity that is detected. */
@Command(name = "sweep", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Run one attack of a scenario at increasing intensity (same seed, same fleet, the other attacks "
        + "left out) and report per step its recall, precision and false-positive SIM-days, and the detection "
        + "floor: the first value (weakest first) from which on at least 90 %% of the compromised SIMs are detected.",
        "Writes sweep.html (with the recall curve per archetype) and sweep.md to --out.",
        "Exit status: 0 done, 1 a run failed, 2 bad flags or scenario."})
final class SweepCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = "--scenario", required = true, paramLabel = "NAME|FILE",
      description = "A built-in scenario (see 'simwarden scenarios') or a scenario file (HOCON).")
  String scenario;

  @Option(names = "--attack", required = true, paramLabel = "NAME",
      description = "The attack to sweep: its name in the scenario, or its type when the scenario has one of it.")
  String attack;

  @Option(names = "--param", required = true, paramLabel = "KEY=FROM..TO",
      description = {"The attack's parameter and its range, weakest first, e.g. sms-per-hour=0.5..8, "
          + "data-per-hour=100kB..2000kB, retry-interval=30m..2m, ddos.rate=..., destinations.irsf-range=... "
          + "Both ends take the same unit."})
  String param;

  @Option(names = "--steps", paramLabel = "N", defaultValue = "6",
      description = "Runs, FROM and TO included, evenly spaced (default: ${DEFAULT-VALUE}).")
  int steps;

  @Option(names = "--log", description = "Space the steps evenly on a log scale (FROM and TO above 0).")
  boolean log;

  @Option(names = "--seed", paramLabel = "S", description = "Seed of every step (default: the scenario's).")
  Long seed;

  @Option(names = "--devices", paramLabel = "N",
      description = "Fleet size, keeping the scenario's mix (default: the scenario's).")
  Integer devices;

  @Option(names = "--duration", paramLabel = "DURATION",
      description = "Simulated time of each step, e.g. 24h or 3d (default: the scenario's).")
  String duration;

  @Option(names = "--journal", paramLabel = "memory", defaultValue = "memory",
      description = "The journal of the runs: memory, the only one a sweep uses (default: ${DEFAULT-VALUE}).")
  String journal;

  @Option(names = "--out", paramLabel = "DIR",
      description = "Where the sweep's reports go (default: var/reports/sweep-<scenario>-<attack>).")
  Path out;

  @Option(names = "--parallelism", paramLabel = "N", defaultValue = "512",
      description = "SIMs with commands in flight at once (default: ${DEFAULT-VALUE}).")
  int parallelism;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    PrintWriter stdout = spec.commandLine().getOut();
    Sweep sweep;
    try {
      if (!journal.equals("memory")) {
        throw new SweepException("--journal", "a sweep runs on the memory journal only (each step is a fresh run of "
            + "its own), got '" + journal + "'; leave --journal out, or use simulate for a durable run");
      }
      if (parallelism < 1 || parallelism > 100_000) {
        throw new SweepException("--parallelism", "must be 1-100000, got " + parallelism);
      }
      sweep = Sweep.plan(scenario, attack, param, steps, log, new Sweep.Overrides(seed, devices,
          duration == null ? null : duration(duration)));
    } catch (SweepException | ScenarioException e) {
      err.println("error: " + e.getMessage());
      return 2;
    }
    for (String w : sweep.steps().get(0).scenario().warnings()) {
      err.println("warning: " + w);
    }
    stdout.println(SweepReport.title(sweep));
    stdout.flush();
    SweepResult result = sweep.run(this::runStep, step -> {
      stdout.printf("step %d/%d: %s = %s%n", step.index() + 1, sweep.steps().size(), sweep.param().key(),
          step.text());
      stdout.flush();
    });
    SweepReport.print(result, stdout);
    Path dir = out != null ? out : Path.of("var", "reports", "sweep-" + sweep.base().name() + "-"
        + sweep.attack().name());
    List<Path> files = SweepReport.write(result, command(), dir);
    stdout.println();
    stdout.println("reports: " + files.get(0).toAbsolutePath());
    for (Path f : files.subList(1, files.size())) {
      stdout.println("         " + f.toAbsolutePath());
    }
    stdout.flush();
    return 0;
  }

  private SimulationResult runStep(Scenario s) {
    SimulationResult r = Simulation.run(s, JournalMode.MEMORY.config(), "memory",
        new Simulation.Options(parallelism, 100_000), Simulation.Listener.SILENT);
    Report report = Report.of(r);
    spec.commandLine().getOut().printf(Locale.ROOT, "  %,d labels, %,d detected, %d false-positive SIM-days "
        + "(%.1f s)%n", report.card().overall().labels(), report.card().overall().detected(),
        report.card().falsePositiveSimDays(), r.wallMillis() / 1000.0);
    spec.commandLine().getOut().flush();
    return r;
  }

  /** The command line as run, for the reports. */
  private String command() {
    StringBuilder cmd = new StringBuilder("./simwarden");
    for (String a : spec.commandLine().getParseResult().originalArgs()) {
      cmd.append(' ').append(a.matches("[A-Za-z0-9_./:=,@+-]+") ? a : "'" + a.replace("'", "'\\''") + "'");
    }
    return cmd.toString();
  }

  private static Duration duration(String text) {
    try {
      return ConfigFactory.parseString("d = \"" + text.replace("\"", "") + "\"").getDuration("d");
    } catch (ConfigException e) {
      throw new SweepException("--duration", "must be a duration such as 24h, 3d or 90m, got '" + text + "'");
    }
  }
}
