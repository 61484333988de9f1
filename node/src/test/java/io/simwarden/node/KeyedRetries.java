package io.simwarden.node;

import static io.simwarden.node.ClusterFaultKit.path;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import io.simwarden.node.HttpApi.Response;
import io.simwarden.persistence.cassandra.CassandraExtension;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Requests sent with an {@code Idempotency-Key}, then sent again, the way a client that got no answer retries: the
 * same requests, keys and bodies, through another node, also after the node that took them first was killed. Each
 * is answered as the first time (same status, same body) and applied once; the same key with another body is 422.
 * The journal is read back with the DataStax driver alone (no simwarden class): each key, and the effect of each
 * keyed command, is in a SIM's journal exactly once.
 */
final class KeyedRetries {
  private static final Map<String, String> JSON = Map.of("Content-Type", "application/json");

  /** One keyed request and its first answer. */
  private record Sent(String method, String path, String key, String body, Response first) {}

  private final String apiKey;
  private final List<Integer> sims;
  private final List<Sent> sent = new ArrayList<>();
  private String bulk;
  private Response firstBulk;

  KeyedRetries(String apiKey, List<Integer> sims) {
    this.apiKey = apiKey;
    this.sims = List.copyOf(sims);
  }

  /** A key no other test uses; it appears in the SIM's journal once its request is decided. */
  private static String key(String what, int sim) {
    return "idem-" + what + "-" + sim + "-7c1e";
  }

  private static String firewall(int sim) {
    return "{\"rules\":[{\"id\":\"keyed-rule-" + sim + "\",\"priority\":5,\"action\":\"ALLOW\",\"protocol\":\"UDP\","
        + "\"remote\":\"192.0.2.0/24\",\"ports\":\"123\"}]}";
  }

  /** Provisions the SIMs (a bulk stream, each line keyed), then attaches, reports traffic and sets a firewall. */
  void sendFirst(HttpApi via) {
    StringBuilder lines = new StringBuilder();
    for (int n : sims) {
      lines.append(TestSims.provision(n, null, true).replace("\n", " ")
          .replaceFirst("\\}$", ",\"idempotencyKey\":\"" + key("provision", n) + "\"}")).append('\n');
    }
    bulk = lines.toString();
    firstBulk = sendBulk(via);
    assertTrue(firstBulk.body().contains("\"succeeded\":" + sims.size()), firstBulk.body());
    for (int n : sims) {
      send(via, new Sent("POST", path(n) + "/attach", key("attach", n), TestSims.ATTACH, null));
      send(via, new Sent("POST", path(n) + "/traffic", key("traffic", n), TestSims.HEADEND_TRAFFIC, null));
      send(via, new Sent("PUT", path(n) + "/firewall", key("firewall", n), firewall(n), null));
    }
  }

  private void send(HttpApi via, Sent request) {
    Response first = answered(via, request);
    assertEquals(200, first.status(), request.method() + " " + request.path() + ": " + first.body());
    sent.add(new Sent(request.method(), request.path(), request.key(), request.body(), first));
  }

  /**
   * Sends every request again through {@code via}: each is answered as the first time. A 503 (the SIM's shard
   * still moving) is retried with the same key, as a client would.
   */
  void sendAgain(HttpApi via) {
    for (Sent s : sent) {
      Response again = answered(via, s);
      assertEquals(s.first().status(), again.status(), s.path() + " via " + via.base() + ": " + again.body());
      if (s.path().endsWith("/firewall")) {
        // A command's answer shows the SIM's state now: the decision (the rules it set) is the same.
        assertEquals(s.first().json().path("firewallRules"), again.json().path("firewallRules"), s.path());
        assertEquals(s.first().json().path("status"), again.json().path("status"), s.path());
      } else {
        assertEquals(s.first().body(), again.body(), s.path() + " via " + via.base() + ": the same verdict");
      }
    }
    Response bulkAgain = sendBulk(via);
    assertEquals(statuses(firstBulk), statuses(bulkAgain), "each keyed line answered as the first time (not 409): "
        + bulkAgain.body());
  }

  private static List<String> statuses(Response bulk) {
    return bulk.body().lines().map(line -> line.replaceAll(".*\"status\":(\\d+).*", "$1")).toList();
  }

  /** The firewall keys sent with another body: 422, and nothing done. */
  void reuseIsRefused(HttpApi via) {
    for (int n : sims) {
      Sent other = new Sent("PUT", path(n) + "/firewall", key("firewall", n), firewall(n + 1), null);
      answered(via, other).assertProblem(422, "Idempotency-Key");
    }
  }

  /** Each key and each keyed command's effect is in the SIM's journal exactly once. */
  void assertJournaledOnce(InetSocketAddress cassandra) {
    try (CqlSession session = CqlSession.builder().addContactPoint(cassandra)
        .withLocalDatacenter(CassandraExtension.LOCAL_DATACENTER).build()) {
      int rows = 0;
      for (int n : sims) {
        String pid = "Sim|" + TestSims.imsi(n);
        List<String> events = new ArrayList<>();
        for (Row row : session.execute("SELECT event FROM simwarden.messages WHERE persistence_id = ? AND "
            + "partition_nr = 0", pid)) {
          ByteBuffer event = row.getByteBuffer("event");
          events.add(event == null ? "" : StandardCharsets.ISO_8859_1.decode(event).toString());
        }
        rows += events.size();
        // Jackson CBOR writes a text value as its UTF-8 bytes: each key is in its RequestKeyRecorded only.
        for (String what : List.of("attach", "traffic", "firewall")) {
          String key = key(what, n);
          assertEquals(1, count(events, e -> e.contains(key)), pid + ": events holding " + key);
        }
        // The provisioning line's key twice: once for the provisioning, once for the activation it asked for.
        String provision = key("provision", n);
        assertEquals(2, count(events, e -> e.contains(provision)), pid + ": events holding " + provision);
        assertEquals(1, count(events, e -> e.contains(provision + "\u001factivate")), pid + ": its activation");
        assertEquals(1, count(events, e -> e.contains("keyed-rule-" + n)), pid + ": the keyed firewall change");
        assertEquals(1, count(events, e -> e.contains("iccid")), pid + ": one provisioning");
      }
      System.out.printf("keyed retries: %d requests sent twice or more through other nodes, journal read with the "
          + "driver (%d rows of %d SIMs): each key and its command once%n", sent.size() + sims.size(), rows,
          sims.size());
    }
  }

  private static long count(List<String> events, Function<String, Boolean> holds) {
    return events.stream().filter(holds::apply).count();
  }

  /** The answer other than a 503 (which a client retries with the same key) within a minute. */
  private Response answered(HttpApi via, Sent s) {
    Response r = null;
    for (int attempt = 0; attempt < 60; attempt++) {
      r = via.send(s.method(), s.path(), Map.of("Authorization", "Bearer " + apiKey, "Content-Type",
          JSON.get("Content-Type"), "Idempotency-Key", s.key()), s.body().getBytes(StandardCharsets.UTF_8));
      if (r.status() != 503) {
        return r;
      }
      sleep();
    }
    return r;
  }

  private Response sendBulk(HttpApi via) {
    Response r = null;
    for (int attempt = 0; attempt < 60; attempt++) {
      r = via.send("POST", "/api/v1/bulk/provision", Map.of("Authorization", "Bearer " + apiKey, "Content-Type",
          "application/x-ndjson"), bulk.getBytes(StandardCharsets.UTF_8));
      if (!r.body().contains("\"status\":503")) {
        return r;
      }
      sleep();
    }
    return r;
  }

  private static void sleep() {
    try {
      Thread.sleep(1_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
