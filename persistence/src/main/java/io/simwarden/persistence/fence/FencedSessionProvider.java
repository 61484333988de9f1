package io.simwarden.persistence.fence;

import com.datastax.oss.driver.api.core.CqlSession;
import com.typesafe.config.Config;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.stream.connectors.cassandra.CqlSessionProvider;
import org.apache.pekko.stream.connectors.cassandra.DefaultSessionProvider;
import scala.concurrent.ExecutionContext;
import scala.concurrent.Future;

/**
 * The journal's session provider ({@code pekko.persistence.cassandra.session-provider}): Pekko Connectors' default
 * session, behind this actor system's {@link WriteFence}.
 */
public final class FencedSessionProvider implements CqlSessionProvider {
  private final DefaultSessionProvider delegate;
  private final WriteFence fence;

  public FencedSessionProvider(ActorSystem system, Config config) {
    this.delegate = new DefaultSessionProvider(system, config);
    this.fence = WriteFence.get(system);
  }

  @Override
  public Future<CqlSession> connect(ExecutionContext ec) {
    return delegate.connect(ec).map(session -> (CqlSession) new FencedSession(session, fence), ec);
  }
}
