package io.simwarden.node;

import io.simwarden.core.entity.SimEntity;
import io.simwarden.core.entity.SimFleet;
import io.simwarden.core.entity.SimSettings;
import io.simwarden.core.policy.FleetPolicy;
import io.simwarden.node.api.ApiContext;
import io.simwarden.node.cluster.ClusterFormation;
import io.simwarden.node.cluster.MinorityFence;
import io.simwarden.node.cluster.StallWatch;
import io.simwarden.node.api.ApiRoutes;
import io.simwarden.node.api.ApiSettings;
import io.simwarden.node.api.Json;
import io.simwarden.node.metrics.MetricsRoutes;
import io.simwarden.node.metrics.NodeMetrics;
import io.simwarden.node.read.AlertFeed;
import io.simwarden.node.read.SimDirectory;
import io.simwarden.node.security.ApiKeyStore;
import io.simwarden.node.security.Authenticator;
import io.simwarden.node.security.RateLimiter;
import io.simwarden.persistence.fence.WriteFence;
import io.simwarden.readside.ReadSide;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.management.javadsl.PekkoManagement;
import org.apache.pekko.persistence.cassandra.query.javadsl.CassandraReadJournal;
import org.apache.pekko.persistence.query.PersistenceQuery;

/** Root of a node: SIM sharding, management, the read side, and the HTTP API, dashboard and metrics over them. */
final class Guardian {
  private Guardian() {}

  static Behavior<Void> create(CompletableFuture<InetSocketAddress> apiBound) {
    return Behaviors.setup(ctx -> {
      ActorSystem<?> system = ctx.getSystem();
      SimSettings sims = SimSettings.fromConfig(system.settings().config());
      ApiSettings api = ApiSettings.fromConfig(system.settings().config());
      NodeSettings node = NodeSettings.fromConfig(system.settings().config());
      NodeMetrics metrics = new NodeMetrics();
      StallWatch stalls = new StallWatch(node.stallThreshold(), node.stallHold(), System::nanoTime)
          .start(Duration.ofMillis(100));
      system.getWhenTerminated().thenRun(stalls::stop);
      MinorityFence fence = new MinorityFence(system,
          system.settings().config().getString("pekko.cluster.split-brain-resolver.keep-majority.role"));
      BooleanSupplier writesAllowed = () -> stalls.getAsBoolean() && fence.getAsBoolean();
      // SIMs keep their commands while writes are held; a write already past them when the node froze is
      // refused by the journal's session.
      WriteFence.get(system).install(writesAllowed);
      SimEntity.init(system, sims, () -> FleetPolicy.EMPTY, metrics, writesAllowed);
      PekkoManagement.get(system).start();
      ClusterFormation.start(ctx);
      ReadSide readSide = ReadSide.start(system, metrics);
      CassandraReadJournal journal = PersistenceQuery.get(system).getReadJournalFor(CassandraReadJournal.class,
          CassandraReadJournal.Identifier());
      SimDirectory directory = new SimDirectory(system, journal, node.directorySize());
      ApiContext context = new ApiContext(system, api, sims.askTimeout(), new SimFleet(system, sims.askTimeout()),
          new SimFleet(system, api.bulkAskTimeout()), directory, journal,
          new AlertFeed(system, readSide.alertsByOrg(), Json.MAPPER, api.alertsHistory(), api.alertsPoll()),
          readSide.fleetSummary());
      Authenticator keys = new Authenticator(new ApiKeyStore(system, sims.askTimeout()), api.keyCacheTtl(),
          api.keyCacheSize(), System::nanoTime);
      RateLimiter limits = new RateLimiter(api.ratePerSecond(), api.burstSeconds(), System::nanoTime);
      HttpServer.start(system, api,
          new NodeRoutes(new MetricsRoutes(metrics), new ApiRoutes(context, keys, limits)).route(), apiBound);
      return Behaviors.empty();
    });
  }
}
