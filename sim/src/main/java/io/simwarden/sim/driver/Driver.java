package io.simwarden.sim.driver;

import io.simwarden.core.decision.Verdict;
import io.simwarden.core.entity.SimEntity;
import io.simwarden.core.entity.SimEntity.CommandResult;
import io.simwarden.core.entity.SimFleet;
import io.simwarden.core.state.SimState;
import io.simwarden.sim.clock.VirtualClock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
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
 */
public final class Driver {

  private final ActorSystem<?> system;
  private final SimFleet fleet;
  private final int parallelism;

  public Driver(ActorSystem<?> system, SimFleet fleet, int parallelism) {
    this.system = system;
    this.fleet = fleet;
    this.parallelism = parallelism;
  }

  /** Runs every phase; completes when the last SIM's last command is answered. */
  public CompletionStage<Long> run(FleetGenerator generator, RunRecorder recorder, VirtualClock clock, int fleetSize,
      int cohortSize, Progress progress) {
    int steps = clock.steps();
    int cohorts = (fleetSize + cohortSize - 1) / cohortSize;
    long phases = (long) cohorts * steps;
    return Source.range(0, (int) phases - 1)
        .flatMapConcat(phase -> {
          int cohort = phase / steps;
          int step = phase % steps;
          int from = cohort * cohortSize;
          int to = Math.min(fleetSize, from + cohortSize);
          Source<Integer, NotUsed> batches = Source.fromIterator(() -> generator.batches(from, to, step))
              .mapAsyncUnordered(parallelism, b -> send(b, recorder, progress));
          return batches.fold(0L, (n, sent) -> n + sent)
              .map(n -> {
                progress.phaseDone(cohort, clock.offset(step + 1));
                return n;
              });
        })
        .runWith(Sink.fold(0L, Long::sum), system);
  }

  /** Sends a SIM's batch in order; completes with the number of commands once the last is answered. */
  private CompletionStage<Integer> send(SimBatch b, RunRecorder recorder, Progress progress) {
    CompletionStage<Void> chain = CompletableFuture.completedFuture(null);
    for (SimCommand c : b.commands()) {
      chain = chain.thenCompose(ignored -> send(b, c, recorder, progress));
    }
    return chain.thenApply(ignored -> {
      recorder.sent(b.commands().length);
      return b.commands().length;
    });
  }

  private CompletionStage<Void> send(SimBatch b, SimCommand c, RunRecorder recorder, Progress progress) {
    if (c instanceof SimCommand.Network n) {
      return fleet.<Verdict>ask(b.imsi(), n.build()).thenAccept(v -> {
        recorder.onVerdict(b.sim(), b.step(), n, v);
        progress.answered(1, v.detections().size());
      });
    }
    if (c instanceof SimCommand.Operator o) {
      return fleet.<CommandResult>ask(b.imsi(), o.build()).thenAccept(r -> {
        recorder.onOperator(b.imsi(), o, r);
        progress.answered(1, 0);
      });
    }
    return fleet.<SimState>ask(b.imsi(), SimEntity.GetState::new).thenAccept(state -> {
      recorder.onState(b.sim(), state);
      progress.answered(1, 0);
    });
  }
}
