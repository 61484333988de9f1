package io.simwarden.node.api;

import static io.simwarden.node.Eventually.eventually;
import static io.simwarden.node.TestSims.imsi;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.simwarden.node.HttpApi;
import io.simwarden.node.HttpApi.Response;
import io.simwarden.node.SharedNode;
import io.simwarden.node.TestSims;
import io.simwarden.node.security.Role;
import io.simwarden.persistence.cassandra.CassandraExtension;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/** Every route against a real node on port 0 and the real Cassandra, through java.net.http. */
@ExtendWith({CassandraExtension.class, SharedNode.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiRoutesTest {
  private HttpApi api;
  private String acmeOperator;
  private String acmeViewer;
  private String acmeAuditor;
  private String globexOperator;
  private String globexAuditor;
  private String admin;

  @BeforeAll
  void keys() {
    SharedNode.Running node = SharedNode.get();
    api = node.api();
    acmeOperator = node.key(Role.OPERATOR, "acme");
    acmeViewer = node.key(Role.VIEWER, "acme");
    acmeAuditor = node.key(Role.AUDITOR, "acme");
    globexOperator = node.key(Role.OPERATOR, "globex");
    globexAuditor = node.key(Role.AUDITOR, "globex");
    admin = node.key(Role.ADMIN, "*");
  }

  @Test
  void aSimIsProvisionedReadCommandedAndReconfigured() {
    Response created = api.post("/api/v1/sims", acmeOperator, TestSims.provision(1000, null, false));
    assertEquals(201, created.status(), created.body());
    assertEquals("/api/v1/sims/" + imsi(1000), created.header("Location"));
    assertEquals("ISSUED", created.json().path("status").asText());
    assertEquals("acme", created.json().path("organisation").asText());

    String sim = "/api/v1/sims/" + imsi(1000);
    JsonNode read = api.get(sim, acmeViewer).assertOk();
    assertEquals(created.json(), read);

    assertEquals("ACTIVE", api.post(sim + "/activate", acmeOperator, "").assertOk().path("status").asText());
    JsonNode suspended = api.post(sim + "/suspend", acmeOperator, "{\"reason\":\"lost\"}").assertOk();
    assertEquals("SUSPENDED", suspended.path("status").asText());
    assertTrue(suspended.path("suspendedBy").asText().startsWith("apikey:"), suspended.toString());
    api.post(sim + "/activate", acmeOperator, "{}").assertProblem(409, null);
    assertEquals("ACTIVE", api.post(sim + "/resume", acmeOperator, "{}").assertOk().path("status").asText());

    JsonNode lock = api.put(sim + "/imei-lock", acmeOperator,
        "{\"mode\":\"PINNED\",\"imei\":\"356938035643809\",\"onMismatch\":\"REJECT_DATA\"}").assertOk();
    assertEquals("PINNED", lock.path("imeiLock").path("mode").asText());
    JsonNode firewall = api.put(sim + "/firewall", acmeOperator, """
        {"rules":[{"id":"ntp","priority":5,"action":"ALLOW","protocol":"UDP","remote":"192.0.2.0/24","ports":"123"}]}
        """).assertOk();
    assertEquals("ntp", firewall.path("firewallRules").path(0).path("id").asText());
    JsonNode profile = api.put(sim + "/profile", acmeOperator, TestSims.PROFILE.replace("\"meter\"", "\"meter-v2\""))
        .assertOk();
    assertEquals("meter-v2", profile.path("profile").path("name").asText());
    api.put(sim + "/firewall", acmeOperator, """
        {"rules":[{"id":"headend","priority":5,"action":"ALLOW","remote":"192.0.2.0/24"}]}
        """).assertProblem(400, "firewall.rules[0].id");

    api.post(sim + "/terminate", acmeOperator, "{\"reason\":\"x\"}").assertProblem(409, null);
    api.post(sim + "/suspend", acmeOperator, "").assertOk();
    assertEquals("TERMINATED", api.post(sim + "/terminate", acmeOperator, "{\"reason\":\"scrapped\"}").assertOk()
        .path("status").asText());

    JsonNode firstPage = api.get(sim + "/events?limit=3", acmeAuditor).assertOk();
    assertEquals(List.of("Provisioned", "Activated", "Suspended"), types(firstPage));
    assertEquals(4, firstPage.path("next").asLong());
    JsonNode rest = api.get(sim + "/events?from=4&limit=100", acmeAuditor).assertOk();
    assertEquals(List.of("Resumed", "ImeiLockChanged", "FirewallChanged", "ProfileChanged", "Suspended",
        "Terminated"), types(rest));
    assertTrue(rest.path("next").isMissingNode() || rest.path("next").isNull(), rest.toString());
    assertEquals("lost", firstPage.path("events").path(2).path("event").path("reason").asText());
  }

  @Test
  void provisioningCanActivateAtOnceAndAnImsiIsProvisionedOnlyOnce() {
    JsonNode sim = api.post("/api/v1/sims", acmeOperator, TestSims.provision(1100, "acme", true)).assertOk();
    assertEquals("ACTIVE", sim.path("status").asText());
    JsonNode again = api.post("/api/v1/sims", acmeOperator, TestSims.provision(1100, null, false))
        .assertProblem(409, "imsi");
    JsonNode foreign = api.post("/api/v1/sims", globexOperator, TestSims.provision(1100, null, false))
        .assertProblem(409, "imsi");
    assertEquals(again.path("detail"), foreign.path("detail"));
    assertFalse(foreign.toString().contains("acme"), "a conflict must not name the owner: " + foreign);
  }

  @Test
  void ingestAnswersWithTheVerdictAndAlertsReachPagesAndTheStream() throws Exception {
    Instant testStart = Instant.now();
    String sim = "/api/v1/sims/" + imsi(1200);
    api.post("/api/v1/sims", acmeOperator, TestSims.provision(1200, null, true)).assertOk();
    JsonNode attached = api.post(sim + "/attach", acmeOperator, TestSims.ATTACH).assertOk();
    assertTrue(attached.path("accepted").asBoolean(), attached.toString());
    JsonNode carried = api.post(sim + "/traffic", acmeOperator, TestSims.HEADEND_TRAFFIC).assertOk();
    assertEquals(1, carried.path("allowedFlows").asInt());

    try (SseReader stream = SseReader.open(api, "/api/v1/alerts/stream?since=" + testStart + "&kind=FlowsBlocked", acmeAuditor,
        null)) {
      JsonNode blocked = api.post(sim + "/traffic", acmeOperator, TestSims.TELNET_PROBE).assertOk();
      assertEquals(1, blocked.path("blockedFlows").asInt());
      SseReader.Event first = stream.next(Duration.ofSeconds(30));
      JsonNode alert = first.json();
      assertEquals("FlowsBlocked", alert.path("type").asText());
      assertEquals(imsi(1200), alert.path("sim").path("imsi").asText());
      assertEquals("acme", alert.path("organisation").asText());
      assertEquals("network:firewall", alert.path("source").asText());
      assertEquals("default", alert.path("detail").path("ruleId").asText());
      assertEquals(first.id(), alert.path("id").asText());

      api.post(sim + "/traffic", acmeOperator, TestSims.TELNET_PROBE.replace("203.0.113.7", "203.0.113.8"))
          .assertOk();
      SseReader.Event second = stream.next(Duration.ofSeconds(30));
      try (SseReader resumed = SseReader.open(api, "/api/v1/alerts/stream?kind=FlowsBlocked", acmeAuditor,
          first.id())) {
        assertEquals(second.data(), resumed.next(Duration.ofSeconds(30)).data(),
            "resuming after the first alert delivers the second, not the first again");
      }
    }

    JsonNode page = eventually(() -> {
      JsonNode p = api.get("/api/v1/alerts?since=PT10M&kind=flowsblocked", acmeAuditor).assertOk();
      return alertsOf(p, imsi(1200)).size() >= 2 ? p : null;
    });
    assertEquals(2, alertsOf(page, imsi(1200)).size());
    JsonNode onePerPage = api.get("/api/v1/alerts?since=PT10M&limit=1", acmeAuditor).assertOk();
    assertEquals(1, onePerPage.path("alerts").size());
    JsonNode next = api.get("/api/v1/alerts?limit=1000&cursor=" + onePerPage.path("next").asText(), acmeAuditor)
        .assertOk();
    for (JsonNode a : next.path("alerts")) {
      assertFalse(a.path("id").asText().equals(onePerPage.path("alerts").path(0).path("id").asText()));
    }
    assertTrue(alertsOf(api.get("/api/v1/alerts?since=PT10M", globexAuditor).assertOk(), imsi(1200)).isEmpty(),
        "another organisation sees none of acme's alerts");
    assertEquals(2, alertsOf(api.get("/api/v1/alerts?since=PT10M", admin).assertOk(), imsi(1200)).size(),
        "a fleet-wide admin sees every organisation's alerts");
  }

  @Test
  void aCallIsIngestedLikeTrafficAndItsRefusalIsAnAlert() {
    String sim = "/api/v1/sims/" + imsi(1250);
    api.post("/api/v1/sims", acmeOperator, TestSims.provision(1250, null, true)).assertOk();
    api.post(sim + "/attach", acmeOperator, TestSims.ATTACH).assertOk();
    JsonNode refused = api.post(sim + "/call", acmeOperator, TestSims.IRSF_CALL).assertOk();
    assertFalse(refused.path("accepted").asBoolean(), refused.toString());
    assertEquals("SERVICE_NOT_ALLOWED", refused.path("reason").asText());
    JsonNode alert = eventually(() -> {
      List<JsonNode> alerts = alertsOf(api.get("/api/v1/alerts?since=PT10M&kind=VoiceCallBlocked", acmeAuditor)
          .assertOk(), imsi(1250));
      return alerts.isEmpty() ? null : alerts.get(0);
    });
    assertEquals("network:voice", alert.path("source").asText());
    assertEquals("high", alert.path("severity").asText(), "a toll-fraud destination");
    assertEquals("IRSF_RANGE", alert.path("detail").path("destination").asText());
  }

  @Test
  void theAlertStreamOfAnOrganisationCarriesOnlyItsOwnAlerts() throws Exception {
    api.post("/api/v1/sims", acmeOperator, TestSims.provision(1300, null, true)).assertOk();
    api.post("/api/v1/sims", globexOperator, TestSims.provision(1301, null, true)).assertOk();
    for (int n : new int[] {1300, 1301}) {
      api.post("/api/v1/sims/" + imsi(n) + "/attach", n == 1300 ? acmeOperator : globexOperator, TestSims.ATTACH)
          .assertOk();
    }
    try (SseReader globex = SseReader.open(api, "/api/v1/alerts/stream", globexAuditor, null)) {
      api.post("/api/v1/sims/" + imsi(1300) + "/traffic", acmeOperator, TestSims.TELNET_PROBE).assertOk();
      Thread.sleep(500);
      api.post("/api/v1/sims/" + imsi(1301) + "/traffic", globexOperator, TestSims.TELNET_PROBE).assertOk();
      JsonNode alert = globex.next(Duration.ofSeconds(30)).json();
      assertEquals(imsi(1301), alert.path("sim").path("imsi").asText());
      assertEquals("globex", alert.path("organisation").asText());
    }
  }

  @Test
  void anotherOrganisationsSimAnswersEveryRouteExactlyLikeAnUnknownOne() {
    api.post("/api/v1/sims", acmeOperator, TestSims.provision(1400, null, true)).assertOk();
    api.post("/api/v1/sims/" + imsi(1400) + "/attach", acmeOperator, TestSims.ATTACH).assertOk();
    String foreign = imsi(1400);
    String unknown = imsi(1499);
    List<String[]> routes = List.of(
        new String[] {"GET", "", null},
        new String[] {"GET", "/events", null},
        new String[] {"POST", "/activate", ""},
        new String[] {"POST", "/suspend", "{\"reason\":\"x\"}"},
        new String[] {"POST", "/resume", ""},
        new String[] {"POST", "/terminate", ""},
        new String[] {"PUT", "/profile", TestSims.PROFILE},
        new String[] {"PUT", "/imei-lock", "{\"mode\":\"OFF\"}"},
        new String[] {"PUT", "/firewall", "{\"rules\":[]}"},
        new String[] {"POST", "/attach", TestSims.ATTACH},
        new String[] {"POST", "/traffic", TestSims.HEADEND_TRAFFIC},
        new String[] {"POST", "/call", TestSims.IRSF_CALL});
    for (String[] r : routes) {
      Response other = call(r[0], "/api/v1/sims/" + foreign + r[1], globexOperator, r[2]);
      Response none = call(r[0], "/api/v1/sims/" + unknown + r[1], globexOperator, r[2]);
      other.assertProblem(404, "imsi");
      none.assertProblem(404, "imsi");
      assertEquals(none.body().replace(unknown, "IMSI"), other.body().replace(foreign, "IMSI"),
          r[0] + " " + r[1] + ": a foreign SIM must look exactly like a missing one");
    }
    assertEquals("ACTIVE", api.get("/api/v1/sims/" + foreign, acmeViewer).assertOk().path("status").asText(),
        "the foreign commands changed nothing");
    assertTrue(List.of("Provisioned", "Activated", "AttachAccepted", "ImeiBound")
        .containsAll(types(api.get("/api/v1/sims/" + foreign + "/events", admin).assertOk())));

    api.post("/api/v1/sims", globexOperator, TestSims.provision(1401, "acme", false))
        .assertProblem(403, "organisation");
    Response bulk = ndjson("/api/v1/bulk/ingest", globexOperator,
        "{\"imsi\":\"" + foreign + "\",\"attach\":" + TestSims.ATTACH + "}\n");
    JsonNode line = lines(bulk).get(0);
    assertEquals(404, line.path("status").asInt());
    assertEquals("imsi", line.path("problem").path("field").asText());
  }

  @Test
  void rolesLimitWhatAKeyMayDo() {
    api.post("/api/v1/sims", acmeOperator, TestSims.provision(1500, null, false)).assertOk();
    String sim = "/api/v1/sims/" + imsi(1500);
    api.get(sim, acmeViewer).assertOk();
    api.get(sim + "/events", acmeViewer).assertProblem(403, "Authorization");
    api.get("/api/v1/alerts", acmeViewer).assertProblem(403, "Authorization");
    api.post(sim + "/activate", acmeViewer, "").assertProblem(403, "Authorization");
    api.post(sim + "/activate", acmeAuditor, "").assertProblem(403, "Authorization");
    api.post(sim + "/attach", acmeAuditor, TestSims.ATTACH).assertProblem(403, "Authorization");
    api.post("/api/v1/sims", acmeAuditor, TestSims.provision(1501, null, false)).assertProblem(403, "Authorization");
    api.get(sim + "/events", acmeAuditor).assertOk();
    api.get("/api/v1/fleet/summary", acmeViewer).assertOk();
    api.post("/api/v1/sims", admin, TestSims.provision(1502, null, false)).assertProblem(400, "organisation");
    assertEquals("globex", api.post("/api/v1/sims", admin, TestSims.provision(1502, "globex", false)).assertOk()
        .path("organisation").asText());
  }

  @Test
  void bulkProvisioningAnswersEveryLineInOrderAndEndsWithASummary() {
    StringBuilder body = new StringBuilder();
    int sims = 300;
    for (int i = 0; i < sims; i++) {
      body.append(i == 7 ? "{\"imsi\":\"123\"}" : i == 8 ? "{not json" : TestSims.provision(2000 + i, null, i % 2 == 0)
          .replace("\n", " ")).append('\n');
      if (i == 9) {
        body.append("\n");
      }
    }
    body.append(TestSims.provision(2000, null, false).replace("\n", " "));
    long started = System.nanoTime();
    Response response = ndjson("/api/v1/bulk/provision", acmeOperator, body.toString());
    double seconds = (System.nanoTime() - started) / 1e9;
    System.out.printf("bulk provisioning: %d lines in %.2f s (%.0f lines/s)%n", sims + 1, seconds,
        (sims + 1) / seconds);
    assertEquals(200, response.status());
    assertEquals("application/x-ndjson", response.header("Content-Type"));
    List<JsonNode> lines = lines(response);
    assertEquals(sims + 2, lines.size(), "one result per non-blank line and the summary");
    for (int i = 0; i < sims; i++) {
      JsonNode r = lines.get(i);
      long expectedLine = i <= 9 ? i + 1 : i + 2;
      assertEquals(expectedLine, r.path("line").asLong(), r.toString());
      if (i == 7) {
        assertEquals(400, r.path("status").asInt());
        assertEquals("imsi", r.path("problem").path("field").asText());
      } else if (i == 8) {
        assertEquals(400, r.path("status").asInt());
        assertEquals("body", r.path("problem").path("field").asText());
      } else {
        assertEquals(201, r.path("status").asInt(), r.toString());
        assertEquals(i % 2 == 0 ? "ACTIVE" : "ISSUED", r.path("sim").path("status").asText());
      }
    }
    assertEquals(409, lines.get(sims).path("status").asInt(), "the last line repeats the first IMSI");
    JsonNode summary = lines.get(sims + 1);
    assertTrue(summary.path("done").asBoolean());
    assertEquals(sims + 1, summary.path("lines").asLong());
    assertEquals(sims - 2, summary.path("succeeded").asLong());
    assertEquals(3, summary.path("failed").asLong());
    assertEquals("ISSUED", api.get("/api/v1/sims/" + imsi(2001), acmeViewer).assertOk().path("status").asText());

    Response tooLong = ndjson("/api/v1/bulk/provision", acmeOperator,
        TestSims.provision(2998, null, false).replace("\n", " ") + "\n" + "{\"imsi\":\"" + "1".repeat(20_000) + "\"}\n"
            + TestSims.provision(2999, null, false).replace("\n", " "));
    List<JsonNode> cut = lines(tooLong);
    assertEquals(201, cut.get(0).path("status").asInt(), cut.toString());
    assertEquals(413, cut.get(1).path("status").asInt(), cut.toString());
    assertEquals(2, cut.get(1).path("line").asInt(), "an overlong line fails alone");
    assertEquals(201, cut.get(2).path("status").asInt(), cut.toString());
    assertTrue(cut.get(3).path("done").asBoolean());
  }

  @Test
  void bulkIngestSendsEachSimsReportsInLineOrder() {
    for (int n = 3000; n < 3010; n++) {
      api.post("/api/v1/sims", acmeOperator, TestSims.provision(n, null, true)).assertOk();
    }
    StringBuilder body = new StringBuilder();
    for (int n = 3000; n < 3010; n++) {
      body.append("{\"imsi\":\"").append(imsi(n)).append("\",\"attach\":").append(TestSims.ATTACH).append("}\n");
      body.append("{\"imsi\":\"").append(imsi(n)).append("\",\"traffic\":")
          .append(TestSims.TELNET_PROBE.replace("\n", " ")).append("}\n");
    }
    body.append("{\"imsi\":\"").append(imsi(3000)).append("\"}\n");
    List<JsonNode> lines = lines(ndjson("/api/v1/bulk/ingest", acmeOperator, body.toString()));
    for (int i = 0; i < 20; i++) {
      JsonNode verdict = lines.get(i).path("verdict");
      assertEquals(200, lines.get(i).path("status").asInt(), lines.get(i).toString());
      assertTrue(verdict.path("accepted").asBoolean(), "every traffic report follows its SIM's attach: " + verdict);
      if (i % 2 == 1) {
        assertEquals(1, verdict.path("blockedFlows").asInt());
      }
    }
    assertEquals(400, lines.get(20).path("status").asInt());
    assertEquals(20, lines.get(21).path("succeeded").asInt());
  }

  @Test
  void theFleetSummaryCountsEachOrganisationsSimsByStatus() {
    api.post("/api/v1/sims", admin, TestSims.provision(4000, "initech", true)).assertOk();
    api.post("/api/v1/sims", admin, TestSims.provision(4001, "initech", true)).assertOk();
    api.post("/api/v1/sims", admin, TestSims.provision(4002, "initech", false)).assertOk();
    api.post("/api/v1/sims/" + imsi(4001) + "/suspend", admin, "").assertOk();
    String initechViewer = SharedNode.get().key(Role.VIEWER, "initech");
    JsonNode summary = eventually(() -> {
      JsonNode s = api.get("/api/v1/fleet/summary", initechViewer).assertOk();
      JsonNode counts = s.path("organisations").path("initech");
      return counts.path("ACTIVE").asInt() == 1 && counts.path("SUSPENDED").asInt() == 1
          && counts.path("ISSUED").asInt() == 1 ? s : null;
    });
    assertEquals(1, summary.path("organisations").size(), "a viewer sees only its own organisation");
    assertNotNull(Instant.parse(summary.path("asOf").asText()));
    assertTrue(summary.path("lagSeconds").asDouble(-1) >= 0, "the summary says how far behind it is: " + summary);
    assertEquals(0, summary.path("organisations").path("initech").path("TERMINATED").asInt());
    api.post("/api/v1/sims", admin, TestSims.provision(4003, "hooli", false)).assertOk();
    eventually(() -> {
      JsonNode all = api.get("/api/v1/fleet/summary", admin).assertOk().path("organisations");
      return all.has("hooli") && all.has("initech") ? all : null;
    });
  }

  @Test
  void aFleetWideKeyIsOnlyForAdmins() {
    try {
      SharedNode.get().key(Role.OPERATOR, "*");
      throw new AssertionError("an operator key cannot be fleet-wide");
    } catch (IllegalArgumentException expected) {
      assertTrue(expected.getMessage().contains("only an admin key"), expected.getMessage());
    }
  }

  // ---------------------------------------------------------------------------------------------------

  private Response call(String method, String path, String key, String body) {
    return switch (method) {
      case "GET" -> api.get(path, key);
      case "PUT" -> api.put(path, key, body);
      default -> api.post(path, key, body);
    };
  }

  private Response ndjson(String path, String key, String body) {
    return api.send(api.request(path, key).header("Content-Type", "application/x-ndjson")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build());
  }

  private static List<JsonNode> lines(Response r) {
    List<JsonNode> lines = new ArrayList<>();
    for (String line : r.body().split("\n")) {
      lines.add(new Response(200, Map.of(), line).json());
    }
    return lines;
  }

  private static List<String> types(JsonNode page) {
    List<String> types = new ArrayList<>();
    page.path("events").forEach(e -> types.add(e.path("type").asText()));
    return types;
  }

  private static List<JsonNode> alertsOf(JsonNode page, String imsi) {
    List<JsonNode> found = new ArrayList<>();
    page.path("alerts").forEach(a -> {
      if (a.path("sim").path("imsi").asText().equals(imsi)) {
        found.add(a);
      }
    });
    return found;
  }
}
