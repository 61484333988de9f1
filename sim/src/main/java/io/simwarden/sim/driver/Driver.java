package io.simwarden.sim.driver;

import io.simwarden.core.decision.Verdict;
import io.simwarden.core.entity.SimEntity;
import io.simwarden.core.entity.SimProtocol.CommandResult;
import io.simwarden.core.entity.SimFleet;
import io.simwarden.core.state.SimState;
import io.simwarden.sim.clock.VirtualClock;
import io.simwarden.sim.archetype.Identities;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;

/**
 * Feeds the generated commands into the sharded SIM entities with back-pressure (Pekko Streams).
 *
 * <p>The run is a sequence of phases, one per (cohort, interval). In a phase the SIMs' batches are
 * pulled from the generator and sent with {@code mapAsyncUnordered}: up to {@code parallelism} SIMs at
 * once, each SIM's commands strictly one after the other (the next is sent when the previous is
 * answered). A phase ends when every batch of it is answered, so a SIM's next interval is generated
 * after the network's answers to its previous one (the device reacts to them) and every SIM sees its
 * commands in time order. Large fleets are simulated in cohorts of SIMs, each through the whole run, so
 * that only one cohort's entities need to be in memory.
 *
 * <p>Traffic reports travel the way a gateway's usage records do: a SIM's reports of one usage window are
 * held and sent together, as one {@link SimEntity.ReportTrafficBatch}, when the SIM's next report falls in a
 * later window or before any other command of that SIM (so the entity still sees every command in time
 * order, and decides each report exactly as it would alone). Attaches, SMS and operator commands are sent
 * as they happen. A device therefore learns that its reports were refused (its bearer gone) when the
 * window's batch is answered, not after each interval.
 *
 * <p>At the end of every usage window (a <em>boundary</em>) the reports held for it are sent before the next
 * interval is generated; on a durable journal every SIM of the cohort then closes its window
 * ({@link SimEntity.CloseWindow}, journaling what the next command would have) and the run saves a checkpoint
 * ({@link Checkpoints}): everything the SIMs have seen is then in the journal, and a run can resume there.
 *
 * <p>Commands are sent through {@link RetryingAsk}: a command without an answer in time is sent again,
 * idempotently, until the outage limit.
 */
public final class Driver {

  /**
   * Flow summaries one batch may carry. A batch crosses the cluster as one Artery frame (256 KiB by default); a
   * scanning bot's hour (12 reports of 256 flows, ~90 bytes each in CBOR) would not fit in one.
   */
  static final int MAX_BATCH_FLOWS = 1_024;

  /** Where a run saves its checkpoints at the boundaries (none on the in-memory journal). */
  public interface Checkpoints {
    Checkpoints NONE = new Checkpoints() {
      @Override
      public boolean closesWindows() {
        return false;
      }

      @Override
      public void reached(int nextPhase, int from, int to, long[] sequenceNrs, long elapsedMillis) {}
    };

    /** Whether the SIMs close their usage windows at each boundary (needed to resume there). */
    boolean closesWindows();

    /**
     * Phase {@code nextPhase - 1} ended on a boundary: every command before it is answered and journaled, the
     * generator and recorder hold the run's state; {@code sequenceNrs[i]} is SIM {@code from + i}'s last sequence
     * number. Called on the stream's stage, before the next phase is generated.
     */
    void reached(int nextPhase, int from, int to, long[] sequenceNrs, long elapsedMillis);
  }

  private final ActorSystem<?> system;
  private final RetryingAsk ask;
  private final int parallelism;
  private final long usageWindowMillis;
  private long stopAfter;

  public Driver(ActorSystem<?> system, SimFleet fleet, int parallelism, Duration usageWindow, RetryPolicy retry,
      RunRecorder recorder) {
    this.system = system;
    this.ask = new RetryingAsk(system, fleet, retry, recorder);
    this.parallelism = parallelism;
    this.usageWindowMillis = usageWindow.toMillis();
  }

  /**
   * Makes the run fail, as a crash would, once {@code commands} commands were answered (0: never); the commands in
   * flight then may or may not reach the journal. For tests of {@code --resume}.
   */
  public Driver stopAfter(long commands) {
    this.stopAfter = commands;
    return this;
  }

  /** Runs every phase; completes when the last SIM's last command is answered. */
  public CompletionStage<Long> run(FleetGenerator generator, RunRecorder recorder, VirtualClock clock, int fleetSize,
      int cohortSize, Progress progress) {
    return run(generator, recorder, clock, fleetSize, cohortSize, progress, 0, Checkpoints.NONE, 0);
  }

  /**
   * Runs the phases from {@code firstPhase} (0, or the phase after a checkpoint the generator and recorder were
   * restored from), saving checkpoints at the boundaries; {@code elapsedMillis} is the driving time before.
   */
  public CompletionStage<Long> run(FleetGenerator generator, RunRecorder recorder, VirtualClock clock, int fleetSize,
      int cohortSize, Progress progress, int firstPhase, Checkpoints checkpoints, long elapsedMillis) {
    int steps = clock.steps();
    int cohorts = (fleetSize + cohortSize - 1) / cohortSize;
    long phases = (long) cohorts * steps;
    long begin = System.nanoTime();
    // Reports held per SIM of the cohort; boundaries and the last interval send them all, so a checkpoint (and
    // the start of a cohort) finds none held.
    HeldReports held = new HeldReports(cohortSize);
    for (int p = 0; p < firstPhase; p++) {
      progress.phaseDone(p / steps, clock.offset(p % steps + 1));
    }
    return Source.range(firstPhase, (int) phases - 1)
        .flatMapConcat(phase -> {
          int cohort = phase / steps;
          int step = phase % steps;
          int from = cohort * cohortSize;
          int to = Math.min(fleetSize, from + cohortSize);
          Source<Integer, NotUsed> batches = Source.fromIterator(() -> generator.batches(from, to, step))
              .mapAsyncUnordered(parallelism, b -> send(b, held.of(b.sim() - from), recorder, progress));
          Source<Long, NotUsed> phaseSent = batches.fold(0L, (n, sent) -> n + sent);
          long end = clock.start().toEpochMilli() + clock.offset(step + 1);
          if (step < steps - 1 && end % usageWindowMillis == 0) {
            long[] sequenceNrs = new long[to - from];
            boolean close = checkpoints.closesWindows();
            phaseSent = phaseSent.flatMapConcat(n -> Source.range(from, to - 1)
                .filter(sim -> close || held.holds(sim - from))
                .mapAsyncUnordered(parallelism, sim -> boundary(sim, held.of(sim - from), end,
                    checkpoints.closesWindows(), recorder, progress).thenApply(seq -> {
                      sequenceNrs[sim - from] = seq;
                      return 0L;
                    }))
                .fold(n, (a, b) -> a)
                .map(total -> {
                  if (checkpoints.closesWindows()) {
                    checkpoints.reached(phase + 1, from, to, sequenceNrs,
                        elapsedMillis + (System.nanoTime() - begin) / 1_000_000);
                  }
                  return total;
                }));
          }
          return phaseSent.map(n -> {
            progress.phaseDone(cohort, clock.offset(step + 1));
            return n;
          });
        })
        .runWith(Sink.fold(0L, Long::sum), system);
  }

  /**
   * At a boundary: sends SIM {@code sim}'s held reports, then (on a durable journal) closes its usage window;
   * completes with its last sequence number (-1 when windows are not closed).
   */
  private CompletionStage<Long> boundary(int sim, List<SimCommand.Report> held, long at, boolean close,
      RunRecorder recorder, Progress progress) {
    String imsi = Identities.imsi(sim);
    SimBatch b = new SimBatch(sim, imsi, -1, new SimCommand[0]);
    CompletionStage<Integer> released = held.isEmpty() ? CompletableFuture.completedFuture(0)
        : release(b, held, recorder, progress).get();
    released = released.thenApply(n -> {
      recorder.sent(n);
      return n;
    });
    if (!close) {
      return released.thenApply(n -> -1L);
    }
    Instant closeAt = Instant.ofEpochMilli(at);
    return released.thenCompose(n -> ask.<SimEntity.WindowClosed>ask(sim, imsi, "w" + at,
        replyTo -> new SimEntity.CloseWindow(closeAt, replyTo))).thenApply(SimEntity.WindowClosed::sequenceNr);
  }

  /**
   * Sends a SIM's batch in order (holding its trailing reports, releasing reports held before); completes with
   * the number of commands answered once the last is answered. Runs on the stream's stage, one batch at a time,
   * so {@code held} is only touched here.
   */
  private CompletionStage<Integer> send(SimBatch b, List<SimCommand.Report> held, RunRecorder recorder,
      Progress progress) {
    List<Supplier<CompletionStage<Integer>>> sends = new ArrayList<>();
    SimCommand[] commands = b.commands();
    for (int i = 0; i < commands.length; i++) {
      SimCommand c = commands[i];
      if (c instanceof SimCommand.Report r) {
        if (!held.isEmpty() && (window(held.get(0).at()) != window(r.at())
            || flows(held) + r.flows().size() > MAX_BATCH_FLOWS)) {
          sends.add(release(b, held, recorder, progress));
        }
        held.add(r);
      } else {
        if (!held.isEmpty()) {
          sends.add(release(b, held, recorder, progress));
        }
        String key = "c" + b.step() + "." + i;
        sends.add(() -> send(b, c, key, recorder, progress));
      }
    }
    CompletionStage<Integer> chain = CompletableFuture.completedFuture(0);
    for (Supplier<CompletionStage<Integer>> next : sends) {
      chain = chain.thenCompose(n -> next.get().thenApply(m -> n + m));
    }
    return chain.thenApply(n -> {
      recorder.sent(n);
      if (stopAfter > 0 && recorder.commandsSent() >= stopAfter) {
        throw new SimulationException("stopped after " + recorder.commandsSent() + " commands, as asked");
      }
      return n;
    });
  }

  private static int flows(List<SimCommand.Report> reports) {
    int n = 0;
    for (SimCommand.Report r : reports) {
      n += r.flows().size();
    }
    return n;
  }

  private long window(long atMillis) {
    return Math.floorDiv(atMillis, usageWindowMillis);
  }

  /** Takes the held reports out now and sends them as one batch when the chain gets there. */
  private Supplier<CompletionStage<Integer>> release(SimBatch b, List<SimCommand.Report> held, RunRecorder recorder,
      Progress progress) {
    List<SimCommand.Report> reports = List.copyOf(held);
    held.clear();
    List<SimEntity.TrafficReport> batch = new ArrayList<>(reports.size());
    for (SimCommand.Report r : reports) {
      batch.add(r.toTrafficReport());
    }
    String key = "r" + reports.get(0).at() + "." + reports.size();
    return () -> ask.<SimEntity.Verdicts>ask(b.sim(), b.imsi(), key,
            replyTo -> new SimEntity.ReportTrafficBatch(batch, replyTo))
        .thenApply(answer -> {
          List<Verdict> verdicts = answer.verdicts();
          int detections = 0;
          for (int i = 0; i < reports.size(); i++) {
            SimCommand.Report r = reports.get(i);
            Verdict v = verdicts.get(i);
            recorder.onVerdict(b.sim(), r.step(), SimCommand.Kind.REPORT, r.at(), v);
            detections += v.detections().size();
          }
          progress.answered(reports.size(), detections);
          return reports.size();
        });
  }

  private CompletionStage<Integer> send(SimBatch b, SimCommand c, String key, RunRecorder recorder,
      Progress progress) {
    if (c instanceof SimCommand.Network n) {
      return ask.<Verdict>ask(b.sim(), b.imsi(), key, n.build()).thenApply(v -> {
        recorder.onVerdict(b.sim(), b.step(), n.kind(), n.at(), v);
        progress.answered(1, v.detections().size());
        return 1;
      });
    }
    if (c instanceof SimCommand.Operator o) {
      return ask.<CommandResult>ask(b.sim(), b.imsi(), key, o.build()).thenApply(r -> {
        recorder.onOperator(b.imsi(), o, r);
        progress.answered(1, 0);
        return 1;
      });
    }
    return ask.<SimState>ask(b.sim(), b.imsi(), null, SimEntity.GetState::new).thenApply(state -> {
      recorder.onState(b.sim(), state);
      progress.answered(1, 0);
      return 1;
    });
  }

  /** The reports each SIM of a cohort holds until its usage window's batch is sent. */
  private static final class HeldReports {
    private final List<List<SimCommand.Report>> bySim;

    HeldReports(int cohortSize) {
      bySim = new ArrayList<>(cohortSize);
      for (int i = 0; i < cohortSize; i++) {
        bySim.add(null);
      }
    }

    boolean holds(int index) {
      List<SimCommand.Report> held = bySim.get(index);
      return held != null && !held.isEmpty();
    }

    List<SimCommand.Report> of(int index) {
      List<SimCommand.Report> held = bySim.get(index);
      if (held == null) {
        held = new ArrayList<>(4);
        bySim.set(index, held);
      }
      return held;
    }
  }
}
