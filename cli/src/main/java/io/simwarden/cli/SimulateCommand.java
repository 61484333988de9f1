package io.simwarden.cli;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import io.simwarden.core.ValidationException;
import io.simwarden.persistence.journal.JournalMode;
import io.simwarden.persistence.journal.JournalOptions;
import io.simwarden.persistence.journal.JournalSchemaCheck;
import io.simwarden.persistence.journal.OpenJournal;
import io.simwarden.sim.driver.ClusterSeed;
import io.simwarden.sim.driver.MemoryJournalHeap;
import io.simwarden.sim.driver.Progress;
import io.simwarden.sim.driver.ResumeCheck;
import io.simwarden.sim.driver.ResumeException;
import io.simwarden.sim.driver.RetryPolicy;
import io.simwarden.sim.driver.RunCheckpoint;
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
        "Exit status: 0 done, 1 the run failed (a run on Cassandra can then go on with --resume), 2 bad flags or "
            + "scenario, or a --resume that does not fit a saved run."})
final class SimulateCommand implements Callable<Integer> {

  private static final Duration CLUSTER_JOIN_TIMEOUT = Duration.ofSeconds(30);
  private static final List<String> JOURNAL_OPTIONS =
      List.of("--journal", "--cassandra", "--cassandra-dc", "--cassandra-data-dir", "--keyspace");

  /** The keyspace a journal without --keyspace uses (not the local node: that one gets a fresh one per run). */
  private static final String DEFAULT_KEYSPACE = "simwarden";

  @Spec
  CommandSpec spec;

  /** The keyspace of the run being driven and its checkpoint, once known (for the resume hint). */
  private String runKeyspace;
  private Path runCheckpoint;

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

  @Option(names = "--resume", description = {"Continue the interrupted run on --keyspace KS from its last checkpoint "
      + "(the end of its last completed simulated hour), with the flags it was started with. The checkpoint is in "
      + "--out DIR/checkpoints/KS.ckpt (Cassandra journal only)."})
  boolean resume;

  @Option(names = "--journal-outage-limit", paramLabel = "DURATION",
      description = "How long a command may go unanswered (sent again with back-off meanwhile) before the run "
          + "stops, e.g. 2m or 30s (default: simwarden.sim.journal-outage-limit, 2m).")
  String outageLimit;

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
    Duration limit = outageLimit == null ? null : parseDuration("--journal-outage-limit", outageLimit);
    if (limit != null && (limit.isZero() || limit.isNegative())) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--journal-outage-limit must be positive, got "
          + outageLimit);
    }
    Path dir = out != null ? out : Path.of("var", "reports", s.name());
    if (resume) {
      String misuse = resumeMisuse(seed, s, dir);
      if (misuse != null) {
        err.println("error: " + misuse);
        return 2;
      }
    }
    stdout.printf("simulating %s: %,d SIMs for %s of simulated time (seed %d)%n", s.name(), s.devices(),
        Scenario.human(s.duration()), s.seed());
    stdout.flush();
    SimulationResult result;
    try {
      result = seed != null ? runOnCluster(s, seed, stdout, err, limit)
          : runEmbedded(s, dir, stdout, err, limit);
    } catch (ResumeException e) {
      err.println("error: " + e.getMessage());
      return 2;
    } catch (SimulationException e) {
      err.println("error: " + e.getMessage());
      if (resumable()) {
        err.println("The run saved a checkpoint at the end of every simulated hour; once Cassandra answers again, "
            + "continue it from the last one with:");
        err.println("  " + resumeCommand());
      }
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

  private SimulationResult runEmbedded(Scenario s, Path dir, PrintWriter stdout, PrintWriter err, Duration limit) {
    // On the project's own local node every run gets a fresh keyspace, so the main job can run again and
    // again; on a cluster the operator chooses (--keyspace), defaulting to the production one.
    String keyspace = journal.keyspace() != null || !journal.usesLocalNode() ? journal.keyspace()
        : "sim_" + DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss").withZone(ZoneOffset.UTC).format(Instant.now());
    JournalSchemaCheck.Outcome schema = journal.checkExisting(keyspace);
    if (schema instanceof JournalSchemaCheck.Missing m) {
      throw new ValidationException("keyspace", m.message());
    }
    if (schema instanceof JournalSchemaCheck.Unreachable u) {
      throw new SimulationException(u.message());
    }
    Simulation.Resumable resumable = null;
    if (journal.mode() == JournalMode.CASSANDRA) {
      String name = keyspace != null ? keyspace : DEFAULT_KEYSPACE;
      resumable = new Simulation.Resumable(RunCheckpoint.file(dir, name), name, resume);
    }
    try (OpenJournal j = journal.open(err, keyspace);
        ProgressBar bar = new ProgressBar(err, System.console() != null, s.duration().toMillis())) {
      stdout.println("journal: " + j.description());
      stdout.flush();
      if (journal.mode() == JournalMode.MEMORY) {
        MemoryJournalHeap.warning(s.devices(), cohort, Runtime.getRuntime().maxMemory())
            .ifPresent(w -> err.println("warning: " + w));
        err.flush();
      }
      runKeyspace = resumable == null ? null : resumable.keyspace();
      runCheckpoint = resumable == null ? null : resumable.checkpoint();
      return Simulation.run(s, j.config(), j.description(), options(limit, resumable), listener(bar, err));
    }
  }

  /** Whether the failed run left a checkpoint to resume from. */
  private boolean resumable() {
    if (runCheckpoint == null) {
      return false;
    }
    try {
      RunCheckpoint.Loaded saved = RunCheckpoint.load(runCheckpoint);
      return saved != null && !saved.header().finished();
    } catch (SimulationException e) {
      return false;
    }
  }

  /** Why {@code --resume} cannot apply to these flags (exit 2), or null. */
  private String resumeMisuse(ClusterSeed seed, Scenario s, Path dir) {
    if (seed != null) {
      return "--resume continues a run on the embedded cluster; with --cluster the SIMs live on the nodes";
    }
    if (journal.mode() != JournalMode.CASSANDRA) {
      return "--resume needs the Cassandra journal: a run on --journal memory keeps nothing to resume";
    }
    if (journal.keyspace() == null && journal.usesLocalNode()) {
      return "--resume needs --keyspace KS: the keyspace of the interrupted run, printed on its 'journal:' line "
          + "(and in its error message)";
    }
    String name = journal.keyspace() != null ? journal.keyspace() : DEFAULT_KEYSPACE;
    Simulation.Resumable run = new Simulation.Resumable(RunCheckpoint.file(dir, name), name, true);
    try {
      return ResumeCheck.problem(RunCheckpoint.load(run.checkpoint()), run, s);
    } catch (SimulationException e) {
      return "--resume: " + e.getMessage();
    }
  }

  /** The command that resumes this run: the same flags, with --resume and its keyspace. */
  private String resumeCommand() {
    // The arguments as typed (top-level flags, the verb, its flags), without the resume flags given before.
    List<String> args = spec.commandLine().getParseResult().originalArgs();
    StringBuilder cmd = new StringBuilder(args.contains(spec.name()) ? "./simwarden" : "./simwarden simulate");
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      if (a.equals("--resume") || a.startsWith("--keyspace=")) {
        continue;
      }
      if (a.equals("--keyspace")) {
        i++;
        continue;
      }
      cmd.append(' ').append(a.matches("[A-Za-z0-9_./:=,@+-]+") ? a : "'" + a.replace("'", "'\\''") + "'");
    }
    return cmd.append(" --resume --keyspace ").append(runKeyspace).toString();
  }


  private SimulationResult runOnCluster(Scenario s, ClusterSeed seed, PrintWriter stdout, PrintWriter err,
      Duration limit) {
    stdout.println("cluster: joining " + seed + " as a member that hosts no SIM");
    stdout.flush();
    try (ProgressBar bar = new ProgressBar(err, System.console() != null, s.duration().toMillis())) {
      return Simulation.runOnCluster(s, seed, CLUSTER_JOIN_TIMEOUT, options(limit, null), listener(bar, err));
    }
  }

  private Simulation.Options options(Duration limit, Simulation.Resumable resumable) {
    RetryPolicy retry = limit == null ? null : RetryPolicy.DEFAULT.withOutageLimit(limit);
    return new Simulation.Options(parallelism, cohort, retry, resumable);
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
      s = s.withDuration(parseDuration("--duration", duration));
    }
    if (seed != null) {
      s = s.withSeed(seed);
    }
    return s;
  }

  private Duration parseDuration(String option, String text) {
    try {
      return ConfigFactory.parseString("d = \"" + text.replace("\"", "") + "\"").getDuration("d");
    } catch (ConfigException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), option + " must be a duration such as 6h, 24h, "
          + "90m, 2m or 30s, got '" + text + "'");
    }
  }
}
