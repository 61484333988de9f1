package io.simwarden.node;

import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;

/** What this node's readiness check needs to know: whether its HTTP API is listening, and where. */
public final class NodeStatus implements Extension {
  private final AtomicReference<InetSocketAddress> api = new AtomicReference<>();

  public static NodeStatus get(ActorSystem<?> system) {
    return Id.INSTANCE.apply(system);
  }

  void apiBound(InetSocketAddress address) {
    api.set(address);
  }

  public boolean apiListening() {
    return api.get() != null;
  }

  static final class Id extends ExtensionId<NodeStatus> {
    static final Id INSTANCE = new Id();

    @Override
    public NodeStatus createExtension(ActorSystem<?> system) {
      return new NodeStatus();
    }
  }
}
