package io.simwarden.sim.driver;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.simwarden.core.CommonPool;
import io.simwarden.core.entity.SimEntity;
import io.simwarden.persistence.journal.EmbeddedCluster;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * The cluster a simulation runs on: by default an embedded one-node cluster over the journal the caller
 * opened (persistence's {@code JournalOptions}/{@code OpenJournal} decide memory or Cassandra; this is where
 * that choice is applied), or a running simwarden cluster the simulator joins as a member that hosts no
 * SIM (see {@link #join}).
 *
 * <p>Two settings differ from a production node. Entities are passivated least-recently-used with a
 * limit well above one cohort of SIMs, so no SIM of the cohort being simulated is ever passivated: a
 * passivation journals a partial usage window at a moment that depends on scheduling, which would
 * make the journal differ between runs. And the ask timeout is 30 s, longer than the journal's own
 * timeouts: a command without an answer by then is sent again (see {@code RetryingAsk}), and the run
 * stops only when the journal stays unreachable past the outage limit.
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
    Config simulation = ConfigFactory.parseString("simwarden.sim.ask-timeout = 30s\n" + passivation);
    return EmbeddedCluster.start("simwarden-sim", simulation.withFallback(journal));
  }

  /**
   * Joins the running cluster at {@code seed} as a member without the {@link SimEntity#HOST_ROLE} role: the
   * simulator's sharding is then a proxy, every SIM lives on the cluster's nodes and is journaled by them,
   * and the commands travel over Artery (binary CBOR, no HTTP or JSON on the way). The member leaves the
   * cluster again when the system terminates.
   */
  public static ActorSystem<Void> join(ClusterSeed seed, Duration joinTimeout) {
    Config config = ConfigFactory.parseString("""
        simwarden.sim.ask-timeout = 120s
        pekko.actor.provider = cluster
        pekko.cluster.roles = []
        pekko.cluster.seed-nodes = ["%s"]
        # The nodes' downing provider: a joining member must use the same one (join compatibility check).
        pekko.cluster.downing-provider-class = "org.apache.pekko.cluster.sbr.SplitBrainResolverProvider"
        pekko.cluster.split-brain-resolver.active-strategy = keep-majority
        pekko.cluster.split-brain-resolver.keep-majority.role = "%s"
        pekko.remote.artery.canonical.port = 0
        pekko.coordinated-shutdown.exit-jvm = off
        """.formatted(seed.address(), SimEntity.HOST_ROLE))
        .withFallback(ConfigFactory.parseString("pekko.remote.artery.canonical.hostname = \"%s\""
            .formatted(localHostFor(seed))))
        .withFallback(ConfigFactory.load());
    CommonPool.ensure();
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), seed.systemName(), config);
    if (!EmbeddedCluster.awaitUp(system, joinTimeout)) {
      throw new SimulationException("could not join the cluster at " + seed + " within " + joinTimeout.toSeconds()
          + " s: is a simwarden node running there (simwarden node --config local1.conf) and reachable from "
          + "this machine?");
    }
    return system;
  }

  /** Loopback seeds are joined from loopback; otherwise this machine's own address. */
  private static String localHostFor(ClusterSeed seed) {
    try {
      InetAddress target = InetAddress.getByName(seed.host().replace("[", "").replace("]", ""));
      return target.isLoopbackAddress() ? target.getHostAddress()
          : InetAddress.getLocalHost().getHostAddress();
    } catch (UnknownHostException e) {
      throw new SimulationException("unknown cluster host '" + seed.host() + "'", e);
    }
  }
}
