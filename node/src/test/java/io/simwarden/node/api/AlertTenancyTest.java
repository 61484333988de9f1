package io.simwarden.node.api;

import static io.simwarden.node.Eventually.eventually;
import static io.simwarden.node.TestSims.imsi;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import io.simwarden.node.HttpApi;
import io.simwarden.node.SharedNode;
import io.simwarden.node.TestSims;
import io.simwarden.node.security.Role;
import io.simwarden.persistence.cassandra.CassandraExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What one organisation can learn of another's alerts from outside, through the API of a real node: nothing. Its
 * alert pages, their {@code next} cursors and the ids of its stream's events are the same bytes whether or not
 * another organisation raised alerts in between, and it never sees those alerts.
 */
@ExtendWith({CassandraExtension.class, SharedNode.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AlertTenancyTest {
  private static final int A_SIM = 7200;
  /** Organisation B's SIMs: enough to land in several slices. */
  private static final int B_FIRST = 7210;
  private static final int B_SIMS = 6;
  private static final String PROBE_2 = TestSims.TELNET_PROBE.replace("203.0.113.7", "203.0.113.9");

  private HttpApi api;
  private String aOperator;
  private String aAuditor;
  private String bOperator;
  private String bAuditor;
  private String admin;

  @BeforeAll
  void keys() {
    SharedNode.Running node = SharedNode.get();
    api = node.api();
    aOperator = node.key(Role.OPERATOR, "umbrella");
    aAuditor = node.key(Role.AUDITOR, "umbrella");
    bOperator = node.key(Role.OPERATOR, "cyberdyne");
    bAuditor = node.key(Role.AUDITOR, "cyberdyne");
    admin = node.key(Role.ADMIN, "*");
  }

  @Test
  void anotherOrganisationsAlertsMoveNeitherPagesNorCursorsNorStreamIds() throws Exception {
    String since = Instant.now().minusSeconds(5).toString();
    String aSim = "/api/v1/sims/" + imsi(A_SIM);
    api.post("/api/v1/sims", aOperator, TestSims.provision(A_SIM, null, true)).assertOk();
    api.post(aSim + "/attach", aOperator, TestSims.ATTACH).assertOk();
    api.post(aSim + "/traffic", aOperator, TestSims.TELNET_PROBE).assertOk();
    String firstPage = "/api/v1/alerts?since=" + since;
    String aBefore = eventually(() -> {
      HttpApi.Response r = api.get(firstPage, aAuditor);
      r.assertOk();
      return r.json().path("alerts").size() >= 1 ? r.body() : null;
    });
    JsonNode page = api.get(firstPage, aAuditor).assertOk();
    assertEquals(1, page.path("alerts").size(), page.toString());
    String aAlertId = page.path("alerts").path(0).path("id").asText();
    String next = page.path("next").asText();
    String nextBefore = api.get("/api/v1/alerts?cursor=" + next, aAuditor).body();

    try (SseReader aStream = SseReader.open(api, "/api/v1/alerts/stream", aAuditor, aAlertId)) {
      // Organisation B raises alerts, and they reach the table: B and the fleet-wide admin see them.
      List<String> bImsis = new ArrayList<>();
      for (int n = B_FIRST; n < B_FIRST + B_SIMS; n++) {
        String bSim = "/api/v1/sims/" + imsi(n);
        api.post("/api/v1/sims", bOperator, TestSims.provision(n, null, true)).assertOk();
        api.post(bSim + "/attach", bOperator, TestSims.ATTACH).assertOk();
        api.post(bSim + "/traffic", bOperator, TestSims.TELNET_PROBE).assertOk();
        bImsis.add(imsi(n));
      }
      eventually(() -> imsisOf(api.get(firstPage, bAuditor).assertOk()).containsAll(bImsis) ? true : null);
      eventually(() -> imsisOf(api.get(firstPage + "&limit=1000", admin).assertOk()).containsAll(bImsis)
          ? true : null);

      assertEquals(aBefore, api.get(firstPage, aAuditor).body(), "A's first page, alerts and next cursor");
      assertEquals(nextBefore, api.get("/api/v1/alerts?cursor=" + next, aAuditor).body(),
          "A's page after its cursor");
      JsonNode empty = api.get("/api/v1/alerts?cursor=" + next, aAuditor).assertOk();
      assertEquals(0, empty.path("alerts").size(), empty.toString());
      assertEquals(next, empty.path("next").asText(), "A's cursor moves only with A's alerts");

      // A's next alert is the first event of A's stream, with the id A's own cursor gives it.
      api.post(aSim + "/traffic", aOperator, PROBE_2).assertOk();
      SseReader.Event event = aStream.next(Duration.ofSeconds(60));
      assertEquals(imsi(A_SIM), event.json().path("sim").path("imsi").asText(), event.data());
      JsonNode after = eventually(() -> {
        JsonNode p = api.get("/api/v1/alerts?cursor=" + next, aAuditor).assertOk();
        return p.path("alerts").size() >= 1 ? p : null;
      });
      assertEquals(1, after.path("alerts").size(), after.toString());
      assertEquals(event.id(), after.path("alerts").path(0).path("id").asText(),
          "the stream's id is the one A's own positions give");
      assertEquals(event.id(), after.path("next").asText());
      for (JsonNode p : List.of(api.get(firstPage + "&limit=1000", aAuditor).assertOk(), after)) {
        assertEquals(List.of(imsi(A_SIM)), imsisOf(p).stream().distinct().toList(), "A sees only its own alerts");
        assertFalse(p.toString().contains("cyberdyne"), p.toString());
      }
    }
  }

  @Test
  void aCursorThatIsNotOneOfOursIsRefusedNamingTheField() {
    api.get("/api/v1/alerts?cursor=a2.AAAA", aAuditor).assertProblem(400, "cursor");
    // Eight well-formed offsets that are not time-based UUIDs.
    String randomUuids = "a2." + "A".repeat(171);
    api.get("/api/v1/alerts?cursor=" + randomUuids, aAuditor).assertProblem(400, "cursor");
    // The old format (one offset per alert tag) is refused the same way.
    api.get("/api/v1/alerts?cursor=a1." + "A".repeat(86), aAuditor).assertProblem(400, "cursor");
    api.send(api.request("/api/v1/alerts/stream", aAuditor).header("Last-Event-ID", randomUuids).GET().build())
        .assertProblem(400, "Last-Event-ID");
  }

  private static List<String> imsisOf(JsonNode page) {
    List<String> imsis = new ArrayList<>();
    page.path("alerts").forEach(a -> imsis.add(a.path("sim").path("imsi").asText()));
    return imsis;
  }
}
