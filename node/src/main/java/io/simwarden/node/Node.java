package io.simwarden.node;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import io.simwarden.core.CommonPool;
import io.simwarden.node.cluster.ClusterFormation;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;

/** A running cluster node: its actor system and where its HTTP API listens once bound. */
public final class Node {
  /** Every node of a cluster must use this actor system name. */
  public static final String SYSTEM_NAME = "simwarden";

  private final ActorSystem<Void> system;
  private final CompletableFuture<InetSocketAddress> apiBound;

  private Node(ActorSystem<Void> system, CompletableFuture<InetSocketAddress> apiBound) {
    this.system = system;
    this.apiBound = apiBound;
  }

  /**
   * The configuration of a node: environment variables ({@link NodeEnvironment}) over {@code file} (e.g.
   * local1.conf) over {@code journal} (where the events go)
   * over the node defaults ({@code simwarden-node.conf}) over every module's reference.conf.
   */
  public static Config config(Path file, Config journal) {
    Config own = ConfigFactory.parseFile(file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
    return ConfigFactory.load(NodeEnvironment.overrides(System.getenv()).withFallback(own).withFallback(journal)
        .withFallback(ConfigFactory.parseResources(Node.class.getClassLoader(), "simwarden-node.conf")));
  }

  /** Starts a node; a configuration that could form a second cluster is refused ({@link ClusterFormation}). */
  public static Node start(Config config) {
    ClusterFormation.validate(config);
    CommonPool.ensure();
    CompletableFuture<InetSocketAddress> bound = new CompletableFuture<>();
    ActorSystem<Void> system = ActorSystem.create(Guardian.create(bound), SYSTEM_NAME, config);
    // A node that stops before binding (bad settings, no keystore, port taken) must not leave callers waiting.
    system.getWhenTerminated().thenRun(() -> bound.completeExceptionally(
        new IllegalStateException("the node stopped before its HTTP API was bound; its log says why")));
    return new Node(system, bound);
  }

  public ActorSystem<Void> system() {
    return system;
  }

  /** Where the API listens; fails when it could not bind (the node then shuts down). */
  public CompletionStage<InetSocketAddress> apiAddress() {
    return apiBound;
  }

  public void stop() {
    system.terminate();
    system.getWhenTerminated().toCompletableFuture().join();
  }
}
