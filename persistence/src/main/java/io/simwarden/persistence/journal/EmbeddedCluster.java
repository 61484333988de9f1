package io.simwarden.persistence.journal;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.simwarden.core.CommonPool;
import java.time.Duration;
import java.time.Instant;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;

/**
 * A one-node Pekko cluster inside this JVM, joined to itself on a free loopback port: the default home
 * of the sharded SIM entities for local runs. Same code path as a real cluster (sharding, serialization
 * of every message), just one member.
 */
public final class EmbeddedCluster {

  private EmbeddedCluster() {}

  /**
   * Starts an actor system named {@code name} with {@code overrides} over the application config; system properties
   * ({@code -Dpekko...}) override both.
   *
   * <p>The default dispatcher gets as many threads as the machine has cores (at least 2), where Pekko's default is
   * at least 8: everything in an embedded cluster is CPU-bound (the journal plugins have dispatchers of their own),
   * and on a 2-core box the six extra threads' spinning and parking took ~15 % of a simulation's CPU
   * ({@code sim/README.md}, "Performance").
   */
  public static ActorSystem<Void> start(String name, Config overrides) {
    Config config = ConfigFactory.defaultOverrides()
        .withFallback(overrides)
        .withFallback(ConfigFactory.parseString("""
            pekko.actor.provider = cluster
            pekko.actor.default-dispatcher.fork-join-executor {
              parallelism-min = 2
              parallelism-factor = 1.0
            }
            pekko.remote.artery.canonical.hostname = 127.0.0.1
            pekko.remote.artery.canonical.port = 0
            pekko.cluster.downing-provider-class = ""
            pekko.coordinated-shutdown.exit-jvm = off
            """))
        .withFallback(ConfigFactory.load());
    CommonPool.ensure();
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), name, config);
    Cluster cluster = Cluster.get(system);
    cluster.manager().tell(Join.create(cluster.selfMember().address()));
    if (!awaitUp(system, Duration.ofSeconds(30))) {
      throw new IllegalStateException("embedded cluster did not come up within 30 s");
    }
    return system;
  }

  /**
   * Waits until this member of {@code system}'s cluster is Up. When it is not within {@code timeout} (or the
   * thread is interrupted) the system is terminated and the answer is false.
   */
  public static boolean awaitUp(ActorSystem<?> system, Duration timeout) {
    Cluster cluster = Cluster.get(system);
    Instant deadline = Instant.now().plus(timeout);
    while (cluster.selfMember().status() != MemberStatus.up()) {
      if (Instant.now().isAfter(deadline)) {
        system.terminate();
        return false;
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        system.terminate();
        return false;
      }
    }
    return true;
  }
}
