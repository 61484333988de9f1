package io.simwarden.cli;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import io.simwarden.core.ValidationException;
import io.simwarden.persistence.journal.JournalMode;
import io.simwarden.persistence.journal.JournalOptions;
import io.simwarden.persistence.journal.OpenJournal;
import io.simwarden.sim.driver.ClusterSeed;
import io.simwarden.sim.driver.MemoryJournalHeap;
import io.simwarden.sim.driver.Progress;
import io.simwarden.sim.driver.Simulation;
import io.simwarden.sim.driver.SimulationException;
import io.simwarden.sim.driver.SimulationResult;
import io.simwarden.sim.report.ProgressBar;
import io.simwarden.sim.report.Report;
import io.simwarden.sim.report.ReportFiles;
import io.simwarden.sim.report.TerminalReport;
import io.simwarden.sim.scenario.BuiltInScenarios;
import io.simwarden.sim.scenario.Scenario;
import io.simwarden.sim.scenario.ScenarioException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code simulate}: run a scenario on the fleet simulator and write the reports. */
@Command(name = "simulate", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Simulate an IoT fleet on a virtual clock, inject the scenario's attacks, let every SIM's twin "
        + "detect and respond, and score the detections against the ground truth.",
        "Writes report.html, report.json, ground-truth.csv and detections.csv to --out.",
        "Exit status: 0 done, 1 the run failed, 2 bad flags or scenario."})
final class SimulateCommand implements Callable<Integer> {

  private static final Duration CLUSTER_JOIN_TIMEOUT = Duration.ofSeconds(30);
  private static final List<String> JOURNAL_OPTIONS =
      List.of("--journal", "--cassandra", "--cassandra-dc", "--cassandra-data-dir", "--keyspace");

  @Spec
  CommandSpec spec;

  @Option(names = "--scenario", required = true, paramLabel = "NAME|FILE",
      description = "A built-in scenario (see 'simwarden scenarios') or a scenario file (HOCON).")
  String scenario;

  @Option(names = "--devices", paramLabel = "N",
      description = "Fleet size, keeping the scenario's mix (default: the scenario's).")
  Integer devices;

  @Option(names = "--duration", paramLabel = "DURATION",
      description = "Simulated time, e.g. 6h, 24h or 7d (default: the scenario's). Attacks starting later are left "
          + "out.")
  String duration;

  @Option(names = "--seed", paramLabel = "S", description = "Seed of every random choice (default: the scenario's).")
  Long seed;

  @Mixin
  JournalOptions journal;

  @Option(names = "--cluster", paramLabel = "HOST:PORT",
      description = {"Drive a running simwarden cluster instead of an embedded one: join it through this node's "
          + "cluster (Artery) address, e.g. 127.0.0.1:2551, as a member that hosts no SIM. The SIMs live on the "
          + "cluster's nodes and go to their journal, so the journal options do not apply."})
  String cluster;

  @Option(names = "--out", paramLabel = "DIR",
      description = "Where the reports go (default: var/reports/<scenario name>).")
  Path out;

  @Option(names = "--parallelism", paramLabel = "N", defaultValue = "512",
      description = "SIMs with commands in flight at once (default: ${DEFAULT-VALUE}).")
  int parallelism;

  @Option(names = "--cohort", paramLabel = "N", defaultValue = "100000",
      description = "SIMs simulated together through the run; larger fleets run in several cohorts "
          + "(default: ${DEFAULT-VALUE}).")
  int cohort;

  @Option(names = "--no-progress", description = "Do not draw the progress bar.")
  boolean noProgress;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    PrintWriter stdout = spec.commandLine().getOut();
    if (parallelism < 1 || parallelism > 100_000) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--parallelism must be 1-100000, got "
          + parallelism);
    }
    if (cohort < 1) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--cohort must be positive, got " + cohort);
    }
    Scenario s;
    try {
      s = scenario();
    } catch (ScenarioException e) {
      err.println("error: " + e.getMessage());
      return 2;
    }
    for (String w : s.warnings()) {
      err.println("warning: " + w);
    }
    ClusterSeed seed = clusterSeed();
    Path dir = out != null ? out : Path.of("var", "reports", s.name());
    stdout.printf("simulating %s: %,d SIMs for %s of simulated time (seed %d)%n", s.name(), s.devices(),
        Scenario.human(s.duration()), s.seed());
    stdout.flush();
    SimulationResult result;
    try {
      result = seed != null ? runOnCluster(s, seed, stdout, err) : runEmbedded(s, stdout, err);
    } catch (SimulationException e) {
      err.println("error: " + e.getMessage());
      return 1;
    }
    Report report = Report.of(result);
    TerminalReport.print(report, stdout);
    List<Path> files = ReportFiles.write(report, dir);
    stdout.println();
    stdout.println("reports: " + files.get(0).toAbsolutePath());
    for (Path f : files.subList(1, files.size())) {
      stdout.println("         " + f.toAbsolutePath());
    }
    stdout.flush();
    return 0;
  }

  private SimulationResult runEmbedded(Scenario s, PrintWriter stdout, PrintWriter err) {
    // On the project's own local node every run gets a fresh keyspace, so the main job can run again and
    // again; on a cluster the operator chooses (--keyspace), defaulting to the production one.
    String keyspace = journal.keyspace() != null || !journal.usesLocalNode() ? journal.keyspace()
        : "sim_" + DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss").withZone(ZoneOffset.UTC).format(Instant.now());
    try (OpenJournal j = journal.open(err, keyspace);
        ProgressBar bar = new ProgressBar(err, System.console() != null, s.duration().toMillis())) {
      stdout.println("journal: " + j.description());
      stdout.flush();
      if (journal.mode() == JournalMode.MEMORY) {
        MemoryJournalHeap.warning(s.devices(), cohort, Runtime.getRuntime().maxMemory())
            .ifPresent(w -> err.println("warning: " + w));
        err.flush();
      }
      return Simulation.run(s, j.config(), j.description(), options(), listener(bar, err));
    }
  }

  private SimulationResult runOnCluster(Scenario s, ClusterSeed seed, PrintWriter stdout, PrintWriter err) {
    stdout.println("cluster: joining " + seed + " as a member that hosts no SIM");
    stdout.flush();
    try (ProgressBar bar = new ProgressBar(err, System.console() != null, s.duration().toMillis())) {
      return Simulation.runOnCluster(s, seed, CLUSTER_JOIN_TIMEOUT, options(), listener(bar, err));
    }
  }

  private Simulation.Options options() {
    return new Simulation.Options(parallelism, cohort);
  }

  private Simulation.Listener listener(ProgressBar bar, PrintWriter err) {
    return new Simulation.Listener() {
      @Override
      public void started(Progress progress) {
        if (!noProgress) {
          bar.start(progress);
        }
      }

      @Override
      public void notice(String message) {
        err.println("note: " + message);
        err.flush();
      }
    };
  }

  /** The cluster to drive, or null for the embedded one; journal options make no sense with a cluster. */
  private ClusterSeed clusterSeed() {
    if (cluster == null) {
      return null;
    }
    for (String option : JOURNAL_OPTIONS) {
      if (spec.commandLine().getParseResult().hasMatchedOption(option)) {
        throw new CommandLine.ParameterException(spec.commandLine(), option + " cannot be combined with --cluster: "
            + "the SIMs go to the journal the cluster's nodes were started with");
      }
    }
    try {
      return ClusterSeed.parse(cluster);
    } catch (ValidationException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--cluster " + e.problem());
    }
  }

  private Scenario scenario() {
    Scenario s = BuiltInScenarios.resolve(scenario);
    if (devices != null) {
      s = s.withDevices(devices);
    }
    if (duration != null) {
      s = s.withDuration(parseDuration(duration));
    }
    if (seed != null) {
      s = s.withSeed(seed);
    }
    return s;
  }

  private Duration parseDuration(String text) {
    try {
      return ConfigFactory.parseString("d = \"" + text.replace("\"", "") + "\"").getDuration("d");
    } catch (ConfigException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--duration must be a duration such as 6h, 24h, "
          + "90m or 7d, got '" + text + "'");
    }
  }
}
