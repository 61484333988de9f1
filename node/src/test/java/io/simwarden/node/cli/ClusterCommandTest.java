package io.simwarden.node.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simwarden.node.HttpApi;
import io.simwarden.persistence.cassandra.CassandraExtension;
import io.simwarden.persistence.cassandra.LocalCassandra;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code simwarden cluster up} as a user runs it, on ports of its own: a Cassandra of its own, two node JVMs formed
 * into one cluster, an admin key that the API accepts; then {@code down} leaves no process behind.
 */
class ClusterCommandTest {

  private static final Path DIR = Path.of("target", "cluster-up").toAbsolutePath();
  private static final Path CASSANDRA = Path.of("target", "cluster-up-cassandra").toAbsolutePath();

  @AfterAll
  static void downWhateverIsLeft() {
    cli("down", "--dir", DIR.toString());
    new LocalCassandra(LocalCassandra.Settings.defaults().withDataDir(CASSANDRA)).stop();
  }

  @Test
  void upFormsOneClusterWithAnAdminKeyAndDownLeavesNoProcess() throws Exception {
    System.setProperty(NodeProcesses.CLASSPATH_PROPERTY,
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
    int http = consecutiveFreePorts(2);
    int management = consecutiveFreePorts(2);
    int artery = consecutiveFreePorts(2);
    Run up = cli("up", "--nodes", "2", "--dir", DIR.toString(), "--cassandra-data-dir", CASSANDRA.toString(),
        "--cql-port", Integer.toString(CassandraExtension.freePort()),
        "--storage-port", Integer.toString(CassandraExtension.freePort()),
        "--http-port", Integer.toString(http), "--management-port", Integer.toString(management),
        "--cluster-port", Integer.toString(artery));
    assertEquals(0, up.code(), up.toString());
    assertTrue(up.out().contains("dashboard  http://127.0.0.1:" + http + "/"), up.out());
    Matcher key = Pattern.compile("admin key  (\\S+)").matcher(up.out());
    assertTrue(key.find(), up.out());

    HttpApi node2 = new HttpApi("http://127.0.0.1:" + (http + 1));
    assertEquals(200, node2.get("/api/v1/fleet/summary", key.group(1)).status(), "the admin key works on node 2");
    LocalCluster cluster = LocalCluster.read(DIR).orElseThrow();
    assertEquals(2, cluster.members().size());
    assertTrue(cluster.cassandraStartedHere());
    Run status = cli("status", "--dir", DIR.toString());
    assertEquals(0, status.code(), status.toString());
    assertTrue(status.out().contains("members Up: 2"), status.out());

    Run again = cli("up", "--dir", DIR.toString());
    assertEquals(2, again.code(), "a second 'up' while the first runs is refused: " + again);
    assertTrue(again.err().contains("cluster down"), again.err());

    Run down = cli("down", "--dir", DIR.toString());
    assertEquals(0, down.code(), down.toString());
    for (LocalCluster.Member m : cluster.members()) {
      assertFalse(ProcessHandle.of(m.pid()).map(ProcessHandle::isAlive).orElse(false),
          "node " + m.number() + " (pid " + m.pid() + ") still runs");
    }
    assertTrue(new LocalCassandra(LocalCassandra.Settings.defaults().withDataDir(CASSANDRA)).status()
        instanceof LocalCassandra.NotRunning, "the Cassandra 'up' started is stopped");
    assertFalse(Files.exists(DIR.resolve(LocalCluster.STATE_FILE)));
    assertEquals(1, cli("status", "--dir", DIR.toString()).code());
  }

  @Test
  void badNodeCountIsAUsageError() {
    Run r = cli("up", "--nodes", "0", "--dir", DIR.resolve("never").toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("--nodes must be 1-9, got 0"), r.err());
  }

  private record Run(int code, String out, String err) {}

  private static Run cli(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new ClusterCommand());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  private static int consecutiveFreePorts(int n) throws IOException {
    for (int attempt = 0; attempt < 1000; attempt++) {
      int base = 20_000 + ThreadLocalRandom.current().nextInt(12_000 - n);
      if (IntStream.range(base, base + n).allMatch(ClusterCommandTest::free)) {
        return base;
      }
    }
    throw new IOException("no " + n + " consecutive free ports");
  }

  private static boolean free(int port) {
    try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
      return true;
    } catch (IOException taken) {
      return false;
    }
  }
}
