package io.simwarden.persistence.cassandra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real Cassandra per test JVM, for every test class annotated {@code @ExtendWith(CassandraExtension.class)}.
 * It starts before the first such class, in a fresh {@code target/cassandra-test} of the module under test,
 * on free ports chosen then, and stops when the JVM's tests are done (the root store closes it) or, as a
 * backstop, when the JVM exits. Connect with {@link #contactPoint()} and local datacenter
 * {@value #LOCAL_DATACENTER}.
 */
public final class CassandraExtension implements BeforeAllCallback {

  public static final String LOCAL_DATACENTER = "datacenter1";

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(CassandraExtension.class);

  private static volatile TestCassandra current;

  @Override
  public void beforeAll(ExtensionContext context) {
    current = context.getRoot().getStore(NAMESPACE)
        .getOrComputeIfAbsent(TestCassandra.class, type -> TestCassandra.start(), TestCassandra.class);
  }

  public static int cqlPort() {
    return node().cqlPort();
  }

  public static InetSocketAddress contactPoint() {
    return new InetSocketAddress(CqlProbe.LOOPBACK, cqlPort());
  }

  public static long pid() {
    return node().pid();
  }

  /** The settings the node was started with, for tests that drive {@link LocalCassandra} themselves. */
  public static LocalCassandra.Settings settings() {
    return started().launcher.settings();
  }

  private static LocalCassandra.Running node() {
    return started().node;
  }

  private static TestCassandra started() {
    TestCassandra started = current;
    if (started == null) {
      throw new IllegalStateException(
          "No test Cassandra: annotate the test class with @ExtendWith(CassandraExtension.class)");
    }
    return started;
  }

  /**
   * A node of the test's own, started now in a fresh {@code target/<name>} on free ports, for tests that
   * stop or restart it (the shared node must stay as the other test classes expect it). The caller stops
   * it; a shutdown hook does otherwise.
   */
  public static LocalCassandra privateNode(String name) {
    return startOnFreePorts(name, true).launcher();
  }

  private record Launched(LocalCassandra launcher, LocalCassandra.Running node) {}

  /**
   * Starts a node in a fresh {@code target/<name>} on free ports. The shared node runs without schema flushes
   * ({@link LocalCassandra.Settings#withSchemaFlushes}): its data is thrown away, it is never restarted, and the test
   * classes create a keyspace or more each. The nodes tests restart keep Cassandra's default.
   */
  private static Launched startOnFreePorts(String name, boolean schemaFlushes) {
    int cqlPort = freePort();
    int storagePort = freePort();
    while (storagePort == cqlPort) {
      storagePort = freePort();
    }
    LocalCassandra launcher = new LocalCassandra(LocalCassandra.Settings.defaults()
        .withDataDir(freshDataDir(name))
        .withCqlPort(cqlPort)
        .withStoragePort(storagePort)
        .withSchemaFlushes(schemaFlushes))
        .stopOnJvmExit();
    return new Launched(launcher, launcher.start().node());
  }


  /**
   * A loopback port free at the time of the call, for servers the tests start. It is drawn below the kernel's
   * ephemeral range (32768 and up on Linux): a port the kernel hands out (as {@code new ServerSocket(0)} does)
   * can be taken as the source port of an outgoing connection before the server binds it.
   */
  public static int freePort() {
    for (int attempt = 0; attempt < 1_000; attempt++) {
      int port = 20_000 + ThreadLocalRandom.current().nextInt(12_000);
      try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName(CqlProbe.LOOPBACK))) {
        return port;
      } catch (IOException taken) {
        // try another
      }
    }
    throw new IllegalStateException("no free loopback port between 20000 and 32000");
  }

  /** A fresh directory under the module's {@code target}; a node left there by a killed run is stopped first. */
  static Path freshDataDir(String name) {
    Path dir = Path.of(System.getProperty("basedir", "."), "target", name).toAbsolutePath().normalize();
    new LocalCassandra(LocalCassandra.Settings.defaults().withDataDir(dir)).stop();
    deleteRecursively(dir);
    return dir;
  }

  private static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + dir, e);
    }
  }

  /** Closed by JUnit when the root context ends, that is after the last test of this JVM. */
  private static final class TestCassandra implements AutoCloseable {

    private final LocalCassandra launcher;
    private final LocalCassandra.Running node;

    private TestCassandra(LocalCassandra launcher, LocalCassandra.Running node) {
      this.launcher = launcher;
      this.node = node;
    }

    static TestCassandra start() {
      Launched started = startOnFreePorts("cassandra-test", false);
      return new TestCassandra(started.launcher(), started.node());
    }

    @Override
    public void close() {
      current = null;
      launcher.stop();
    }
  }
}
