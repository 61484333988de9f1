package io.simwarden.node;

import io.simwarden.node.security.Role;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One in-process node (its own one-member cluster) on the test Cassandra, shared by every test class of the
 * JVM that registers this extension after {@code CassandraExtension}. It stops when the JVM's tests are done.
 */
public final class SharedNode implements BeforeAllCallback {
  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SharedNode.class);

  /** Timings for a busy CI machine: the node must not time out while Cassandra is slow. */
  public static final String TEST_SETTINGS = """
      simwarden.sim.ask-timeout = 20s
      simwarden.http.auth.cache-ttl = 1s
      simwarden.http.max-body = 64k
      simwarden.http.bulk.max-line = 16k
      """;

  private static volatile Running current;

  /** The node and its API's base URL. */
  public record Running(Node node, String baseUrl) implements AutoCloseable {
    public HttpApi api() {
      return new HttpApi(baseUrl);
    }

    public String key(Role role, String organisation) {
      return NodeTestKit.createKey(node, role, organisation, 100_000);
    }

    @Override
    public void close() {
      current = null;
      node.stop();
    }
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    current = context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(Running.class, type -> {
      Node node = NodeTestKit.startOwnCluster(Path.of("target", "shared-node"), "shared", TEST_SETTINGS);
      InetSocketAddress address = node.apiAddress().toCompletableFuture().join();
      return new Running(node, "http://127.0.0.1:" + address.getPort());
    }, Running.class);
  }

  public static Running get() {
    Running running = current;
    if (running == null) {
      throw new IllegalStateException("annotate the test class with @ExtendWith({CassandraExtension.class, "
          + "SharedNode.class})");
    }
    return running;
  }
}
