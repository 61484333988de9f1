package io.simwarden.sim.driver;

import io.simwarden.core.entity.SimEntity;
import io.simwarden.core.entity.SimFleet;
import io.simwarden.core.entity.SimSettings;
import io.simwarden.core.event.RejectReason;
import io.simwarden.core.policy.FleetPolicy;
import com.typesafe.config.Config;
import io.simwarden.core.state.SimState;
import io.simwarden.sim.archetype.Identities;
import io.simwarden.sim.archetype.Archetype;
import io.simwarden.sim.archetype.FleetChanges;
import io.simwarden.sim.archetype.FleetLayout;
import io.simwarden.sim.attack.AttackPlan;
import io.simwarden.sim.clock.VirtualClock;
import io.simwarden.sim.scenario.Scenario;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.pattern.AskTimeoutException;

/** Runs a scenario end to end: plans the fleet and the attacks, starts the cluster, drives, collects. */
public final class Simulation {

  /**
   * How the driver runs.
   *
   * @param parallelism SIMs with commands in flight at once
   * @param cohortSize  SIMs simulated through the whole run together; larger fleets go in several cohorts
   * @param retry       back-off and outage limit ({@code null}: the default, with the configured limit)
   * @param resumable   checkpoints of a run on a durable journal, and whether to resume one ({@code null}: none)
   * @param stopAfter   stop the run (as a crash would, mid-phase) once this many commands were answered; 0 never.
   *                    What tests and demonstrations of {@code --resume} use.
   */
  public record Options(int parallelism, int cohortSize, RetryPolicy retry, Resumable resumable, long stopAfter) {
    public Options {
      if (parallelism < 1 || cohortSize < 1) {
        throw new IllegalArgumentException("parallelism and cohort size must be positive");
      }
    }

    /** Retries as configured ({@code simwarden.sim.journal-outage-limit}), no checkpoints. */
    public Options(int parallelism, int cohortSize) {
      this(parallelism, cohortSize, null, null, 0);
    }

    /** No forced stop. */
    public Options(int parallelism, int cohortSize, RetryPolicy retry, Resumable resumable) {
      this(parallelism, cohortSize, retry, resumable, 0);
    }
  }

  /**
   * A run on a durable journal that saves checkpoints to {@code checkpoint} (see {@link RunCheckpoint}) and can
   * be resumed; {@code resume} continues the run saved there instead of starting afresh.
   */
  public record Resumable(Path checkpoint, String keyspace, boolean resume) {}

  /** What a caller can watch while a run goes: where it is, and remarks worth showing. */
  public interface Listener {
    /** Shows nothing: for benchmarks and tests that read only the result. */
    Listener SILENT = new Listener() {
      @Override
      public void started(Progress progress) {}

      @Override
      public void notice(String message) {}
    };

    void started(Progress progress);

    void notice(String message);
  }

  private Simulation() {}

  /**
   * Runs {@code scenario} on a fresh embedded cluster writing to {@code journal} (a journal configuration
   * such as {@code JournalMode.MEMORY.config()} or an {@code OpenJournal}'s), described as
   * {@code journalName} in the result.
   */
  public static SimulationResult run(Scenario scenario, Config journal, String journalName, Options options,
      Listener listener) {
    return run(scenario, (cohortSize, cohorts) -> SimulationCluster.start(journal, cohortSize, cohorts), journalName,
        "use --journal memory, or a fresh Cassandra keyspace (the local node gets one per run unless --keyspace is "
            + "given)", true, options, listener);
  }

  /**
   * Runs {@code scenario} against the running simwarden cluster at {@code seed}: the simulator joins it as a
   * member that hosts no SIM, and every SIM lives on (and is journaled by) the cluster's nodes.
   */
  public static SimulationResult runOnCluster(Scenario scenario, ClusterSeed seed, Duration joinTimeout,
      Options options, Listener listener) {
    return run(scenario, (cohortSize, cohorts) -> SimulationCluster.join(seed, joinTimeout), "the cluster at " + seed,
        "the simulated IMSIs are fixed (208010000000001 upwards), so run the nodes on a journal (keyspace) that does "
            + "not hold them yet", false, options, listener);
  }

  /** Where the SIMs of a run live: started for the run, terminated after it. */
  private interface Members {
    ActorSystem<Void> start(int cohortSize, int cohorts);
  }

  /**
   * {@code embedded}: the SIMs live in this JVM, so commands are retried idempotently ({@link RetryingAsk}); on a
   * running cluster they are sent once, as before (the nodes' own timeouts apply).
   */
  private static SimulationResult run(Scenario scenario, Members members, String journalName, String freshJournalHint,
      boolean embedded, Options options, Listener listener) {
    FleetLayout fleet = FleetLayout.create(scenario.counts(), scenario.seed());
    AttackPlan plan = AttackPlan.plan(scenario, fleet);
    plan.notes().forEach(listener::notice);
    VirtualClock clock = scenario.clock();
    RunRecorder recorder = new RunRecorder(fleet, clock.steps());
    FleetGenerator generator = new FleetGenerator(scenario.seed(), fleet, plan,
        new FleetChanges(scenario.seed(), clock.startMillis(), scenario.changes()), clock, recorder);
    int cohortSize = Math.min(fleet.size(), options.cohortSize());
    int cohorts = (fleet.size() + cohortSize - 1) / cohortSize;
    Resumable resumable = options.resumable();
    RunCheckpoint.Loaded loaded = resumable != null && resumable.resume() ? RunCheckpoint.load(resumable.checkpoint())
        : null;
    if (resumable != null && resumable.resume()) {
      String problem = ResumeCheck.problem(loaded, resumable, scenario);
      if (problem != null) {
        throw new ResumeException(problem);
      }
      loaded.restore(fleet, plan, recorder);
      listener.notice("resuming the run on keyspace " + resumable.keyspace() + " at "
          + Scenario.human(Duration.ofMillis(clock.offset(loaded.header().nextPhase() % clock.steps())))
          + " of simulated time" + (cohorts > 1 ? " (cohort " + (loaded.header().nextPhase() / clock.steps() + 1)
          + " of " + cohorts + ")" : ""));
    }
    int firstPhase = loaded == null ? 0 : loaded.header().nextPhase();
    long[] sequenceNrs = loaded == null ? RunCheckpoint.none(fleet.size()) : loaded.sequenceNrs();
    RunCheckpoint.Header header = new RunCheckpoint.Header(scenario.name(), scenario.seed(), scenario.devices(),
        scenario.duration().toMillis(), resumable == null ? "" : resumable.keyspace(), false, firstPhase,
        cohorts * clock.steps(), loaded == null ? 0 : loaded.header().elapsedMillis());
    ActorSystem<Void> system = members.start(cohortSize, cohorts);
    try {
      SimSettings settings = SimSettings.fromConfig(system.settings().config());
      FleetPolicy policy = fleetPolicy();
      SimEntity.init(system, settings, () -> policy);
      SimFleet sims = new SimFleet(system, settings.askTimeout());
      RetryPolicy retry = (options.retry() != null ? options.retry() : RetryPolicy.DEFAULT.withOutageLimit(
          system.settings().config().getDuration("simwarden.sim.journal-outage-limit"))).withSeed(scenario.seed());
      if (loaded != null) {
        int rewound = ResumeCheck.rewind(system, sequenceNrs, (firstPhase / clock.steps()) * cohortSize);
        if (rewound > 0) {
          listener.notice(rewound + " SIMs had journaled part of the interrupted phase; their journal was taken "
              + "back to the checkpoint");
        }
      } else {
        requireEmptyJournal(new RetryingAsk(system, sims, embedded ? retry : null, recorder), journalName,
            freshJournalHint);
        if (resumable != null) {
          // Phase 0 before anything is driven: a run interrupted in its first hour resumes from its start.
          RunCheckpoint.save(resumable.checkpoint(), header, fleet, plan, recorder, sequenceNrs);
        }
      }
      Driver.Checkpoints checkpoints = resumable == null ? Driver.Checkpoints.NONE : new Driver.Checkpoints() {
        @Override
        public boolean closesWindows() {
          return true;
        }

        @Override
        public void reached(int nextPhase, int from, int to, long[] cohortNrs, long elapsedMillis) {
          System.arraycopy(cohortNrs, 0, sequenceNrs, from, to - from);
          RunCheckpoint.save(resumable.checkpoint(), new RunCheckpoint.Header(header.scenario(), header.seed(),
              header.devices(), header.durationMillis(), header.keyspace(), false, nextPhase, header.phases(),
              elapsedMillis), fleet, plan, recorder, sequenceNrs);
        }
      };
      Progress progress = new Progress(cohorts, clock.steps());
      listener.started(progress);
      long begin = System.nanoTime();
      long sent = joinUnlessShutDown(system, new Driver(system, sims, options.parallelism(), settings.usageWindow(),
          embedded ? retry : null, recorder).stopAfter(options.stopAfter()).run(generator, recorder, clock, fleet.size(), cohortSize, progress, firstPhase, checkpoints,
          header.elapsedMillis()).toCompletableFuture(),
          resumable != null ? "continue this one from its last checkpoint with --resume" : freshJournalHint);
      long wallMillis = header.elapsedMillis() + (System.nanoTime() - begin) / 1_000_000;
      if (resumable != null) {
        RunCheckpoint.markFinished(resumable.checkpoint(), new RunCheckpoint.Header(header.scenario(), header.seed(),
            header.devices(), header.durationMillis(), header.keyspace(), true, header.phases(), header.phases(),
            wallMillis), fleet, plan, recorder, sequenceNrs);
      }
      int steps = clock.steps();
      long[] blocked = new long[steps];
      long[] refused = new long[steps];
      for (int i = 0; i < steps; i++) {
        blocked[i] = recorder.blockedFlows(i);
        refused[i] = recorder.refused(i);
      }
      Map<SimCommand.Kind, Long> commands = new EnumMap<>(SimCommand.Kind.class);
      for (SimCommand.Kind k : SimCommand.Kind.values()) {
        commands.put(k, recorder.commands(k));
      }
      Map<RejectReason, Long> refusals = new EnumMap<>(RejectReason.class);
      for (RejectReason r : RejectReason.values()) {
        if (recorder.refusals(r) > 0) {
          refusals.put(r, recorder.refusals(r));
        }
      }
      return new SimulationResult(scenario, journalName, fleet.counts(), plan.labels(), plan.notes(),
          recorder.detections(), new SimulationResult.Series(recorder.normalBytes(), recorder.attackBytes(),
          recorder.reports(), blocked, refused), commands, refusals, recorder.allowedFlows(), recorder.blockedFlows(),
          recorder.commandsSent(), wallMillis, recorder.journalDigest(), cohorts, options.parallelism(),
          recorder.retries());
    } finally {
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().join();
    }
  }

  /**
   * Simulated SIMs are provisioned from scratch; a journal that already holds them (an earlier run on the
   * same Cassandra keyspace) would refuse that and mix two runs. Checked on the first SIM before driving.
   */
  private static void requireEmptyJournal(RetryingAsk ask, String journalName, String freshJournalHint) {
    String first = Identities.imsi(0);
    // The first ask of a run may wait for the journal to create its keyspace and tables: retried like any other.
    SimState state = join(ask.<SimState>ask(0, first, null, SimEntity.GetState::new).toCompletableFuture());
    if (state.isProvisioned()) {
      throw new SimulationException("the journal (" + journalName + ") already holds a simulated fleet: SIM "
          + first + " is provisioned. A simulation needs a journal without its SIMs: " + freshJournalHint
          + "; to continue an interrupted run on it, add --resume");
    }
  }

  /** Firmware versions the fleet's device models are known to be vulnerable in (flagged at attach). */
  static FleetPolicy fleetPolicy() {
    Set<String> vulnerable = new HashSet<>();
    for (Archetype a : Archetype.values()) {
      vulnerable.addAll(a.model().vulnerableFirmware());
    }
    return new FleetPolicy(Set.of(), vulnerable);
  }

  /**
   * {@link #join}, except that a run stopped by the member's shutdown (Ctrl-C or SIGTERM runs Pekko's coordinated
   * shutdown, which aborts the driving stream) says so instead of reporting the stream's abort as a failure.
   */
  private static <T> T joinUnlessShutDown(ActorSystem<Void> system, CompletableFuture<T> run,
      String freshJournalHint) {
    try {
      return join(run);
    } catch (SimulationException e) {
      Optional<CoordinatedShutdown.Reason> reason = CoordinatedShutdown.get(system).getShutdownReason();
      if (reason.isPresent()) {
        throw new SimulationException("interrupted: the run was stopped before its end ("
            + (reason.get() == CoordinatedShutdown.jvmExitReason() ? "the JVM is exiting, e.g. Ctrl-C or SIGTERM"
            : reason.get().toString()) + "); no report was written. Events already journaled on Cassandra stay "
            + "there; for the next run, " + freshJournalHint, e);
      }
      throw e;
    }
  }

  private static <T> T join(CompletableFuture<T> run) {
    try {
      return run.join();
    } catch (CompletionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof SimulationException s) {
        throw s;
      }
      if (cause instanceof AskTimeoutException || cause instanceof TimeoutException) {
        throw new SimulationException("a SIM entity did not answer in time (" + cause.getMessage()
            + "); the journal may be overloaded or the JVM short of memory", cause);
      }
      throw new SimulationException("the run failed: " + cause, cause);
    }
  }
}
