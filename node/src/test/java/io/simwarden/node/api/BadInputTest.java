package io.simwarden.node.api;

import static io.simwarden.node.TestSims.imsi;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.simwarden.node.HttpApi;
import io.simwarden.node.HttpApi.Response;
import io.simwarden.node.SharedNode;
import io.simwarden.node.TestSims;
import io.simwarden.node.security.Role;
import io.simwarden.persistence.cassandra.CassandraExtension;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input on every route: each answers 4xx with an application/problem+json body naming the field, and
 * nothing malformed ever yields 5xx.
 */
@ExtendWith({CassandraExtension.class, SharedNode.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SIM = "/api/v1/sims/" + imsi(5000);
  private static final String UNKNOWN_KEY = "abcdefghijkl.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

  private HttpApi api;
  private String operator;
  private String viewer;

  @BeforeAll
  void sim() {
    api = SharedNode.get().api();
    operator = SharedNode.get().key(Role.OPERATOR, "acme");
    viewer = SharedNode.get().key(Role.VIEWER, "acme");
    api.post("/api/v1/sims", operator, TestSims.provision(5000, null, true)).assertOk();
    api.post(SIM + "/attach", operator, TestSims.ATTACH).assertOk();
  }

  /** One bad request: {@code key} null sends none; {@code contentType} null sends none. */
  record Case(String name, String method, String path, String key, String contentType, String body, int status,
      String field) {
    @Override
    public String toString() {
      return method + " " + path + ": " + name;
    }
  }

  private static final String JSON_TYPE = "application/json";
  private static final String NDJSON_TYPE = "application/x-ndjson";
  private static final String OPERATOR = "operator";
  private static final String VIEWER = "viewer";

  /** Every endpoint with a valid request, to derive the generic cases from. */
  private static final List<String[]> ENDPOINTS = List.of(
      new String[] {"GET", SIM, null},
      new String[] {"POST", "/api/v1/sims", TestSims.provision(5001, null, false)},
      new String[] {"POST", SIM + "/activate", "{}"},
      new String[] {"POST", SIM + "/suspend", "{\"reason\":\"x\"}"},
      new String[] {"POST", SIM + "/resume", "{}"},
      new String[] {"POST", SIM + "/terminate", "{}"},
      new String[] {"PUT", SIM + "/profile", TestSims.PROFILE},
      new String[] {"PUT", SIM + "/imei-lock", "{\"mode\":\"OFF\"}"},
      new String[] {"PUT", SIM + "/firewall", "{\"rules\":[]}"},
      new String[] {"GET", SIM + "/events", null},
      new String[] {"POST", SIM + "/attach", TestSims.ATTACH},
      new String[] {"POST", SIM + "/traffic", TestSims.HEADEND_TRAFFIC},
      new String[] {"POST", SIM + "/call", TestSims.IRSF_CALL},
      new String[] {"POST", "/api/v1/bulk/provision", null},
      new String[] {"POST", "/api/v1/bulk/ingest", null},
      new String[] {"GET", "/api/v1/alerts", null},
      new String[] {"GET", "/api/v1/alerts/stream", null},
      new String[] {"GET", "/api/v1/fleet/summary", null});

  static Stream<Case> cases() {
    List<Case> cases = new ArrayList<>();
    for (String[] e : ENDPOINTS) {
      String method = e[0];
      String path = e[1];
      boolean json = e[2] != null;
      boolean bulk = path.contains("/bulk/");
      String type = bulk ? NDJSON_TYPE : json ? JSON_TYPE : null;
      String body = json ? e[2] : bulk ? "" : null;
      cases.add(new Case("no API key", method, path, null, type, body, 401, "Authorization"));
      cases.add(new Case("unknown API key", method, path, UNKNOWN_KEY, type, body, 401, "Authorization"));
      cases.add(new Case("not a token", method, path, "not-a-token", type, body, 401, "Authorization"));
      cases.add(new Case("unknown query parameter", method, path + "?bogus=1", OPERATOR, type, body, 400, "bogus"));
      cases.add(new Case("wrong method", "DELETE", path, OPERATOR, null, null, 405, null));
      if (path.startsWith(SIM)) {
        String rest = path.substring(SIM.length());
        cases.add(new Case("IMSI not digits", method, "/api/v1/sims/abc" + rest, OPERATOR, type, body, 400, "imsi"));
        cases.add(new Case("IMSI too short", method, "/api/v1/sims/20801" + rest, OPERATOR, type, body, 400, "imsi"));
        cases.add(new Case("IMSI with unallocated MCC", method, "/api/v1/sims/000010000000001" + rest, OPERATOR, type,
            body, 400, "imsi"));
      }
      if (json) {
        cases.add(new Case("no body", method, path, OPERATOR, null, null, path.endsWith("activate")
            || path.endsWith("suspend") || path.endsWith("resume") || path.endsWith("terminate") ? 200 : 400,
            "body"));
        cases.add(new Case("text/plain", method, path, OPERATOR, "text/plain", body, 415, "Content-Type"));
        cases.add(new Case("form", method, path, OPERATOR, "application/x-www-form-urlencoded", "a=b", 415,
            "Content-Type"));
        cases.add(new Case("truncated JSON", method, path, OPERATOR, JSON_TYPE, "{\"a\":", 400, "body"));
        cases.add(new Case("not JSON", method, path, OPERATOR, JSON_TYPE, "hello", 400, "body"));
        cases.add(new Case("array", method, path, OPERATOR, JSON_TYPE, "[1,2]", 400, "body"));
        cases.add(new Case("null", method, path, OPERATOR, JSON_TYPE, "null", 400, "body"));
        cases.add(new Case("unknown field", method, path, OPERATOR, JSON_TYPE, body.replaceFirst("\\{",
            "{\"surprise\":1,").replace(",}", "}"), 400, "surprise"));
        cases.add(new Case("trailing data", method, path, OPERATOR, JSON_TYPE, body + " {}", 400, "body"));
        cases.add(new Case("too large", method, path, OPERATOR, JSON_TYPE,
            "{\"reason\":\"" + "x".repeat(70_000) + "\"}", 413, "body"));
        cases.add(new Case("deep nesting", method, path, OPERATOR, JSON_TYPE, "[".repeat(5000), 400, "body"));
      }
    }
    String provision = TestSims.provision(5002, null, false);
    cases.addAll(List.of(
        new Case("viewer provisions", "POST", "/api/v1/sims", VIEWER, JSON_TYPE, provision, 403, "Authorization"),
        new Case("no imsi", "POST", "/api/v1/sims", OPERATOR, JSON_TYPE, provision.replace("\"imsi\"", "\"x\""), 400,
            "x"),
        new Case("missing imsi", "POST", "/api/v1/sims", OPERATOR, JSON_TYPE,
            provision.replace("\"imsi\":\"" + imsi(5002) + "\",", ""), 400, "imsi"),
        new Case("bad ICCID check digit", "POST", "/api/v1/sims", OPERATOR, JSON_TYPE,
            provision.replace(io.simwarden.core.testing.Sims.iccid(5002).value(),
                wrongCheckDigit(io.simwarden.core.testing.Sims.iccid(5002).value())), 400, "iccid"),
        new Case("no profile", "POST", "/api/v1/sims", OPERATOR, JSON_TYPE,
            "{\"imsi\":\"" + imsi(5002) + "\",\"iccid\":\"" + io.simwarden.core.testing.Sims.iccid(5002) + "\"}", 400,
            "profile"),
        new Case("bad organisation", "POST", "/api/v1/sims", OPERATOR, JSON_TYPE,
            TestSims.provision(5002, "Not An Org!", false), 403, "organisation"),
        new Case("host bits in a rule", "POST", "/api/v1/sims", OPERATOR, JSON_TYPE,
            provision.replace("198.51.100.0/24", "198.51.100.1/24"), 400, "profile.firewallRules[0].remote"),
        new Case("unknown RAT", "POST", "/api/v1/sims", OPERATOR, JSON_TYPE, provision.replace("\"NB_IOT\"", "\"6G\""),
            400, "profile.rats[1]"),
        new Case("pinned lock without IMEI", "POST", "/api/v1/sims", OPERATOR, JSON_TYPE,
            provision.replace("FIRST_SEEN", "PINNED"), 400, "imeiLock.imei"),
        new Case("activate is text", "POST", "/api/v1/sims", OPERATOR, JSON_TYPE,
            provision.replace("\"activate\":false", "\"activate\":\"no\""), 400, "activate"),
        new Case("reason is a number", "POST", SIM + "/suspend", OPERATOR, JSON_TYPE, "{\"reason\":5}", 400, "reason"),
        new Case("activate with a reason", "POST", SIM + "/activate", OPERATOR, JSON_TYPE, "{\"reason\":\"x\"}", 400,
            "reason"),
        new Case("reason too long", "POST", SIM + "/terminate", OPERATOR, JSON_TYPE,
            "{\"reason\":\"" + "r".repeat(600) + "\"}", 400, "reason"),
        new Case("profile without name", "PUT", SIM + "/profile", OPERATOR, JSON_TYPE,
            TestSims.PROFILE.replace("\"name\":\"meter\",", ""), 400, "name"),
        new Case("quota of zero", "PUT", SIM + "/profile", OPERATOR, JSON_TYPE,
            TestSims.PROFILE.replace("\"defaultAction\"", "\"smsQuota\":{\"limit\":0,\"warningPercent\":50,"
                + "\"onExhaustion\":\"BLOCK\",\"period\":\"DAY\"},\"defaultAction\""), 400, "smsQuota.limit"),
        new Case("lock mode unknown", "PUT", SIM + "/imei-lock", OPERATOR, JSON_TYPE, "{\"mode\":\"SOMETIMES\"}", 400,
            "mode"),
        new Case("TAC list empty", "PUT", SIM + "/imei-lock", OPERATOR, JSON_TYPE, "{\"mode\":\"TAC_ALLOWLIST\"}", 400,
            "allowedTacs"),
        new Case("no rules", "PUT", SIM + "/firewall", OPERATOR, JSON_TYPE, "{}", 400, "rules"),
        new Case("null rule", "PUT", SIM + "/firewall", OPERATOR, JSON_TYPE, "{\"rules\":[null]}", 400, "rules[0]"),
        new Case("negative priority", "PUT", SIM + "/firewall", OPERATOR, JSON_TYPE,
            "{\"rules\":[{\"id\":\"a\",\"priority\":-1,\"action\":\"DENY\",\"remote\":\"0.0.0.0/0\"}]}", 400,
            "rules[0].priority"),
        new Case("ICMP with ports", "PUT", SIM + "/firewall", OPERATOR, JSON_TYPE,
            "{\"rules\":[{\"id\":\"a\",\"action\":\"DENY\",\"protocol\":\"ICMP\",\"remote\":\"0.0.0.0/0\","
                + "\"ports\":\"80\"}]}", 400, "rules[0].ports"),
        new Case("IMEI check digit", "POST", SIM + "/attach", OPERATOR, JSON_TYPE,
            TestSims.ATTACH.replace(io.simwarden.core.testing.Sims.DEVICE.value(),
                wrongCheckDigit(io.simwarden.core.testing.Sims.DEVICE.value())), 400, "imei"),
        new Case("attach without RAT", "POST", SIM + "/attach", OPERATOR, JSON_TYPE,
            TestSims.ATTACH.replace("\"rat\":\"NB_IOT\",", ""), 400, "rat"),
        new Case("bad PLMN", "POST", SIM + "/attach", OPERATOR, JSON_TYPE, TestSims.ATTACH.replace("20801", "2"), 400,
            "plmn"),
        new Case("bad time", "POST", SIM + "/attach", OPERATOR, JSON_TYPE,
            TestSims.ATTACH.replace("}", ",\"at\":\"yesterday\"}"), 400, "at"),
        new Case("no flows", "POST", SIM + "/traffic", OPERATOR, JSON_TYPE, "{\"flows\":[]}", 400, "flows"),
        new Case("port out of range", "POST", SIM + "/traffic", OPERATOR, JSON_TYPE,
            TestSims.HEADEND_TRAFFIC.replace("443", "70000"), 400, "flows[0].port"),
        new Case("bytes negative", "POST", SIM + "/traffic", OPERATOR, JSON_TYPE,
            TestSims.HEADEND_TRAFFIC.replace("2000", "-5"), 400, "flows[0].bytes"),
        new Case("bytes fractional", "POST", SIM + "/traffic", OPERATOR, JSON_TYPE,
            TestSims.HEADEND_TRAFFIC.replace("2000", "2.5"), 400, "flows[0].bytes"),
        new Case("bytes huge", "POST", SIM + "/traffic", OPERATOR, JSON_TYPE,
            TestSims.HEADEND_TRAFFIC.replace("2000", "99999999999999999999999"), 400, "flows[0].bytes"),
        new Case("address not IP", "POST", SIM + "/traffic", OPERATOR, JSON_TYPE,
            TestSims.HEADEND_TRAFFIC.replace("198.51.100.10", "999.1.1.1"), 400, "flows[0].remote"),
        new Case("call without destination", "POST", SIM + "/call", OPERATOR, JSON_TYPE, "{\"seconds\":60}", 400,
            "destination"),
        new Case("destination unknown", "POST", SIM + "/call", OPERATOR, JSON_TYPE,
            TestSims.IRSF_CALL.replace("IRSF_RANGE", "MOON"), 400, "destination"),
        new Case("call without seconds", "POST", SIM + "/call", OPERATOR, JSON_TYPE,
            "{\"destination\":\"DOMESTIC\"}", 400, "seconds"),
        new Case("seconds negative", "POST", SIM + "/call", OPERATOR, JSON_TYPE,
            TestSims.IRSF_CALL.replace("300", "-1"), 400, "seconds"),
        new Case("call over a day", "POST", SIM + "/call", OPERATOR, JSON_TYPE,
            TestSims.IRSF_CALL.replace("300", "86401"), 400, "seconds"),
        new Case("seconds fractional", "POST", SIM + "/call", OPERATOR, JSON_TYPE,
            TestSims.IRSF_CALL.replace("300", "2.5"), 400, "seconds"),
        new Case("events from 0", "GET", SIM + "/events?from=0", OPERATOR, null, null, 400, "from"),
        new Case("events limit text", "GET", SIM + "/events?limit=many", OPERATOR, null, null, 400, "limit"),
        new Case("events limit huge", "GET", SIM + "/events?limit=1000000", OPERATOR, null, null, 400, "limit"),
        new Case("repeated parameter", "GET", SIM + "/events?limit=1&limit=2", OPERATOR, null, null, 400, "limit"),
        new Case("viewer reads events", "GET", SIM + "/events", VIEWER, null, null, 403, "Authorization"),
        new Case("since not a time", "GET", "/api/v1/alerts?since=yesterday", OPERATOR, null, null, 400, "since"),
        new Case("kind unknown", "GET", "/api/v1/alerts?kind=Bogus", OPERATOR, null, null, 400, "kind"),
        new Case("kind empty", "GET", "/api/v1/alerts?kind=", OPERATOR, null, null, 400, "kind"),
        new Case("limit zero", "GET", "/api/v1/alerts?limit=0", OPERATOR, null, null, 400, "limit"),
        new Case("cursor junk", "GET", "/api/v1/alerts?cursor=xyz", OPERATOR, null, null, 400, "cursor"),
        new Case("cursor wrong length", "GET", "/api/v1/alerts?cursor=a2.AAAA", OPERATOR, null, null, 400, "cursor"),
        new Case("cursor and since", "GET", "/api/v1/alerts?since=PT1H&cursor=a2.AAAA", OPERATOR, null, null, 400,
            "cursor"),
        new Case("stream since junk", "GET", "/api/v1/alerts/stream?since=-1", OPERATOR, null, null, 400, "since"),
        new Case("stream kind junk", "GET", "/api/v1/alerts/stream?kind=x", OPERATOR, null, null, 400, "kind"),
        new Case("bulk as JSON", "POST", "/api/v1/bulk/provision", OPERATOR, JSON_TYPE, provision, 415,
            "Content-Type"),
        new Case("ingest as text", "POST", "/api/v1/bulk/ingest", OPERATOR, "text/plain", "{}", 415, "Content-Type"),
        new Case("unknown route", "GET", "/api/v1/nothing", OPERATOR, null, null, 404, null),
        new Case("other version", "GET", "/api/v2/sims/" + imsi(5000), OPERATOR, null, null, 404, null),
        new Case("trailing slash", "GET", SIM + "/", OPERATOR, null, null, 404, null),
        new Case("root", "POST", "/", null, null, null, 404, null)));
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void badRequestsGetAProblemNamingTheField(Case c) {
    Response r = send(c);
    if (c.status() == 200) {
      assertTrue(r.status() < 500, r.body());
      return;
    }
    r.assertProblem(c.status(), c.field());
  }

  @Test
  void bulkLinesReportTheirOwnProblems() {
    String body = "{\"imsi\":\"208010000005100\",\"bogus\":true}\n{broken\n"
        + "{\"imsi\":\"" + imsi(5000) + "\"}\n"
        + "{\"imsi\":\"" + imsi(5000) + "\",\"attach\":" + TestSims.ATTACH + ",\"traffic\":{\"flows\":[]}}\n"
        + "{\"imsi\":\"" + imsi(5000) + "\",\"call\":" + TestSims.IRSF_CALL.replace("300", "-1") + "}\n"
        + "{\"imsi\":\"" + imsi(5000) + "\",\"attach\":" + TestSims.ATTACH + ",\"call\":" + TestSims.IRSF_CALL
        + "}\n";
    Response provision = send(new Case("", "POST", "/api/v1/bulk/provision", OPERATOR, NDJSON_TYPE, body, 200, null));
    String[] lines = provision.body().split("\n");
    assertEquals(7, lines.length, provision.body());
    assertEquals("bogus", field(lines[0]));
    assertEquals("body", field(lines[1]));
    assertEquals("profile", field(lines[2]).equals("iccid") ? "profile" : field(lines[2]));
    Response ingest = send(new Case("", "POST", "/api/v1/bulk/ingest", OPERATOR, NDJSON_TYPE, body, 200, null));
    String[] results = ingest.body().split("\n");
    assertEquals("bogus", field(results[0]));
    assertEquals("body", field(results[1]));
    assertEquals("attach", field(results[2]));
    assertEquals("traffic", field(results[3]));
    assertEquals("call.seconds", field(results[4]));
    assertEquals("call", field(results[5]));
    Response empty = send(new Case("", "POST", "/api/v1/bulk/ingest", OPERATOR, NDJSON_TYPE, "", 200, null));
    assertEquals("{\"done\":true,\"lines\":0,\"succeeded\":0,\"failed\":0}", empty.body().strip());
  }

  /**
   * Property-style: every field of every JSON body replaced by values of every other JSON type (and a few
   * hostile ones) never gets a 5xx, and every refusal is a problem naming a field.
   */
  @Test
  void mutatedBodiesNeverYield5xx() throws Exception {
    Random random = new Random(42);
    int sent = 0;
    for (String[] e : ENDPOINTS) {
      if (e[2] == null) {
        continue;
      }
      JsonNode valid = JSON.readTree(e[2]);
      for (List<Object> path : leafPaths(valid, new ArrayList<>())) {
        for (JsonNode replacement : hostile(random)) {
          JsonNode mutated = valid.deepCopy();
          replace(mutated, path, replacement);
          Response r = send(new Case("mutation", e[0], e[1], OPERATOR, JSON_TYPE, JSON.writeValueAsString(mutated),
              400, null));
          sent++;
          assertTrue(r.status() < 500, () -> e[0] + " " + e[1] + " with " + path + " = " + replacement + ": "
              + r.status() + " " + r.body());
          if (r.status() >= 400) {
            JsonNode p = r.assertProblem(r.status(), null);
            assertTrue(r.status() != 400 || p.hasNonNull("field"), "a 400 names the field: " + r.body());
          }
        }
      }
    }
    System.out.println("mutated bodies sent: " + sent);
  }

  /**
   * An {@code Idempotency-Key} that is not 1-128 printable ASCII characters, or given twice, is refused on every
   * command and ingest route before anything is sent to a SIM; a bulk line's {@code idempotencyKey} likewise, in
   * its own result.
   */
  @Test
  void badIdempotencyKeysGetAProblemNamingTheHeader() throws Exception {
    List<String> bad = List.of("", "k".repeat(129), "caf\u00e9", "snow\u2603man");
    int sent = 0;
    for (String[] e : ENDPOINTS) {
      if (e[2] == null || e[0].equals("GET")) {
        continue;
      }
      for (String key : bad) {
        assertIdempotencyKeyRefused(e[0], e[1], e[2], List.of(key), key);
        sent++;
      }
      assertIdempotencyKeyRefused(e[0], e[1], e[2], List.of("a", "b"), "twice");
      sent++;
    }
    send(new Case("key in a single request's body", "POST", "/api/v1/sims", OPERATOR, JSON_TYPE,
        TestSims.provision(5003, null, false).replaceFirst("\\}$", ",\"idempotencyKey\":\"k1\"}"), 400, null))
        .assertProblem(400, "idempotencyKey");
    String lines = "{\"imsi\":\"" + imsi(5000) + "\",\"attach\":" + TestSims.ATTACH + ",\"idempotencyKey\":\"\"}\n"
        + "{\"imsi\":\"" + imsi(5000) + "\",\"attach\":" + TestSims.ATTACH + ",\"idempotencyKey\":\""
        + "k".repeat(129) + "\"}\n";
    for (String bulk : List.of("/api/v1/bulk/ingest", "/api/v1/bulk/provision")) {
      String body = bulk.endsWith("provision") ? TestSims.provision(5004, null, false).replace("\n", " ")
          .replaceFirst("\\}$", ",\"idempotencyKey\":\"\\\\u0007\"}") + "\n" : lines;
      String[] results = send(new Case("", "POST", bulk, OPERATOR, NDJSON_TYPE, body, 200, null)).body().split("\n");
      for (int i = 0; i < results.length - 1; i++) {
        assertEquals("idempotencyKey", field(results[i]), results[i]);
        assertEquals(400, JSON.readTree(results[i]).path("status").asInt(), results[i]);
      }
    }
    System.out.println("bad Idempotency-Key requests sent: " + sent);
  }

  /** Sends a valid request with {@code keys} as raw Idempotency-Key header lines: 400 naming the header. */
  private void assertIdempotencyKeyRefused(String method, String path, String body, List<String> keys, String shown)
      throws Exception {
    URI base = URI.create(api.base());
    byte[] payload = body.getBytes(StandardCharsets.UTF_8);
    StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
        + "Authorization: Bearer " + operator + "\r\nContent-Type: application/json\r\nContent-Length: "
        + payload.length + "\r\n");
    for (String key : keys) {
      head.append("Idempotency-Key: ").append(key).append("\r\n");
    }
    head.append("\r\n");
    try (Socket socket = new Socket(base.getHost(), base.getPort())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(head.toString().getBytes(StandardCharsets.UTF_8));
      out.write(payload);
      out.flush();
      String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      String where = method + " " + path + " with key " + shown + " -> " + response;
      assertEquals("400", response.substring(9, 12), where);
      assertTrue(response.toLowerCase().contains("content-type: application/problem+json"), where);
      JsonNode problem = JSON.readTree(response.substring(response.indexOf("\r\n\r\n") + 4));
      assertEquals("Idempotency-Key", problem.path("field").asText(), where);
    }
  }

  @Test
  void requestsTooMalformedForAnyRouteStillGetAProblem() throws Exception {
    URI base = URI.create(api.base());
    for (String raw : List.of(
        "GET /api/v1/sims/%zz HTTP/1.1\r\nHost: x\r\n\r\n",
        "GET /api/v1/alerts?since=%% HTTP/1.1\r\nHost: x\r\n\r\n",
        "BREW /api/v1/sims HTTP/1.1\r\nHost: x\r\n\r\n",
        "GET /api/v1/sims HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(20_000) + "\r\n\r\n",
        "GET /" + "a".repeat(5000) + " HTTP/1.1\r\nHost: x\r\n\r\n",
        "POST /api/v1/sims HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n",
        "POST /api/v1/sims HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + operator + "\r\nContent-Type: "
            + "application/json\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\n{}\r\n0\r\n\r\n")) {
      try (Socket socket = new Socket(base.getHost(), base.getPort())) {
        socket.setSoTimeout(10_000);
        OutputStream out = socket.getOutputStream();
        out.write(raw.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        InputStream in = socket.getInputStream();
        String response = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        int status = Integer.parseInt(response.substring(9, 12));
        String shown = raw.substring(0, Math.min(60, raw.length()));
        assertTrue(status >= 400 && status < 500, shown + " -> " + response);
        assertTrue(response.toLowerCase().contains("content-type: application/problem+json"), shown + " -> "
            + response);
      }
    }
  }

  // ---------------------------------------------------------------------------------------------------

  private Response send(Case c) {
    Map<String, String> headers = new HashMap<>();
    String key = OPERATOR.equals(c.key()) ? operator : VIEWER.equals(c.key()) ? viewer : c.key();
    if (key != null) {
      headers.put("Authorization", "Bearer " + key);
    }
    if (c.contentType() != null) {
      headers.put("Content-Type", c.contentType());
    }
    return api.send(c.method(), c.path(), headers, c.body() == null ? null : c.body().getBytes(StandardCharsets.UTF_8));
  }

  private static String wrongCheckDigit(String digits) {
    char last = digits.charAt(digits.length() - 1);
    return digits.substring(0, digits.length() - 1) + (char) ('0' + (last - '0' + 1) % 10);
  }

  private static String field(String line) {
    try {
      return JSON.readTree(line).path("problem").path("field").asText();
    } catch (Exception e) {
      throw new AssertionError(line, e);
    }
  }

  private static List<JsonNode> hostile(Random random) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    return List.of(f.nullNode(), f.textNode(""), f.textNode("x".repeat(1 + random.nextInt(3000))), f.numberNode(-1),
        f.numberNode(Long.MAX_VALUE), f.numberNode(1.5e300), f.booleanNode(true), f.arrayNode(), f.objectNode(),
        f.arrayNode().add(f.objectNode()), f.textNode("\u0000\uFFFF"));
  }

  private static List<List<Object>> leafPaths(JsonNode node, List<Object> prefix) {
    List<List<Object>> paths = new ArrayList<>();
    paths.add(prefix);
    if (node.isObject()) {
      node.fieldNames().forEachRemaining(name -> {
        List<Object> p = new ArrayList<>(prefix);
        p.add(name);
        paths.addAll(leafPaths(node.get(name), p));
      });
    } else if (node.isArray() && node.size() > 0) {
      List<Object> p = new ArrayList<>(prefix);
      p.add(0);
      paths.addAll(leafPaths(node.get(0), p));
    }
    return paths.stream().filter(p -> !p.isEmpty()).toList();
  }

  private static void replace(JsonNode root, List<Object> path, JsonNode value) {
    JsonNode parent = root;
    for (int i = 0; i < path.size() - 1; i++) {
      Object step = path.get(i);
      parent = step instanceof String s ? parent.get(s) : parent.get((Integer) step);
    }
    Object last = path.get(path.size() - 1);
    if (last instanceof String s) {
      ((ObjectNode) parent).set(s, value);
    } else {
      ((ArrayNode) parent).set((Integer) last, value);
    }
  }
}
