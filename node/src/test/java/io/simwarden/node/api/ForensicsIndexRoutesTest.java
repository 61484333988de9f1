package io.simwarden.node.api;

import static io.simwarden.node.TestSims.imsi;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.simwarden.core.event.SimTags;
import io.simwarden.core.id.Imei;
import io.simwarden.core.id.Plmn;
import io.simwarden.core.id.Tac;
import io.simwarden.node.HttpApi;
import io.simwarden.node.Node;
import io.simwarden.node.NodeTestKit;
import io.simwarden.node.TestSims;
import io.simwarden.node.security.Role;
import io.simwarden.persistence.cassandra.CassandraExtension;
import io.simwarden.persistence.forensics.ForensicsJournal;
import io.simwarden.persistence.forensics.ForensicsJson;
import io.simwarden.persistence.forensics.Outbreak;
import io.simwarden.persistence.forensics.OutbreakReport;
import io.simwarden.persistence.forensics.Recorded;
import io.simwarden.persistence.forensics.SearchCriteria;
import io.simwarden.persistence.journal.CqlSchema;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The fleet-wide forensics routes on a node that keeps the forensic index ({@code slice-tags = every-event}, a
 * journal of its own on the real Cassandra): each search and outbreak answers, for an admin and for each tenant,
 * exactly what the full scan of the same journal answers (what {@code simwarden forensics --full-scan} reads),
 * restricted to the caller's organisation; and verify answers from the SIM's chain head what a full check answers.
 */
@ExtendWith(CassandraExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ForensicsIndexRoutesTest {
  private static final String KEYSPACE = "fx_http";
  private static final String SUSPECT = "198.18.9.41";
  private static final String NEIGHBOUR = "198.18.9.77";
  private static final Duration PATIENCE = Duration.ofSeconds(180);

  private Node node;
  private HttpApi api;
  private final Set<String> acme = new TreeSet<>();
  private final Set<String> globex = new TreeSet<>();
  private final List<String> imeis = new ArrayList<>();
  private String admin;
  private String acmeAuditor;
  private String globexAuditor;

  @BeforeAll
  void journal() throws InterruptedException {
    CqlSchema.apply(List.of(CassandraExtension.contactPoint()), CassandraExtension.LOCAL_DATACENTER,
        CqlSchema.simpleReplication(1), KEYSPACE);
    NodeTestKit.Ports ports = new NodeTestKit.Ports(NodeTestKit.freePort(), 0, NodeTestKit.freePort());
    node = Node.start(Node.config(NodeTestKit.nodeFile(Path.of("target", "forensics-index"), "index", ports,
        List.of(ports), """
            simwarden.sim.ask-timeout = 20s
            simwarden.sim.slice-tags = every-event
            pekko.persistence.cassandra.journal.keyspace = %s
            pekko.persistence.cassandra.snapshot.keyspace = %s_snapshot
            pekko.projection.cassandra.offset-store.keyspace = %s
            """.formatted(KEYSPACE, KEYSPACE, KEYSPACE)), NodeTestKit.journal()));
    api = new HttpApi("http://127.0.0.1:" + node.apiAddress().toCompletableFuture().join().getPort());
    admin = NodeTestKit.createKey(node, Role.ADMIN, "*", 100_000);
    acmeAuditor = NodeTestKit.createKey(node, Role.AUDITOR, "acme", 100_000);
    globexAuditor = NodeTestKit.createKey(node, Role.AUDITOR, "globex", 100_000);
    String acmeOperator = NodeTestKit.createKey(node, Role.OPERATOR, "acme", 100_000);
    String globexOperator = NodeTestKit.createKey(node, Role.OPERATOR, "globex", 100_000);
    // SIMs of both organisations in every slice, each ending with a blocked probe (its last event).
    Set<Integer> slices = new HashSet<>();
    for (int n = 6100; slices.size() < SimTags.SLICES || n < 6124; n++) {
      slices.add(SimTags.sliceOf(imsi(n)));
      boolean ofAcme = n % 2 == 0;
      String key = ofAcme ? acmeOperator : globexOperator;
      (ofAcme ? acme : globex).add(imsi(n));
      Imei imei = Imei.fromBody("356938035" + String.format("%05d", n));
      imeis.add(imei.value());
      api.post("/api/v1/sims", key, TestSims.provision(n, null, true)).assertOk();
      api.post("/api/v1/sims/" + imsi(n) + "/attach", key,
          TestSims.ATTACH.replace(io.simwarden.core.testing.Sims.DEVICE.value(), imei.value())).assertOk();
      String target = n % 3 == 0 ? SUSPECT : NEIGHBOUR;
      api.post("/api/v1/sims/" + imsi(n) + "/traffic", key, TestSims.TELNET_PROBE.replace("203.0.113.7", target))
          .assertOk();
    }
    // Each SIM's last event is its blocked flow, and a slice is handled in order: once the index answers every
    // FlowsBlocked, it holds everything.
    String everyProbe = "kind=FlowsBlocked";
    List<String> expected = expected(everyProbe, criteria(everyProbe), admin, false);
    assertEquals(expected, await(() -> answered(everyProbe, admin), expected), "the index caught up");
  }

  @AfterAll
  void stop() {
    if (node != null) {
      node.stop();
    }
  }

  @Test
  void everySearchAnswersWhatTheFullScanAnswersForEachCaller() {
    String imeiOfAcme = imeis.get(0);
    String tac = Imei.of(imeiOfAcme).tac().value();
    List<String> queries = List.of("remote=" + SUSPECT, "remote=198.18.9.0/24&sims=true",
        "remote=198.18.0.0/16&kind=FlowsBlocked", "imei=" + imeiOfAcme, "tac=" + tac + "&sims=true",
        "plmn=20801&kind=AttachAccepted", "kind=FlowsBlocked&sims=true", "kind=ImeiBound&remote=" + SUSPECT);
    for (String query : queries) {
      for (String key : List.of(admin, acmeAuditor, globexAuditor)) {
        boolean sims = query.contains("sims=true");
        List<String> expected = expected(query, criteria(query), key, sims);
        HttpApi.Response r = api.get("/api/v1/forensics/search?" + query, key);
        assertEquals(200, r.status(), r.body());
        assertNotNull(r.header(ForensicsRoutes.AS_OF), query);
        assertEquals(expected, lines(r.body()), query + " for " + caller(key));
      }
    }
    // The IMEI of an acme SIM: globex's auditor learns nothing of it, the admin sees it.
    assertEquals(List.of(), lines(api.get("/api/v1/forensics/search?imei=" + imeiOfAcme, globexAuditor).body()));
    assertFalse(lines(api.get("/api/v1/forensics/search?imei=" + imeiOfAcme, acmeAuditor).body()).isEmpty());
    // Both organisations match the suspect: each auditor sees only its own.
    List<String> all = lines(api.get("/api/v1/forensics/search?remote=" + SUSPECT, admin).body());
    assertTrue(all.stream().anyMatch(l -> acme.stream().anyMatch(l::contains)), "acme probed the suspect");
    assertTrue(all.stream().anyMatch(l -> globex.stream().anyMatch(l::contains)), "globex probed the suspect");
  }

  @Test
  void outbreaksAnswerWhatTheFullScanAnswersForEachCaller() throws Exception {
    for (String query : List.of("remote=" + SUSPECT, "kind=FlowsBlocked&from=2020-01-01T00:00:00Z")) {
      for (String key : List.of(admin, acmeAuditor, globexAuditor)) {
        SearchCriteria criteria = criteria(query);
        Outbreak spread = new Outbreak();
        scan(criteria, visible(key)).forEach(spread::add);
        String indicator = criteria.remote() != null ? "endpoint " + criteria.remote()
            : "kind " + String.join(",", criteria.kinds());
        JsonNode expected = Json.MAPPER.readTree(Json.bytes(OutbreakReport.json(indicator, spread, 5,
            Duration.ofMinutes(60))));
        JsonNode answered = api.get("/api/v1/forensics/outbreak?" + query, key).assertOk();
        assertTrue(answered.path("index").has("asOf"), answered.toString());
        ((ObjectNode) answered).remove("index");
        assertEquals(expected, answered, query + " for " + caller(key));
        assertTrue(expected.path("affectedSims").asInt() > 0, query + " for " + caller(key));
      }
    }
  }

  @Test
  void verifyAnswersFromTheChainHeadWhatTheFullCheckAnswers() throws InterruptedException {
    String sim = acme.iterator().next();
    JsonNode full = api.get("/api/v1/forensics/sims/" + sim + "/verify?full=true", acmeAuditor).assertOk();
    assertEquals("journal", full.path("checkedBy").asText());
    JsonNode head = awaitUntil(() -> api.get("/api/v1/forensics/sims/" + sim + "/verify", acmeAuditor).assertOk(),
        n -> n.path("checkedBy").asText().equals("chain-head") && n.path("events").equals(full.path("events")));
    assertEquals("chain-head", head.path("checkedBy").asText(), head.toString());
    for (String field : List.of("imsi", "events", "rows", "intact", "findings", "forks")) {
      assertEquals(full.path(field), head.path(field), field);
    }
    assertTrue(head.path("intact").asBoolean(), head.toString());
    api.get("/api/v1/forensics/sims/" + sim + "/verify?full=maybe", acmeAuditor).assertProblem(400, "full");
    api.get("/api/v1/forensics/sims/" + sim + "/verify", globexAuditor).assertProblem(404, "imsi");
  }

  @Test
  void criteriaTheIndexDoesNotHoldAreRefusedNamingTheField() {
    api.get("/api/v1/forensics/search?kind=UsageRecorded", acmeAuditor).assertProblem(400, "kind");
    api.get("/api/v1/forensics/search?from=2026-01-01T00:00:00Z", acmeAuditor).assertProblem(400, "kind");
    api.get("/api/v1/forensics/search?remote=10.0.0.0/8", acmeAuditor).assertProblem(400, "remote");
    api.get("/api/v1/forensics/outbreak?remote=10.0.0.0/8", acmeAuditor).assertProblem(400, "remote");
  }

  private String caller(String key) {
    return key.equals(admin) ? "admin" : key.equals(acmeAuditor) ? "acme" : "globex";
  }

  private Predicate<String> visible(String key) {
    return key.equals(admin) ? imsi -> true : key.equals(acmeAuditor) ? acme::contains : globex::contains;
  }

  /** The full scan's answer for {@code key}: every SIM's events read, the criteria applied, the caller's SIMs kept. */
  private List<Recorded> scan(SearchCriteria criteria, Predicate<String> visible) {
    ForensicsJournal journal = new ForensicsJournal(node.system(), 16);
    return journal.scan(criteria).filter(r -> visible.test(r.imsi())).runWith(Sink.seq(), node.system())
        .toCompletableFuture().join();
  }

  private List<String> expected(String query, SearchCriteria criteria, String key, boolean firstPerSim) {
    ForensicsJournal journal = new ForensicsJournal(node.system(), 16);
    Source<Recorded, ?> found = firstPerSim ? journal.firstPerSim(criteria) : journal.scan(criteria);
    List<Recorded> kept = found.filter(r -> visible(key).test(r.imsi())).runWith(Sink.seq(), node.system())
        .toCompletableFuture().join();
    return kept.stream().map(r -> new String(Json.bytes(ForensicsJson.event(r)), StandardCharsets.UTF_8)).sorted()
        .toList();
  }

  private List<String> answered(String query, String key) {
    HttpApi.Response r = api.get("/api/v1/forensics/search?" + query, key);
    return r.status() == 200 ? lines(r.body()) : List.of(r.body());
  }

  private static List<String> lines(String body) {
    return body.lines().filter(l -> !l.isBlank()).sorted().toList();
  }

  /** The criteria of {@code query} as the route reads them. */
  private static SearchCriteria criteria(String query) {
    Map<String, String> q = new java.util.HashMap<>();
    for (String pair : query.split("&")) {
      String[] kv = pair.split("=", 2);
      q.put(kv[0], kv[1]);
    }
    Set<String> kinds = q.containsKey("kind") ? Set.of(SearchCriteria.kind(q.get("kind"))) : Set.of();
    return new SearchCriteria(kinds, q.containsKey("from") ? SearchCriteria.instant("from", q.get("from")) : null,
        null, q.containsKey("tac") ? Tac.of(q.get("tac")) : null, q.containsKey("imei") ? Imei.of(q.get("imei")) : null,
        q.containsKey("remote") ? SearchCriteria.remote(q.get("remote")) : null,
        q.containsKey("plmn") ? Plmn.of(q.get("plmn")) : null);
  }

  private static <T> T await(Supplier<T> read, T expected) throws InterruptedException {
    return awaitUntil(read, expected::equals);
  }

  private static <T> T awaitUntil(Supplier<T> read, Predicate<T> done) throws InterruptedException {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    T seen = read.get();
    while (!done.test(seen) && System.nanoTime() < deadline) {
      Thread.sleep(500);
      seen = read.get();
    }
    return seen;
  }
}
