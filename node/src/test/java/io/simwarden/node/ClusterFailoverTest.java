package io.simwarden.node;

import static io.simwarden.node.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.simwarden.node.HttpApi.Response;
import io.simwarden.node.security.Role;
import io.simwarden.persistence.cassandra.CassandraExtension;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A 3-node cluster of separate JVMs on 127.0.0.1 and the test Cassandra: a SIM commanded through node 1 reads
 * the same through node 3; node 2 is killed with SIGKILL, the split-brain resolver downs it, and every SIM that
 * lived there answers again from the survivors with its state intact; node 3 then leaves gracefully.
 */
@ExtendWith(CassandraExtension.class)
class ClusterFailoverTest {
  private static final int SIMS = 60;
  private static final int FIRST = 8000;
  /** Pekko's default number of shards; the shard of an entity is |hashCode(id) mod 1000|. */
  private static final int SHARDS = 1000;
  private static final Path DIR = Path.of("target", "cluster").toAbsolutePath();

  @AfterAll
  static void killAll() {
    ClusterFaultKit.killAll();
  }

  @Test
  void simsOfAKilledNodeAnswerFromTheSurvivorsWithTheirStateIntact() throws Exception {
    NodeTestKit.applySchema();
    List<NodeTestKit.Ports> ports = List.of(NodeTestKit.Ports.free(), NodeTestKit.Ports.free(),
        NodeTestKit.Ports.free());
    List<Process> nodes = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Path file = NodeTestKit.nodeFile(DIR, "node" + (i + 1), ports.get(i), ports,
          "simwarden.sim.ask-timeout = 10s\n");
      nodes.add(ClusterFaultKit.spawn(file, DIR.resolve("node" + (i + 1) + ".log"), NodeTestKit.cassandra()));
    }
    long started = System.nanoTime();
    HttpApi management1 = management(ports.get(0));
    for (NodeTestKit.Ports p : ports) {
      HttpApi m = management(p);
      eventually(Duration.ofSeconds(180), () -> NodeTestKit.ready(m) ? true : null);
    }
    eventually(Duration.ofSeconds(60), () -> upMembers(management1).size() == 3 ? true : null);
    System.out.printf("3 nodes ready after %.1f s%n", seconds(started));

    HttpApi node1 = api(ports.get(0));
    HttpApi node3 = api(ports.get(2));
    String key = NodeTestKit.createKeyWithCli(Role.OPERATOR, "acme");

    StringBuilder bulk = new StringBuilder();
    for (int n = FIRST; n < FIRST + SIMS; n++) {
      bulk.append(TestSims.provision(n, null, true).replace("\n", " ")).append('\n');
    }
    Response provisioned = node1.send(node1.request("/api/v1/bulk/provision", key)
        .header("Content-Type", "application/x-ndjson").POST(HttpRequest.BodyPublishers.ofString(bulk.toString()))
        .build());
    assertTrue(provisioned.body().contains("\"succeeded\":" + SIMS), provisioned.body());
    for (int n = FIRST; n < FIRST + SIMS; n += 3) {
      node1.post(path(n) + "/suspend", key, "{\"reason\":\"maintenance\"}").assertOk();
    }
    for (int n = FIRST + 1; n < FIRST + SIMS; n += 3) {
      node1.post(path(n) + "/attach", key, TestSims.ATTACH).assertOk();
    }

    Map<Integer, JsonNode> before = new HashMap<>();
    List<Long> remoteReads = new ArrayList<>();
    for (int n = FIRST; n < FIRST + SIMS; n++) {
      JsonNode viaNode1 = node1.get(path(n), key).assertOk();
      long t = System.nanoTime();
      JsonNode viaNode3 = node3.get(path(n), key).assertOk();
      remoteReads.add(System.nanoTime() - t);
      assertEquals(viaNode1, viaNode3, "SIM " + n + " reads the same through node 1 and node 3");
      before.put(n, viaNode1);
    }
    printLatency("GET /api/v1/sims/{imsi} through node 3", remoteReads);

    Set<String> node2Shards = shardsOf(management(ports.get(1)));
    List<Integer> onNode2 = new ArrayList<>();
    for (int n = FIRST; n < FIRST + SIMS; n++) {
      if (node2Shards.contains(shardOf(TestSims.imsi(n)))) {
        onNode2.add(n);
      }
    }
    assertFalse(onNode2.isEmpty(), "some SIMs live on node 2 (shards " + node2Shards + ")");

    Process node2 = nodes.get(1);
    long killed = System.nanoTime();
    node2.destroyForcibly();
    assertTrue(node2.waitFor(30, TimeUnit.SECONDS));
    assertEquals(137, node2.exitValue(), "SIGKILL");
    String node2Address = ports.get(1).address();
    eventually(Duration.ofSeconds(120), () -> !upMembers(management1).contains(node2Address)
        && !allMembers(management1).contains(node2Address) ? true : null);
    double downed = seconds(killed);
    for (int n : onNode2) {
      JsonNode after = eventually(Duration.ofSeconds(120), () -> {
        Response r = node3.get(path(n), key);
        return r.status() == 200 ? r.json() : null;
      });
      assertEquals(before.get(n), after, "SIM " + n + " recovered on a survivor with its state intact");
    }
    double answered = seconds(killed);
    for (int n = FIRST; n < FIRST + SIMS; n++) {
      assertEquals(before.get(n), node1.get(path(n), key).assertOk(), "SIM " + n + " through node 1");
    }
    System.out.printf("node 2 killed: removed from the cluster after %.1f s; its %d SIMs answered again after "
        + "%.1f s%n", downed, onNode2.size(), answered);

    int moved = onNode2.stream().filter(n -> before.get(n).path("status").asText().equals("ACTIVE")).findFirst()
        .orElseThrow();
    assertEquals("SUSPENDED", node1.post(path(moved) + "/suspend", key, "").assertOk().path("status").asText());
    assertEquals("SUSPENDED", node3.get(path(moved), key).assertOk().path("status").asText());

    Process node3Process = nodes.get(2);
    long leaving = System.nanoTime();
    node3Process.destroy();
    assertTrue(node3Process.waitFor(60, TimeUnit.SECONDS), "node 3 stops on SIGTERM");
    eventually(Duration.ofSeconds(30), () -> allMembers(management1).size() == 1 ? true : null);
    System.out.printf("node 3 left gracefully in %.1f s%n", seconds(leaving));
    String log3 = Files.readString(DIR.resolve("node3.log"));
    assertTrue(log3.contains("Exiting completed"), "node 3 left the cluster instead of being downed");
    // Handing a shard over passivates its SIMs, which journals their open usage windows: compare lifecycles.
    for (int n = FIRST; n < FIRST + SIMS; n++) {
      int sim = n;
      JsonNode now = eventually(Duration.ofSeconds(60), () -> {
        Response r = node1.get(path(sim), key);
        return r.status() == 200 ? r.json() : null;
      });
      assertEquals(sim == moved ? "SUSPENDED" : before.get(sim).path("status").asText(), now.path("status").asText());
      assertEquals(before.get(sim).path("iccid"), now.path("iccid"));
    }
  }

  // ---------------------------------------------------------------------------------------------------

  private static HttpApi api(NodeTestKit.Ports p) {
    return new HttpApi("http://127.0.0.1:" + p.http());
  }

  private static HttpApi management(NodeTestKit.Ports p) {
    return new HttpApi("http://127.0.0.1:" + p.management());
  }


  private static List<String> upMembers(HttpApi management) {
    List<String> up = new ArrayList<>();
    for (JsonNode m : management.get("/cluster/members", null).json().path("members")) {
      if (m.path("status").asText().equals("Up")) {
        up.add(m.path("node").asText());
      }
    }
    return up;
  }

  private static List<String> allMembers(HttpApi management) {
    List<String> all = new ArrayList<>();
    management.get("/cluster/members", null).json().path("members").forEach(m -> all.add(m.path("node").asText()));
    return all;
  }

  private static Set<String> shardsOf(HttpApi management) {
    Set<String> shards = new HashSet<>();
    JsonNode stats = management.get("/cluster/shards/Sim", null).json();
    stats.path("regions").forEach(r -> shards.add(r.path("shardId").asText()));
    return shards;
  }

  private static String shardOf(String entityId) {
    return Integer.toString(Math.abs(entityId.hashCode() % SHARDS));
  }

  private static String path(int n) {
    return "/api/v1/sims/" + TestSims.imsi(n);
  }

  private static double seconds(long since) {
    return (System.nanoTime() - since) / 1e9;
  }

  private static void printLatency(String what, List<Long> nanos) {
    List<Long> sorted = new ArrayList<>(nanos);
    sorted.sort(null);
    System.out.printf("%s: median %.1f ms, p95 %.1f ms over %d requests%n", what,
        sorted.get(sorted.size() / 2) / 1e6, sorted.get((int) (sorted.size() * 0.95)) / 1e6, sorted.size());
  }
}
