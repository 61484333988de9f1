package io.simwarden.node;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.simwarden.node.security.ApiKeyStore;
import io.simwarden.node.security.Role;
import io.simwarden.persistence.cassandra.CassandraExtension;
import io.simwarden.persistence.journal.CassandraContactPoints;
import io.simwarden.persistence.journal.CqlSchema;
import io.simwarden.persistence.journal.JournalMode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** Nodes on the test Cassandra: schema, free ports, node configuration files, API keys. */
public final class NodeTestKit {
  private static volatile boolean schemaApplied;

  private NodeTestKit() {}

  /** The production schema from the CQL files, as {@code simwarden cassandra schema} applies it. */
  public static synchronized void applySchema() {
    if (!schemaApplied) {
      applySchema(CassandraExtension.contactPoint());
      schemaApplied = true;
    }
  }

  /** The production schema on a Cassandra of a test's own ({@link CassandraExtension#privateNode}). */
  public static void applySchema(java.net.InetSocketAddress cassandra) {
    CqlSchema.apply(List.of(cassandra), CassandraExtension.LOCAL_DATACENTER, CqlSchema.simpleReplication(1));
  }

  /** The journal as {@code --cassandra 127.0.0.1:<port>} selects it. */
  public static Config journal() {
    return CassandraContactPoints.config(List.of(cassandra()), CassandraExtension.LOCAL_DATACENTER)
        .withFallback(JournalMode.CASSANDRA.config());
  }

  public static String cassandra() {
    return "127.0.0.1:" + CassandraExtension.cqlPort();
  }

  public static int freePort() {
    return CassandraExtension.freePort();
  }

  /** Ports of one node. */
  public record Ports(int artery, int http, int management) {
    public static Ports free() {
      return new Ports(freePort(), freePort(), freePort());
    }

    public String address() {
      return "pekko://" + Node.SYSTEM_NAME + "@127.0.0.1:" + artery;
    }
  }

  /**
   * A node file like local1.conf for {@code ports}, member of the cluster of the nodes {@code cluster} (their
   * management endpoints for Cluster Bootstrap; a node that is its cluster alone joins itself as its seed), with
   * the test's short timings; {@code extra} is HOCON laid over it.
   */
  public static Path nodeFile(Path dir, String name, Ports ports, List<Ports> cluster, String extra) {
    String firstBucket = DateTimeFormatter.ofPattern("yyyyMMdd'T'HH:mm").withZone(ZoneOffset.UTC)
        .format(Instant.now().minus(Duration.ofHours(1)));
    String text = "pekko.remote.artery.canonical.port = " + ports.artery() + "\n"
        + formation(ports, cluster)
        + "pekko.management.http.port = " + ports.management() + "\n"
        + "simwarden.http.port = " + ports.http() + "\n"
        + "pekko.cluster.split-brain-resolver.stable-after = 3s\n"
        + "pekko.persistence.cassandra.events-by-tag.first-time-bucket = \"" + firstBucket + "\"\n"
        + "pekko.persistence.cassandra.events-by-tag.eventual-consistency-delay = 1s\n"
        + extra + "\n";
    try {
      Files.createDirectories(dir);
      Path file = dir.resolve(name + ".conf");
      Files.writeString(file, text);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String formation(Ports self, List<Ports> cluster) {
    if (cluster.equals(List.of(self))) {
      return "pekko.cluster.seed-nodes = [\"" + self.address() + "\"]\n";
    }
    return "simwarden.cluster.contact-points = " + cluster.stream()
        .map(p -> "\"127.0.0.1:" + p.management() + "\"")
        .collect(Collectors.joining(", ", "[", "]")) + "\n";
  }

  /** An in-process node that is its own seed, with HTTP on a free port chosen by the OS. */
  public static Node startOwnCluster(Path dir, String name, String extra) {
    applySchema();
    Ports ports = new Ports(freePort(), 0, freePort());
    return Node.start(Node.config(nodeFile(dir, name, ports, List.of(ports), extra), journal()));
  }

  /** A key created by the command line ({@code simwarden apikey create}), without an actor system of our own. */
  public static String createKeyWithCli(Role role, String organisation) {
    return createKeyWithCli(role, organisation, cassandra());
  }

  /** A key created by the command line on the Cassandra at {@code cassandra} (host:port). */
  public static String createKeyWithCli(Role role, String organisation, String cassandra) {
    java.io.StringWriter out = new java.io.StringWriter();
    java.io.StringWriter err = new java.io.StringWriter();
    picocli.CommandLine cli = new picocli.CommandLine(new io.simwarden.node.cli.ApiKeyCommand());
    cli.setOut(new java.io.PrintWriter(out, true));
    cli.setErr(new java.io.PrintWriter(err, true));
    int code = cli.execute("create", "--role", role.toString(), "--org", organisation, "--cassandra", cassandra);
    if (code != 0) {
      throw new IllegalStateException("apikey create failed (" + code + "): " + err);
    }
    return out.toString().strip();
  }

  /** A key created through the journal, as {@code simwarden apikey create} does. */
  public static String createKey(Node node, Role role, String organisation, int ratePerSecond) {
    return new ApiKeyStore(node.system(), Duration.ofSeconds(30))
        .create(role, organisation, "test", ratePerSecond, "test").toCompletableFuture().join().token();
  }

  /** The command line of a node in a JVM of its own on the test classpath, with a small heap, on the test journal. */
  public static List<String> nodeJvm(Path config, String... extraArgs) {
    return nodeJvmOn(cassandra(), config, extraArgs);
  }

  /** {@link #nodeJvm} on the Cassandra at {@code cassandra} (host:port). */
  public static List<String> nodeJvmOn(String cassandra, Path config, String... extraArgs) {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
        "-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
        "io.simwarden.node.Main", "--config", config.toString(), "--cassandra", cassandra));
    command.addAll(List.of(extraArgs));
    return command;
  }

  /** Starts a node JVM ({@link #nodeJvm}) with its output in {@code log}. */
  public static Process spawnNode(Path config, Path log) throws IOException {
    return spawnNode(config, log, cassandra());
  }

  /** {@link #spawnNode} on the Cassandra at {@code cassandra} (host:port). */
  public static Process spawnNode(Path config, Path log, String cassandra) throws IOException {
    Files.createDirectories(log.getParent());
    return new ProcessBuilder(nodeJvmOn(cassandra, config)).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  /** Whether the node behind {@code management} answers /ready with 200 (false while it is not listening yet). */
  public static boolean ready(HttpApi management) {
    try {
      return management.get("/ready", null).status() == 200;
    } catch (UncheckedIOException notYetListening) {
      return false;
    }
  }
}
