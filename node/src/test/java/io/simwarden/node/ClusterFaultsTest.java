package io.simwarden.node;

import static io.simwarden.node.ClusterFaultKit.management;
import static io.simwarden.node.ClusterFaultKit.memberAddresses;
import static io.simwarden.node.ClusterFaultKit.oneCluster;
import static io.simwarden.node.ClusterFaultKit.seconds;
import static io.simwarden.node.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.simwarden.node.HttpApi.Response;
import io.simwarden.node.security.Role;
import io.simwarden.persistence.cassandra.CassandraExtension;
import io.simwarden.persistence.cassandra.LocalCassandra;
import java.net.InetSocketAddress;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Faults of the journal and of a node under write load, on a 3-node cluster (separate JVMs, the shipped downing
 * timing) and a Cassandra of the test's own: Cassandra stopped and started again, then one node paused with SIGSTOP
 * for longer than failure detection and the split-brain resolver's stable-after, and continued. After each: one
 * cluster, every SIM answers a read and a write again, and the journal, read with the DataStax driver alone, has
 * every acknowledged write and no forked SIM. The pause lands while writes stream through the paused node, so that
 * its journal holds events not yet sent to Cassandra when it stops.
 *
 * <p>Three nodes, not two: with two, keep-majority has no majority when one pauses (the survivor of a tie is the
 * lower address, which may be the paused one). The Cassandra restart comes first, as it leaves the membership as it
 * was; the pause ends with the paused node gone. Prints how long the SIMs took to answer again.
 */
@ExtendWith(CassandraExtension.class)
class ClusterFaultsTest {
  private static final int SIMS = 30;
  private static final int FIRST = 7000;
  private static final Duration CEILING = Duration.ofSeconds(120);
  private static final Path DIR = Path.of("target", "cluster-faults").toAbsolutePath();

  private static LocalCassandra cassandra;

  @AfterAll
  static void stopAll() {
    ClusterFaultKit.killAll();
    if (cassandra != null) {
      cassandra.stop();
    }
  }

  @Test
  void aCassandraRestartAndAPausedNodeLoseNoAcknowledgedWriteAndForkNoSim() throws Exception {
    cassandra = CassandraExtension.privateNode("cassandra-faults");
    int cqlPort = ((LocalCassandra.Running) cassandra.status()).cqlPort();
    InetSocketAddress contactPoint = new InetSocketAddress("127.0.0.1", cqlPort);
    String journal = "127.0.0.1:" + cqlPort;
    NodeTestKit.applySchema(contactPoint);

    String stableAfter = ConfigFactory.parseResources("simwarden-node.conf")
        .getString("pekko.cluster.split-brain-resolver.stable-after");
    List<NodeTestKit.Ports> ports = List.of(NodeTestKit.Ports.free(), NodeTestKit.Ports.free(),
        NodeTestKit.Ports.free());
    List<Process> nodes = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Path file = NodeTestKit.nodeFile(DIR, "node" + (i + 1), ports.get(i), ports,
          "simwarden.sim.ask-timeout = 10s\nsimwarden.node.summary-refresh = 60s\n"
              + "pekko.cluster.split-brain-resolver.stable-after = " + stableAfter + "\n");
      nodes.add(ClusterFaultKit.spawn(file, DIR.resolve("node" + (i + 1) + ".log"), journal));
    }
    for (NodeTestKit.Ports p : ports) {
      HttpApi m = management(p);
      eventually(Duration.ofSeconds(180), () -> NodeTestKit.ready(m) ? true : null);
    }
    eventually(Duration.ofSeconds(60), () -> oneCluster(ports, 3) ? true : null);

    List<HttpApi> all = ports.stream().map(ClusterFaultKit::api).toList();
    String key = NodeTestKit.createKeyWithCli(Role.OPERATOR, "acme", journal);
    List<Integer> sims = IntStream.range(FIRST, FIRST + SIMS).boxed().toList();
    StringBuilder bulk = new StringBuilder();
    for (int n : sims) {
      bulk.append(TestSims.provision(n, null, true).replace("\n", " ")).append('\n');
    }
    HttpApi node1 = all.get(0);
    Response provisioned = node1.send(node1.request("/api/v1/bulk/provision", key)
        .header("Content-Type", "application/x-ndjson").POST(HttpRequest.BodyPublishers.ofString(bulk.toString()))
        .build());
    assertTrue(provisioned.body().contains("\"succeeded\":" + SIMS), provisioned.body());
    AckedLoad load = new AckedLoad(key, sims);

    // 1. Cassandra stops under load and starts again.
    load.start("the Cassandra restart", all);
    Thread.sleep(3_000);
    LocalCassandra.Stopped stopped = cassandra.stop();
    Thread.sleep(5_000);
    LocalCassandra.Started started = cassandra.start();
    long answering = System.nanoTime();
    load.awaitEverySim(all, CEILING);
    double recovered = seconds(answering);
    Thread.sleep(2_000);
    load.stop();
    System.out.printf("Cassandra restarted (stopped in %.1f s, CQL again %.1f s after the start; load average %s): "
        + "every SIM answered a read and a write %.1f s after CQL answered%n", stopped.elapsed().toMillis() / 1e3,
        started.elapsed().toMillis() / 1e3, ClusterFaultKit.loadAverage(), recovered);
    assertTrue(oneCluster(ports, 3), "one cluster of 3 after the Cassandra restart");
    JournalAudit.assertNoForkAndNoLostAck(contactPoint, sims, 2, load.acks());

    // 2. Node 3 is paused (SIGSTOP) until the others have downed and removed it, then continued (SIGCONT).
    Process paused = nodes.get(2);
    String pausedAddress = ports.get(2).address();
    List<NodeTestKit.Ports> survivors = ports.subList(0, 2);
    List<HttpApi> survivorApis = all.subList(0, 2);
    // Besides the round of writes through every node, a burst through node 3 itself: the pause then lands while its
    // journal holds events it has not sent yet, which it must not send once it runs again.
    load.start("the pause of node 3", all, all.get(2), 6);
    Thread.sleep(3_000);
    long pause = System.nanoTime();
    ClusterFaultKit.signal(paused, "STOP");
    try {
      eventually(CEILING, () -> survivors.stream().noneMatch(p -> memberAddresses(p).contains(pausedAddress))
          && oneCluster(survivors, 2) ? true : null);
      double removed = seconds(pause);
      load.awaitEverySim(survivorApis, CEILING);
      double answered = seconds(pause);
      System.out.printf("node 3 paused (stable-after %s, load average %s): removed by the others after %.1f s; "
          + "every SIM answered a read and a write after %.1f s%n", stableAfter, ClusterFaultKit.loadAverage(),
          removed, answered);
    } finally {
      ClusterFaultKit.signal(paused, "CONT");
    }
    long continued = System.nanoTime();
    // Continued, it finds itself removed: it must leave (its actor system terminates and the JVM exits), not form a
    // cluster of its own nor write for SIMs that live elsewhere now. The load still goes through it meanwhile.
    while (paused.isAlive() && seconds(continued) < CEILING.toSeconds()) {
      Set<String> itsView = memberAddresses(ports.get(2));
      assertFalse(itsView.size() == 1 && itsView.contains(pausedAddress), "node 3 is a cluster of its own");
      assertTrue(survivors.stream().noneMatch(p -> memberAddresses(p).contains(pausedAddress)),
          "node 3 does not come back into the survivors' cluster with its old incarnation");
      Thread.sleep(200);
    }
    assertTrue(paused.waitFor(1, TimeUnit.SECONDS), "node 3 shuts itself down once continued; see " + DIR);
    System.out.printf("node 3 continued: it exited (status %d) after %.1f s%n", paused.exitValue(),
        seconds(continued));
    Thread.sleep(2_000);
    load.stop();
    eventually(Duration.ofSeconds(30), () -> oneCluster(survivors, 2) ? true : null);
    load.awaitEverySim(survivorApis, CEILING);
    assertEquals(2, memberAddresses(ports.get(0)).size(), "one cluster of the 2 survivors");
    JournalAudit.assertNoForkAndNoLostAck(contactPoint, sims, 2, load.acks());
  }
}
