package io.simwarden.sim.driver;

import io.simwarden.core.entity.SimEntity;
import io.simwarden.persistence.journal.JournalRewind;
import io.simwarden.sim.archetype.Identities;
import io.simwarden.sim.scenario.Scenario;
import java.util.concurrent.CompletionException;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;

/** What {@code --resume} checks before it drives, and how it takes the journal back to the checkpoint. */
public final class ResumeCheck {

  private static final int REWIND_PARALLELISM = 16;

  private ResumeCheck() {}

  /** Why the checkpoint {@code loaded} cannot be resumed as {@code scenario}, or null when it can. */
  public static String problem(RunCheckpoint.Loaded loaded, Simulation.Resumable run, Scenario scenario) {
    if (loaded == null) {
      return "--resume: no interrupted run on keyspace " + run.keyspace() + " (no checkpoint " + run.checkpoint()
          + "). A run saves its checkpoint under its --out directory at the end of every simulated hour; give the "
          + "keyspace the run printed on its 'journal:' line and the same --out";
    }
    RunCheckpoint.Header h = loaded.header();
    if (h.finished()) {
      return "--resume: the run on keyspace " + run.keyspace() + " finished; there is nothing to resume (its "
          + "reports are in " + run.checkpoint().getParent().getParent() + "). Start a new run without --resume";
    }
    String mismatch = h.mismatch(scenario);
    if (mismatch != null) {
      return "--resume: the run on keyspace " + run.keyspace() + " was not started with " + mismatch
          + "; resume it with the flags it was started with";
    }
    return null;
  }

  /**
   * Takes every SIM from {@code fromSim} on back to its checkpointed sequence number ({@code sequenceNrs[sim]}, 0:
   * not yet checkpointed, so nothing is kept); returns how many had journaled more. Runs before any of those SIMs'
   * entities starts.
   */
  static int rewind(ActorSystem<?> system, long[] sequenceNrs, int fromSim) {
    JournalRewind rewind = new JournalRewind(system);
    try {
      return Source.range(fromSim, sequenceNrs.length - 1)
          .mapAsyncUnordered(REWIND_PARALLELISM, sim -> rewind.rewind(
              SimEntity.persistenceId(Identities.imsi(sim)).id(), sequenceNrs[sim]))
          .runWith(Sink.fold(0, (n, changed) -> changed ? n + 1 : n), system)
          .toCompletableFuture().join();
    } catch (CompletionException e) {
      throw new SimulationException("could not take the journal back to the checkpoint: " + e.getCause()
          + "; is Cassandra reachable? Run the same --resume again once it is", e.getCause());
    }
  }
}
