package io.simwarden.node;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;

/**
 * Readiness check of Pekko Management ({@code /ready}): the node is ready once its HTTP API listens (the
 * cluster membership check of pekko-management-cluster-http adds "and it is Up in the cluster").
 */
public final class ApiReadiness implements Supplier<CompletionStage<Boolean>> {
  private final NodeStatus status;

  public ApiReadiness(ActorSystem system) {
    this.status = NodeStatus.get(Adapter.toTyped(system));
  }

  @Override
  public CompletionStage<Boolean> get() {
    return CompletableFuture.completedFuture(status.apiListening());
  }
}
