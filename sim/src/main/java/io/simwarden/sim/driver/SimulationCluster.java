package io.simwarden.sim.driver;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.simwarden.persistence.cassandra.LocalCassandra;
import io.simwarden.persistence.journal.EmbeddedCluster;
import io.simwarden.persistence.journal.JournalMode;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * The embedded one-node cluster a simulation runs on, and the one place where the journal is chosen.
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
   * Starts the cluster on {@code journal}, sized for cohorts of {@code cohortSize} SIMs. For the Cassandra
   * journal it first starts (or reuses) the local Cassandra node, reporting what it did to {@code notices}.
   */
  public static ActorSystem<Void> start(JournalMode journal, int cohortSize, Consumer<String> notices) {
    Config journalConfig;
    try {
      journalConfig = journal.config();
    } catch (IllegalStateException e) {
      throw new SimulationException("the " + journal + " journal is not available in this build ("
          + e.getMessage() + "); run with --journal memory", e);
    }
    if (journal == JournalMode.CASSANDRA) {
      LocalCassandra.Started node = new LocalCassandra(LocalCassandra.Settings.defaults()).start();
      notices.accept(node.describe() + " — it keeps running; stop it with 'simwarden cassandra stop'");
    }
    int shards = ConfigFactory.load().getInt("pekko.cluster.sharding.number-of-shards");
    long resident = 2L * cohortSize + 32L * shards;
    Config simulation = ConfigFactory.parseString("""
        simwarden.sim.ask-timeout = 120s
        pekko.cluster.sharding.passivation {
          strategy = simwarden-simulation
          simwarden-simulation {
            active-entity-limit = %d
            replacement.policy = least-recently-used
          }
        }
        """.formatted(resident));
    return EmbeddedCluster.start("simwarden-sim", simulation.withFallback(journalConfig));
  }
}
