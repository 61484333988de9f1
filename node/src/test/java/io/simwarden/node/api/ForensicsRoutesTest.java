package io.simwarden.node.api;

import static io.simwarden.node.TestSims.imsi;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.simwarden.node.HttpApi;
import io.simwarden.node.SharedNode;
import io.simwarden.node.TestSims;
import io.simwarden.node.security.Role;
import io.simwarden.persistence.cassandra.CassandraExtension;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The forensics routes against a real node on port 0 and the real Cassandra: auditors, tenant-scoped. This node keeps
 * no forensic index (the default slice tags); {@link ForensicsIndexRoutesTest} runs a node that does.
 */
@ExtendWith({CassandraExtension.class, SharedNode.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ForensicsRoutesTest {
  /** An address no other test talks to, so a fleet-wide search for it sees only this test's SIMs. */
  private static final String SUSPECT = "198.18.7.41";

  private HttpApi api;
  private String acmeAuditor;
  private String globexAuditor;
  private String acmeViewer;
  private String admin;
  private Instant beforeSuspension;
  private Instant afterSuspension;

  @BeforeAll
  void history() throws InterruptedException {
    SharedNode.Running node = SharedNode.get();
    api = node.api();
    acmeAuditor = node.key(Role.AUDITOR, "acme");
    globexAuditor = node.key(Role.AUDITOR, "globex");
    acmeViewer = node.key(Role.VIEWER, "acme");
    admin = node.key(Role.ADMIN, "*");
    String acmeOperator = node.key(Role.OPERATOR, "acme");
    String globexOperator = node.key(Role.OPERATOR, "globex");
    api.post("/api/v1/sims", acmeOperator, TestSims.provision(4100, null, true)).assertOk();
    api.post("/api/v1/sims", globexOperator, TestSims.provision(4101, null, true)).assertOk();
    String probe = TestSims.TELNET_PROBE.replace("203.0.113.7", SUSPECT);
    for (int n : new int[] {4100, 4101}) {
      String key = n == 4100 ? acmeOperator : globexOperator;
      api.post("/api/v1/sims/" + imsi(n) + "/attach", key, TestSims.ATTACH).assertOk();
      api.post("/api/v1/sims/" + imsi(n) + "/traffic", key, probe).assertOk();
    }
    Thread.sleep(5);
    beforeSuspension = Instant.now();
    Thread.sleep(5);
    api.post("/api/v1/sims/" + imsi(4100) + "/suspend", acmeOperator, "{\"reason\":\"probing " + SUSPECT + "\"}")
        .assertOk();
    Thread.sleep(5);
    afterSuspension = Instant.now();
  }

  @Test
  void theTimelineSaysWhoDidWhatAndWhy() {
    JsonNode timeline = api.get("/api/v1/forensics/sims/" + imsi(4100) + "/timeline", acmeAuditor).assertOk();
    List<String> what = new ArrayList<>();
    timeline.path("events").forEach(e -> what.add(e.path("what").asText()));
    assertEquals(List.of("Provisioned", "Activated", "ImeiBound", "AttachAccepted", "FlowsBlocked", "Suspended"), what);
    JsonNode suspended = timeline.path("events").path(5);
    assertTrue(suspended.path("who").asText().startsWith("apikey:"), suspended.toString());
    assertEquals("suspended: probing " + SUSPECT, suspended.path("why").asText());
    assertEquals("network", timeline.path("events").path(4).path("who").asText());
    JsonNode late = api.get("/api/v1/forensics/sims/" + imsi(4100) + "/timeline?from=" + beforeSuspension,
        acmeAuditor).assertOk();
    assertEquals(1, late.path("events").size(), late.toString());
  }

  @Test
  void anotherTenantsSimIsNotFoundAndAViewerMayNotRunForensics() {
    api.get("/api/v1/forensics/sims/" + imsi(4100) + "/timeline", globexAuditor).assertProblem(404, "imsi");
    api.get("/api/v1/forensics/sims/" + imsi(4100) + "/verify", globexAuditor).assertProblem(404, "imsi");
    api.get("/api/v1/forensics/sims/" + imsi(4100) + "/timeline", acmeViewer).assertProblem(403, null);
  }

  @Test
  void theStateAtTwoInstantsDiffersInTheSuspension() {
    String sim = "/api/v1/forensics/sims/" + imsi(4100) + "/state";
    JsonNode before = api.get(sim + "?at=" + beforeSuspension, acmeAuditor).assertOk();
    assertEquals("ACTIVE", before.path("state").path("status").asText());
    JsonNode diff = api.get(sim + "?at=" + beforeSuspension + "&diff=" + afterSuspension, acmeAuditor).assertOk();
    Set<String> fields = new TreeSet<>();
    diff.path("changes").forEach(c -> fields.add(c.path("field").asText()));
    assertEquals(Set.of("status", "suspendedBy", "lastEventAt", "chain"), fields, diff.toString());
    api.get(sim + "?at=yesterday", acmeAuditor).assertProblem(400, "at");
    api.get(sim, acmeAuditor).assertProblem(400, "at");
  }

  @Test
  void withoutTheForensicIndexFleetWideQueriesAnswerAClear503AndStillCheckTheirInput() {
    // This node runs with the default slice tags: the index is not kept, and nothing scans the journal instead.
    for (String query : List.of("search?remote=" + SUSPECT + "&sims=true", "outbreak?remote=" + SUSPECT,
        "search?kind=FlowsBlocked")) {
      for (String key : List.of(acmeAuditor, admin)) {
        JsonNode problem = api.get("/api/v1/forensics/" + query, key).assertProblem(503, null);
        assertEquals("urn:simwarden:problem:forensic-index-unavailable", problem.path("type").asText());
        assertTrue(problem.path("detail").asText().contains("simwarden.sim.slice-tags = every-event"),
            problem.toString());
      }
    }
    api.get("/api/v1/forensics/search?remote=198.18.7.0/33", acmeAuditor).assertProblem(400, "remote");
    api.get("/api/v1/forensics/search?kind=nonsense", acmeAuditor).assertProblem(400, "kind");
    api.get("/api/v1/forensics/search?kind=UsageRecorded", acmeAuditor).assertProblem(400, "kind");
    api.get("/api/v1/forensics/search?sims=maybe&kind=FlowsBlocked", acmeAuditor).assertProblem(400, "sims");
    api.get("/api/v1/forensics/search?kind=FlowsBlocked", acmeViewer).assertProblem(403, null);
  }

  @Test
  void verifyFindsTheChainIntact() {
    JsonNode verified = api.get("/api/v1/forensics/sims/" + imsi(4100) + "/verify", acmeAuditor).assertOk();
    assertTrue(verified.path("intact").asBoolean(), verified.toString());
    assertEquals(6, verified.path("events").asInt());
    assertEquals("journal", verified.path("checkedBy").asText(), "no chain heads on this node: "
        + verified);
  }
}
