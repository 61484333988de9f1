package io.simwarden.core.entity;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;

/**
 * Client side of the sharded SIM entities: asks any SIM, wherever in the cluster it lives. Used by the
 * HTTP routes, the simulator's driver and the command line alike.
 */
public final class SimFleet {
  private final ClusterSharding sharding;
  private final Duration askTimeout;

  public SimFleet(ActorSystem<?> system, Duration askTimeout) {
    this.sharding = ClusterSharding.get(system);
    this.askTimeout = askTimeout;
  }

  public EntityRef<SimEntity.Command> sim(String imsi) {
    return sharding.entityRefFor(SimEntity.ENTITY_TYPE_KEY, imsi);
  }

  /** Sends {@code command} (built around the reply address) to SIM {@code imsi} and awaits the answer. */
  public <R> CompletionStage<R> ask(String imsi, Function<ActorRef<R>, SimEntity.Command> command) {
    return sim(imsi).ask(command::apply, askTimeout);
  }
}
