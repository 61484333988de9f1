package io.simwarden.node;

import static io.simwarden.node.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.ConfigFactory;
import io.simwarden.node.HttpApi.Response;
import io.simwarden.node.security.Role;
import io.simwarden.persistence.cassandra.CassandraExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The first node of a 3-node cluster (separate JVMs, Cluster Bootstrap as local1.conf configures it) is killed
 * with SIGKILL and restarted alone while every core of the box is busy: it joins the running cluster - every
 * node's management reports the same three members and one leader, and node 1 never reports a cluster of its
 * own - and a SIM commanded through every node before and after has one event per sequence number and one writer
 * at a time, as a reader of the {@code messages} table on the DataStax driver alone counts them.
 *
 * <p>Prints how long after the kill every SIM answered again (the shipped split-brain resolver timing).
 */
@ExtendWith(CassandraExtension.class)
class ClusterRestartTest {
  private static final int SIMS = 40;
  private static final int FIRST = 9000;
  private static final Path DIR = Path.of("target", "cluster-restart").toAbsolutePath();
  private static final List<Process> NODES = new ArrayList<>();
  private static final AtomicBoolean LOAD = new AtomicBoolean();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(ClusterRestartTest::killAll, "kill-restart-nodes"));
  }

  @AfterAll
  static void killAll() {
    LOAD.set(false);
    synchronized (NODES) {
      NODES.forEach(Process::destroyForcibly);
      for (Process p : NODES) {
        try {
          p.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      NODES.clear();
    }
  }

  @Test
  void theFirstNodeRestartedAloneUnderLoadJoinsTheRunningClusterAndNoSimForks() throws Exception {
    NodeTestKit.applySchema();
    String stableAfter = ConfigFactory.parseResources("simwarden-node.conf")
        .getString("pekko.cluster.split-brain-resolver.stable-after");
    List<NodeTestKit.Ports> ports = List.of(NodeTestKit.Ports.free(), NodeTestKit.Ports.free(),
        NodeTestKit.Ports.free());
    List<Path> files = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      // The shipped downing timing, not the other tests' short one: the recovery time printed is the product's.
      files.add(NodeTestKit.nodeFile(DIR, "node" + (i + 1), ports.get(i), ports,
          "simwarden.sim.ask-timeout = 10s\nsimwarden.node.summary-refresh = 60s\n"
              + "pekko.cluster.split-brain-resolver.stable-after = " + stableAfter + "\n"));
    }
    List<Process> nodes = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      nodes.add(spawn(files.get(i), DIR.resolve("node" + (i + 1) + ".log")));
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

    Process first = nodes.get(0);
    long killed = System.nanoTime();
    first.destroyForcibly();
    assertTrue(first.waitFor(30, TimeUnit.SECONDS));
    List<Thread> load = busyLoad();
    try {
      for (int n = FIRST; n < FIRST + SIMS; n++) {
        int sim = n;
        eventually(Duration.ofSeconds(180), () -> node2.get(path(sim), key).status() == 200 ? true : null);
      }
      System.out.printf("node 1 killed (stable-after %s, %d busy threads): every SIM answered again after "
          + "%.1f s%n", stableAfter, load.size(), seconds(killed));
      eventually(Duration.ofSeconds(120), () -> oneCluster(ports.subList(1, 3), 2) ? true : null);

      long restarted = System.nanoTime();
      nodes.set(0, spawn(files.get(0), DIR.resolve("node1-restarted.log")));
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
      LOAD.set(false);
      for (Thread t : load) {
        t.join();
      }
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
    assertNoFork(FIRST, SIMS);
  }

  // ---------------------------------------------------------------------------------------------------

  /**
   * Reads the journal's {@code messages} table with the driver alone: for every SIM, one row per sequence number,
   * numbers 1..n without gaps, and the writers one after the other (a writer never comes back after another).
   */
  private static void assertNoFork(int first, int count) {
    try (CqlSession session = CqlSession.builder().addContactPoint(CassandraExtension.contactPoint())
        .withLocalDatacenter(CassandraExtension.LOCAL_DATACENTER).build()) {
      int rows = 0;
      Set<String> writers = new TreeSet<>();
      for (int n = first; n < first + count; n++) {
        String pid = "Sim|" + TestSims.imsi(n);
        Map<Long, List<String>> bySeq = new TreeMap<>();
        for (Row row : session.execute("SELECT sequence_nr, writer_uuid FROM simwarden.messages "
            + "WHERE persistence_id = ? AND partition_nr = 0", pid)) {
          bySeq.computeIfAbsent(row.getLong("sequence_nr"), s -> new ArrayList<>()).add(row.getString("writer_uuid"));
          rows++;
        }
        List<String> order = new ArrayList<>();
        long expected = 1;
        for (Map.Entry<Long, List<String>> e : bySeq.entrySet()) {
          assertEquals(1, e.getValue().size(), pid + " seq " + e.getKey() + " has rows of writers " + e.getValue());
          assertEquals(expected++, e.getKey(), pid + ": sequence numbers without gaps");
          String w = e.getValue().get(0);
          writers.add(w);
          if (order.isEmpty() || !order.get(order.size() - 1).equals(w)) {
            assertTrue(!order.contains(w), pid + ": writer " + w + " wrote again after " + order);
            order.add(w);
          }
        }
        assertTrue(bySeq.size() >= 10, pid + " has its events: " + bySeq.size());
      }
      System.out.printf("journal read with the driver: %d rows of %d SIMs, one per sequence number, %d writers%n",
          rows, count, writers.size());
    }
  }

  /** True when each node of {@code ports} reports the same {@code size} members, all Up, and the same leader. */
  private static boolean oneCluster(List<NodeTestKit.Ports> ports, int size) {
    Set<String> members = null;
    String leader = null;
    for (NodeTestKit.Ports p : ports) {
      JsonNode view = members(p);
      if (view == null) {
        return false;
      }
      Set<String> up = new TreeSet<>();
      for (JsonNode m : view.path("members")) {
        if (!m.path("status").asText().equals("Up")) {
          return false;
        }
        up.add(m.path("node").asText());
      }
      if (up.size() != size || (members != null && !members.equals(up))
          || (leader != null && !leader.equals(view.path("leader").asText()))) {
        return false;
      }
      members = up;
      leader = view.path("leader").asText();
    }
    return true;
  }

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

  private static JsonNode members(NodeTestKit.Ports p) {
    try {
      Response r = management(p).get("/cluster/members", null);
      return r.status() == 200 ? r.json() : null;
    } catch (UncheckedIOException notListening) {
      return null;
    }
  }

  private static void firewall(HttpApi via, String key, int sim, int rule) {
    via.put(path(sim) + "/firewall", key, rules(rule)).assertOk();
  }

  private static String rules(int rule) {
    return "{\"rules\":[{\"id\":\"rule-" + rule + "\",\"priority\":5,\"action\":\"ALLOW\",\"protocol\":\"UDP\","
        + "\"remote\":\"192.0.2.0/24\",\"ports\":\"123\"}]}";
  }

  /** One thread spinning per core of the box, as the fault run's CPU load. */
  private static List<Thread> busyLoad() {
    LOAD.set(true);
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < Runtime.getRuntime().availableProcessors(); i++) {
      Thread t = new Thread(() -> {
        long x = 0;
        while (LOAD.get()) {
          x += System.nanoTime() % 7;
        }
        if (x == 42) {
          System.out.print("");
        }
      }, "busy-" + i);
      t.setDaemon(true);
      t.start();
      threads.add(t);
    }
    return threads;
  }

  private static Process spawn(Path config, Path log) throws IOException {
    Process p = NodeTestKit.spawnNode(config, log);
    synchronized (NODES) {
      NODES.add(p);
    }
    return p;
  }

  private static HttpApi api(NodeTestKit.Ports p) {
    return new HttpApi("http://127.0.0.1:" + p.http());
  }

  private static HttpApi management(NodeTestKit.Ports p) {
    return new HttpApi("http://127.0.0.1:" + p.management());
  }


  private static String path(int n) {
    return "/api/v1/sims/" + TestSims.imsi(n);
  }

  private static double seconds(long since) {
    return (System.nanoTime() - since) / 1e9;
  }
}
