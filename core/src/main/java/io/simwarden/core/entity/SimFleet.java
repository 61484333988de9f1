package io.simwarden.core.entity;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
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
  private final Executor dispatcher;

  public SimFleet(ActorSystem<?> system, Duration askTimeout) {
    this.sharding = ClusterSharding.get(system);
    this.askTimeout = askTimeout;
    this.dispatcher = system.executionContext();
  }

  public EntityRef<SimEntity.Command> sim(String imsi) {
    return sharding.entityRefFor(SimEntity.ENTITY_TYPE_KEY, imsi);
  }

  /**
   * Sends {@code command} (built around the reply address) to SIM {@code imsi} and awaits the answer. Stages
   * chained on the answer ({@code thenApply}, {@code thenCompose}, {@code whenComplete}, …) run on the actor
   * system's dispatcher. The stage Pekko's ask returns (Scala's {@code FutureConverters}) would run each of them
   * asynchronously on {@code CompletableFuture}'s default executor instead, and on a machine with two cores or
   * fewer (common pool parallelism 1) that executor starts a new thread for every stage: one thread per command.
   */
  public <R> CompletionStage<R> ask(String imsi, Function<ActorRef<R>, SimEntity.Command> command) {
    CompletableFuture<R> answer = new CompletableFuture<>();
    sim(imsi).ask(command::apply, askTimeout).whenCompleteAsync((reply, failure) -> {
      if (failure == null) {
        answer.complete(reply);
      } else {
        answer.completeExceptionally(failure);
      }
    }, dispatcher);
    return answer;
  }
}
