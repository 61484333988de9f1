package io.simwarden.node;

import static io.simwarden.node.ClusterFaultKit.api;
import static io.simwarden.node.ClusterFaultKit.management;
import static io.simwarden.node.ClusterFaultKit.members;
import static io.simwarden.node.ClusterFaultKit.oneCluster;
import static io.simwarden.node.ClusterFaultKit.path;
import static io.simwarden.node.ClusterFaultKit.seconds;
import static io.simwarden.node.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.ConfigFactory;
import io.simwarden.node.HttpApi.Response;
import io.simwarden.node.security.Role;
import io.simwarden.persistence.cassandra.CassandraExtension;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The first node of a 3-node cluster (separate JVMs, Cluster Bootstrap as local1.conf configures it; the node with
 * the lowest contact point, which forms the cluster and hosts the shard coordinators) is killed
 * with SIGKILL and restarted alone while every core of the box is busy: it joins the running cluster - every
 * node's management reports the same three members and one leader, and node 1 never reports a cluster of its
 * own - and a SIM commanded through every node before and after has one event per sequence number and one writer
 * at a time, as a reader of the {@code messages} table on the DataStax driver alone counts them; every write a
 * load driver had acknowledged through any node from before the kill until node 1 is back is in the journal.
 *
 * <p>Prints how long after the kill every SIM answered again (the shipped split-brain resolver timing).
 */
@ExtendWith(CassandraExtension.class)
class ClusterRestartTest {
  private static final int SIMS = 40;
  private static final int FIRST = 9000;
  private static final Path DIR = Path.of("target", "cluster-restart").toAbsolutePath();

  @AfterAll
  static void killAll() {
    ClusterFaultKit.killAll();
  }

  @Test
  void theFirstNodeRestartedAloneUnderLoadJoinsTheRunningClusterAndNoSimForks() throws Exception {
    NodeTestKit.applySchema();
    String stableAfter = ConfigFactory.parseResources("simwarden-node.conf")
        .getString("pekko.cluster.split-brain-resolver.stable-after");
    // Node 1 has the lowest contact point, so it is the one that forms the cluster (the oldest member, hosting the
    // shard coordinators): killing it is the slowest recovery, and restarting it alone is the restart that once
    // formed a second cluster.
    List<NodeTestKit.Ports> ports = Stream.of(NodeTestKit.Ports.free(), NodeTestKit.Ports.free(),
        NodeTestKit.Ports.free()).sorted(Comparator.comparingInt(NodeTestKit.Ports::management)).toList();
    List<Path> files = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      // The shipped downing timing, not the other tests' short one: the recovery time printed is the product's.
      files.add(NodeTestKit.nodeFile(DIR, "node" + (i + 1), ports.get(i), ports,
          "simwarden.sim.ask-timeout = 10s\nsimwarden.node.summary-refresh = 60s\n"
              + "pekko.cluster.split-brain-resolver.stable-after = " + stableAfter + "\n"));
    }
    List<Process> nodes = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      nodes.add(ClusterFaultKit.spawn(files.get(i), DIR.resolve("node" + (i + 1) + ".log"),
          NodeTestKit.cassandra()));
    }
    for (NodeTestKit.Ports p : ports) {
      HttpApi m = management(p);
      eventually(Duration.ofSeconds(180), () -> NodeTestKit.ready(m) ? true : null);
    }
    eventually(Duration.ofSeconds(60), () -> oneCluster(ports, 3) ? true : null);

    HttpApi node1 = api(ports.get(0));
    HttpApi node2 = api(ports.get(1));
    HttpApi node3 = api(ports.get(2));
    String key = NodeTestKit.createKeyWithCli(Role.OPERATOR, "acme");
    StringBuilder bulk = new StringBuilder();
    for (int n = FIRST; n < FIRST + SIMS; n++) {
      bulk.append(TestSims.provision(n, null, true).replace("\n", " ")).append('\n');
    }
    Response provisioned = node2.send(node2.request("/api/v1/bulk/provision", key)
        .header("Content-Type", "application/x-ndjson").POST(HttpRequest.BodyPublishers.ofString(bulk.toString()))
        .build());
    assertTrue(provisioned.body().contains("\"succeeded\":" + SIMS), provisioned.body());
    int written = 0;
    for (HttpApi via : List.of(node1, node2, node3)) {
      for (int n = FIRST; n < FIRST + SIMS; n++) {
        firewall(via, key, n, written);
      }
      written++;
    }

    // Writes through every node, each acknowledgement recorded, from before the kill until node 1 is back.
    AckedLoad acked = new AckedLoad(key, IntStream.range(FIRST, FIRST + SIMS).boxed().toList());
    acked.start("the kill and restart of node 1", List.of(node1, node2, node3));
    Thread.sleep(2_000);
    Process first = nodes.get(0);
    Instant killedAt = Instant.now();
    long killed = System.nanoTime();
    first.destroyForcibly();
    assertTrue(first.waitFor(30, TimeUnit.SECONDS));
    List<Thread> load = ClusterFaultKit.busyLoad();
    try {
      // One poller per SIM through the survivors (a read and an acknowledged write, each try with a short
      // timeout): the time printed is that of the last SIM to answer, not a sum of the pollers' timeouts.
      acked.awaitEverySim(List.of(node2, node3), Duration.ofSeconds(180));
      System.out.printf("node 1 killed at %s (stable-after %s, %d busy threads, load average %s): every SIM "
          + "answered a read and a write again after %.1f s%n", killedAt, stableAfter, load.size(),
          ClusterFaultKit.loadAverage(), seconds(killed));
      eventually(Duration.ofSeconds(120), () -> oneCluster(ports.subList(1, 3), 2) ? true : null);

      long restarted = System.nanoTime();
      nodes.set(0, ClusterFaultKit.spawn(files.get(0), DIR.resolve("node1-restarted.log"),
          NodeTestKit.cassandra()));
      // While node 1 starts, joins and takes shards, SIMs are commanded through the survivors; node 1 must never
      // report members of its own.
      int round = 0;
      while (!oneCluster(ports, 3)) {
        assertTrue(seconds(restarted) < 240, "node 1 did not join within 240 s; see " + DIR);
        assertNoClusterOfItsOwn(ports);
        HttpApi via = round++ % 2 == 0 ? node2 : node3;
        int sim = FIRST + round % SIMS;
        Response r = via.put(path(sim) + "/firewall", key, rules(written));
        assertTrue(r.status() == 200 || r.status() == 503, "PUT firewall during the join: " + r.status() + " "
            + r.body());
        Thread.sleep(200);
      }
      System.out.printf("node 1 restarted alone under load: one cluster of 3 after %.1f s%n", seconds(restarted));
    } finally {
      ClusterFaultKit.stopBusyLoad(load);
      acked.stop();
    }
    HttpApi management1 = management(ports.get(0));
    eventually(Duration.ofSeconds(120), () -> NodeTestKit.ready(management1) ? true : null);
    written++;
    for (int i = 0; i < 6; i++) {
      HttpApi via = List.of(node1, node2, node3).get(i % 3);
      for (int n = FIRST; n < FIRST + SIMS; n++) {
        firewall(via, key, n, written);
      }
      written++;
    }
    int last = written - 1;
    for (HttpApi via : List.of(node1, node2, node3)) {
      for (int n = FIRST; n < FIRST + SIMS; n += 7) {
        assertEquals("rule-" + last, via.get(path(n), key).assertOk().path("firewallRules").path(0).path("id")
            .asText(), "SIM " + n + " through " + via.base());
      }
    }
    assertTrue(oneCluster(ports, 3), "still one cluster of 3 at the end");
    JournalAudit.assertNoForkAndNoLostAck(CassandraExtension.contactPoint(),
        IntStream.range(FIRST, FIRST + SIMS).boxed().toList(), 10, acked.acks());
  }

  // ---------------------------------------------------------------------------------------------------

  /** Node 1 is not a member yet, or a member of the cluster of nodes 2 and 3 - never of a cluster without them. */
  private static void assertNoClusterOfItsOwn(List<NodeTestKit.Ports> ports) {
    JsonNode view = members(ports.get(0));
    if (view == null || view.path("members").isEmpty()) {
      return;
    }
    Set<String> seen = new TreeSet<>();
    view.path("members").forEach(m -> seen.add(m.path("node").asText()));
    assertTrue(seen.contains(ports.get(1).address()) || seen.contains(ports.get(2).address()),
        "node 1 reports a cluster without nodes 2 and 3: " + view);
  }

  private static void firewall(HttpApi via, String key, int sim, int rule) {
    via.put(path(sim) + "/firewall", key, rules(rule)).assertOk();
  }

  private static String rules(int rule) {
    return "{\"rules\":[{\"id\":\"rule-" + rule + "\",\"priority\":5,\"action\":\"ALLOW\",\"protocol\":\"UDP\","
        + "\"remote\":\"192.0.2.0/24\",\"ports\":\"123\"}]}";
  }

}
