package io.simwarden.persistence.fence;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.CqlSessionBuilder;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.context.DriverContext;
import com.datastax.oss.driver.api.core.session.ProgrammaticArguments;
import com.typesafe.config.Config;
import io.simwarden.core.ValidationException;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.stream.connectors.cassandra.CqlSessionProvider;
import org.apache.pekko.stream.connectors.cassandra.DriverConfigLoaderFromConfig;
import scala.concurrent.ExecutionContext;
import scala.concurrent.Future;
import scala.jdk.javaapi.FutureConverters;

/**
 * The journal's session provider ({@code pekko.persistence.cassandra.session-provider}): the session Pekko
 * Connectors' default provider builds from the same driver configuration, behind this actor system's
 * {@link WriteFence} twice: the session refuses writes by name ({@link FencedSession}), each connection holds
 * whatever was already inside the driver ({@link FenceHandler}). Contact points only: a service-discovery name is
 * refused.
 */
public final class FencedSessionProvider implements CqlSessionProvider {
  private final ActorSystem system;
  private final Config config;
  private final WriteFence fence;

  public FencedSessionProvider(ActorSystem system, Config config) {
    if (!config.getString("service-discovery.name").isEmpty()) {
      throw new ValidationException("service-discovery.name", "is set, which " + FencedSessionProvider.class
          .getSimpleName() + " does not support: list the Cassandra contact points instead");
    }
    this.system = system;
    this.config = config;
    this.fence = WriteFence.get(system);
  }

  @Override
  public Future<CqlSession> connect(ExecutionContext ec) {
    DriverConfigLoader loader = DriverConfigLoaderFromConfig.fromConfig(CqlSessionProvider.driverConfig(system,
        config));
    return FutureConverters.asScala(new Builder(fence).withConfigLoader(loader).buildAsync())
        .map(session -> (CqlSession) new FencedSession(session, fence), ec);
  }

  private static final class Builder extends CqlSessionBuilder {
    private final WriteFence fence;

    Builder(WriteFence fence) {
      this.fence = fence;
    }

    @Override
    protected DriverContext buildContext(DriverConfigLoader configLoader, ProgrammaticArguments arguments) {
      return new FencedDriverContext(configLoader, arguments, fence);
    }
  }
}
