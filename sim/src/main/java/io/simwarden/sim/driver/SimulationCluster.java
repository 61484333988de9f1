package io.simwarden.sim.driver;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.simwarden.persistence.journal.EmbeddedCluster;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * The embedded one-node cluster a simulation runs on, over the journal the caller opened (persistence's
 * {@code JournalOptions}/{@code OpenJournal} decide memory or Cassandra; this is where that choice is
 * applied).
 *
 * <p>Two settings differ from a production node. Entities are passivated least-recently-used with a
 * limit well above one cohort of SIMs, so no SIM of the cohort being simulated is ever passivated: a
 * passivation journals a partial usage window at a moment that depends on scheduling, which would
 * make the journal differ between runs. And the ask timeout is long, because a SIM that does not
 * answer stops the run rather than being skipped.
 */
public final class SimulationCluster {

  private SimulationCluster() {}

  /**
   * Starts the cluster with {@code journal} (a journal configuration) for a fleet simulated in
   * {@code cohorts} cohorts of {@code cohortSize} SIMs. With a single cohort no SIM ever has to leave
   * memory, so passivation is off altogether.
   */
  public static ActorSystem<Void> start(Config journal, int cohortSize, int cohorts) {
    int shards = ConfigFactory.load().getInt("pekko.cluster.sharding.number-of-shards");
    long resident = 2L * cohortSize + 32L * shards;
    String passivation = cohorts == 1 ? "pekko.cluster.sharding.passivation.strategy = none" : """
        pekko.cluster.sharding.passivation {
          strategy = simwarden-simulation
          simwarden-simulation {
            active-entity-limit = %d
            replacement.policy = least-recently-used
          }
        }
        """.formatted(resident);
    Config simulation = ConfigFactory.parseString("simwarden.sim.ask-timeout = 120s\n" + passivation);
    return EmbeddedCluster.start("simwarden-sim", simulation.withFallback(journal));
  }
}
