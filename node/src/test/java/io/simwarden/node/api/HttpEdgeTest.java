package io.simwarden.node.api;

import static io.simwarden.node.TestSims.imsi;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simwarden.node.HttpApi;
import io.simwarden.node.HttpApi.Response;
import io.simwarden.node.SharedNode;
import io.simwarden.node.TestSims;
import io.simwarden.node.security.Role;
import io.simwarden.persistence.cassandra.CassandraExtension;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What the HTTP edge answers whatever the endpoint: instants outside 1970..9999 on every route that takes one
 * (the SIM goes on deciding afterwards), 413 for oversized bodies before they are read, UTF-8 only, HEAD and
 * OPTIONS on GET routes.
 */
@ExtendWith({CassandraExtension.class, SharedNode.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpEdgeTest {
  private static final String SIM = "/api/v1/sims/" + imsi(5100);
  private static final List<String> FAR = List.of("+999999999-01-01T00:00:00Z", "-999999999-01-01T00:00:00Z",
      "1969-12-31T23:59:59Z", "+10000-01-01T00:00:00Z");

  private HttpApi api;
  private String operator;
  private String auditor;

  @BeforeAll
  void sim() {
    api = SharedNode.get().api();
    operator = SharedNode.get().key(Role.OPERATOR, "acme");
    auditor = SharedNode.get().key(Role.AUDITOR, "acme");
    api.post("/api/v1/sims", operator, TestSims.provision(5100, null, true)).assertOk();
  }

  @Test
  void instantsOutsideTheRangeAreRefusedOnEveryRouteAndTheSimGoesOn() {
    for (String far : FAR) {
      String at = ",\"at\":\"" + far + "\"}";
      api.post(SIM + "/attach", operator, TestSims.ATTACH.replaceFirst("}$", at)).assertProblem(400, "at");
      api.post(SIM + "/traffic", operator, TestSims.HEADEND_TRAFFIC.strip().replaceFirst("}$", at))
          .assertProblem(400, "at");
      api.post(SIM + "/call", operator, TestSims.IRSF_CALL.replaceFirst("}$", at)).assertProblem(400, "at");
      String line = "{\"imsi\":\"" + imsi(5100) + "\",\"traffic\":" + TestSims.HEADEND_TRAFFIC.strip()
          .replace("\n", " ").replaceFirst("}$", at) + "}\n";
      Response bulk = api.send("POST", "/api/v1/bulk/ingest", Map.of("Authorization", "Bearer " + operator,
          "Content-Type", "application/x-ndjson"), line.getBytes(StandardCharsets.UTF_8));
      assertEquals(200, bulk.status(), bulk.body());
      String first = bulk.body().lines().findFirst().orElseThrow();
      assertTrue(first.contains("\"status\":400") && first.contains("\"field\":\"traffic.at\""), first);
      String query = java.net.URLEncoder.encode(far, StandardCharsets.UTF_8);
      api.get("/api/v1/alerts?since=" + query, auditor).assertProblem(400, "since");
      api.get("/api/v1/alerts/stream?since=" + query, auditor).assertProblem(400, "since");
      api.get("/api/v1/forensics/sims/" + imsi(5100) + "/timeline?from=" + query, auditor).assertProblem(400, "from");
      api.get("/api/v1/forensics/outbreak?kind=port-scan&to=" + query, auditor).assertProblem(400, "to");
    }
    for (String duration : List.of("P99999999999D", "P999999D", "PT99999999999H")) {
      api.get("/api/v1/alerts?since=" + duration, auditor).assertProblem(400, "since");
    }
    api.post(SIM + "/attach", operator, TestSims.ATTACH).assertOk();
    assertTrue(api.post(SIM + "/traffic", operator, TestSims.HEADEND_TRAFFIC).assertOk().path("accepted").asBoolean());
  }

  @Test
  void aBodyOverTheLimitIs413() {
    byte[] tenMegabytes = new byte[10 * 1024 * 1024];
    Arrays.fill(tenMegabytes, (byte) ' ');
    for (String path : List.of(SIM + "/attach", "/api/v1/sims", SIM + "/suspend")) {
      api.send("POST", path, Map.of("Authorization", "Bearer " + operator, "Content-Type", "application/json"),
          tenMegabytes).assertProblem(413, "body");
      HttpRequest expecting = api.request(path, operator).expectContinue(true)
          .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(tenMegabytes)).build();
      api.send(expecting).assertProblem(413, "body");
    }
    api.send("PUT", SIM + "/firewall", Map.of("Authorization", "Bearer " + operator, "Content-Type",
        "application/json"), tenMegabytes).assertProblem(413, "body");
  }

  @Test
  void onlyUtf8IsAccepted() {
    Map<String, String> json = Map.of("Authorization", "Bearer " + operator, "Content-Type", "application/json");
    api.send("POST", SIM + "/attach", json, TestSims.ATTACH.getBytes(StandardCharsets.UTF_16))
        .assertProblem(415, "body");
    api.send("POST", SIM + "/attach", json, TestSims.ATTACH.getBytes(StandardCharsets.UTF_16LE))
        .assertProblem(415, "body");
    api.send("POST", SIM + "/attach", json, TestSims.ATTACH.getBytes(java.nio.charset.Charset.forName("UTF-32")))
        .assertProblem(415, "body");
    api.send("POST", SIM + "/attach", Map.of("Authorization", "Bearer " + operator, "Content-Type",
        "application/json; charset=utf-16"), TestSims.ATTACH.getBytes(StandardCharsets.UTF_16))
        .assertProblem(415, null);
    api.send("POST", SIM + "/attach", json, TestSims.ATTACH.getBytes(StandardCharsets.ISO_8859_1)).assertOk();
  }

  @Test
  void headAndOptionsAreAnsweredOnGetRoutes() {
    Response get = api.get(SIM, operator);
    assertEquals(200, get.status());
    Response head = api.send("HEAD", SIM, Map.of("Authorization", "Bearer " + operator), null);
    assertEquals(200, head.status(), head.body());
    assertEquals("", head.body());
    assertEquals(get.header("Content-Type"), head.header("Content-Type"));
    Response unauthorized = api.send("HEAD", SIM, Map.of(), null);
    assertEquals(401, unauthorized.status());
    assertEquals("application/problem+json", unauthorized.header("Content-Type"));
    assertEquals("", unauthorized.body());
    Response options = api.send("OPTIONS", SIM, Map.of(), null);
    assertEquals(204, options.status(), options.body());
    assertEquals("GET, HEAD, OPTIONS", options.header("Allow"));
    assertEquals("OPTIONS, POST", api.send("OPTIONS", SIM + "/attach", Map.of(), null).header("Allow"));
    assertEquals("GET, HEAD, OPTIONS", api.send("OPTIONS", ApiRoutes.OPENAPI, Map.of(), null).header("Allow"));
    Response wrong = api.send("DELETE", SIM, Map.of("Authorization", "Bearer " + operator), null);
    wrong.assertProblem(405, null);
    assertEquals("GET, HEAD, OPTIONS", wrong.header("Allow"));
    assertEquals(200, api.send("HEAD", ApiRoutes.OPENAPI, Map.of(), null).status());
    api.send("OPTIONS", "/api/v1/nothing", Map.of(), null).assertProblem(404, null);
  }

  @Test
  void aRequestPastTheTimeoutIsAProblemWithRetryAfter() {
    org.apache.pekko.http.javadsl.model.HttpResponse r = io.simwarden.node.NodeRoutesAccess.timedOut(
        org.apache.pekko.http.javadsl.model.HttpRequest.GET("/api/v1/forensics/outbreak?kind=port-scan"));
    assertEquals(503, r.status().intValue());
    assertEquals("application/problem+json", r.entity().getContentType().toString());
    assertEquals("5", r.getHeader("Retry-After").orElseThrow().value());
  }
}
