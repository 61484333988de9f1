package io.simwarden.sim.driver;

import io.simwarden.core.decision.Verdict;
import io.simwarden.core.entity.SimEntity;
import io.simwarden.core.entity.SimEntity.CommandResult;
import io.simwarden.core.entity.SimFleet;
import io.simwarden.core.state.SimState;
import io.simwarden.sim.clock.VirtualClock;
import java.time.Duration;
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
 */
public final class Driver {

  /**
   * Flow summaries one batch may carry. A batch crosses the cluster as one Artery frame (256 KiB by default); a
   * scanning bot's hour (12 reports of 256 flows, ~90 bytes each in CBOR) would not fit in one.
   */
  static final int MAX_BATCH_FLOWS = 1_024;

  private final ActorSystem<?> system;
  private final SimFleet fleet;
  private final int parallelism;
  private final long usageWindowMillis;

  public Driver(ActorSystem<?> system, SimFleet fleet, int parallelism, Duration usageWindow) {
    this.system = system;
    this.fleet = fleet;
    this.parallelism = parallelism;
    this.usageWindowMillis = usageWindow.toMillis();
  }

  /** Runs every phase; completes when the last SIM's last command is answered. */
  public CompletionStage<Long> run(FleetGenerator generator, RunRecorder recorder, VirtualClock clock, int fleetSize,
      int cohortSize, Progress progress) {
    int steps = clock.steps();
    int cohorts = (fleetSize + cohortSize - 1) / cohortSize;
    long phases = (long) cohorts * steps;
    // Reports held per SIM of the cohort; the last interval flushes every SIM, so it is empty between cohorts.
    HeldReports held = new HeldReports(cohortSize);
    return Source.range(0, (int) phases - 1)
        .flatMapConcat(phase -> {
          int cohort = phase / steps;
          int step = phase % steps;
          int from = cohort * cohortSize;
          int to = Math.min(fleetSize, from + cohortSize);
          Source<Integer, NotUsed> batches = Source.fromIterator(() -> generator.batches(from, to, step))
              .mapAsyncUnordered(parallelism, b -> send(b, held.of(b.sim() - from), recorder, progress));
          return batches.fold(0L, (n, sent) -> n + sent)
              .map(n -> {
                progress.phaseDone(cohort, clock.offset(step + 1));
                return n;
              });
        })
        .runWith(Sink.fold(0L, Long::sum), system);
  }

  /**
   * Sends a SIM's batch in order (holding its trailing reports, releasing reports held before); completes with
   * the number of commands answered once the last is answered. Runs on the stream's stage, one batch at a time,
   * so {@code held} is only touched here.
   */
  private CompletionStage<Integer> send(SimBatch b, List<SimCommand.Report> held, RunRecorder recorder,
      Progress progress) {
    List<Supplier<CompletionStage<Integer>>> sends = new ArrayList<>();
    for (SimCommand c : b.commands()) {
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
        sends.add(() -> send(b, c, recorder, progress));
      }
    }
    CompletionStage<Integer> chain = CompletableFuture.completedFuture(0);
    for (Supplier<CompletionStage<Integer>> next : sends) {
      chain = chain.thenCompose(n -> next.get().thenApply(m -> n + m));
    }
    return chain.thenApply(n -> {
      recorder.sent(n);
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
    return () -> fleet.<SimEntity.Verdicts>ask(b.imsi(), replyTo -> new SimEntity.ReportTrafficBatch(batch, replyTo))
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

  private CompletionStage<Integer> send(SimBatch b, SimCommand c, RunRecorder recorder, Progress progress) {
    if (c instanceof SimCommand.Network n) {
      return fleet.<Verdict>ask(b.imsi(), n.build()).thenApply(v -> {
        recorder.onVerdict(b.sim(), b.step(), n.kind(), n.at(), v);
        progress.answered(1, v.detections().size());
        return 1;
      });
    }
    if (c instanceof SimCommand.Operator o) {
      return fleet.<CommandResult>ask(b.imsi(), o.build()).thenApply(r -> {
        recorder.onOperator(b.imsi(), o, r);
        progress.answered(1, 0);
        return 1;
      });
    }
    return fleet.<SimState>ask(b.imsi(), SimEntity.GetState::new).thenApply(state -> {
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
