package io.simwarden.node.cli;

import static io.simwarden.node.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simwarden.node.HttpApi;
import io.simwarden.node.NodeTestKit;
import io.simwarden.node.SharedNode;
import io.simwarden.node.TestSims;
import io.simwarden.persistence.cassandra.CassandraExtension;
import io.simwarden.persistence.cli.CassandraCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import picocli.CommandLine;

/** {@code simwarden apikey create|list|revoke} against the journal a running node reads its keys from. */
@ExtendWith({CassandraExtension.class, SharedNode.class})
class ApiKeyCommandTest {

  record Run(int exitCode, String out, String err) {}

  static Run apikey(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new ApiKeyCommand());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--cassandra");
    all.add(NodeTestKit.cassandra());
    int code = cli.execute(all.toArray(String[]::new));
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void aKeyIsPrintedOnceWorksAtOnceIsListedWithoutItsSecretAndStopsWorkingWhenRevoked() throws Exception {
    Run created = apikey("create", "--role", "operator", "--org", "umbrella", "--name", "ci bot");
    assertEquals(0, created.exitCode(), created.err());
    String token = created.out().strip();
    assertTrue(token.matches("[a-z2-7]{12}\\.[A-Za-z0-9_-]{43}"), token);
    String keyId = token.substring(0, 12);
    assertTrue(created.err().contains(keyId) && !created.err().contains(token), created.err());

    HttpApi api = SharedNode.get().api();
    api.post("/api/v1/sims", token, TestSims.provision(6000, null, false)).assertOk();
    api.get("/api/v1/sims/" + TestSims.imsi(6000), token.substring(0, 13) + "A".repeat(43))
        .assertProblem(401, "Authorization");

    String listed = eventually(() -> {
      Run list = apikey("list");
      return list.out().contains(keyId) ? list.out() : null;
    });
    String line = listed.lines().filter(l -> l.startsWith(keyId)).findFirst().orElseThrow();
    assertTrue(line.contains("operator") && line.contains("umbrella") && line.contains("active")
        && line.contains("ci bot"), line);
    assertTrue(!listed.contains(token.substring(13)), "the secret is never listed");

    Run revoked = apikey("revoke", keyId);
    assertEquals(0, revoked.exitCode(), revoked.err());
    eventually(() ->
        api.get("/api/v1/sims/" + TestSims.imsi(6000), token).status() == 401 ? true : null);
    Run again = apikey("revoke", keyId);
    assertEquals(1, again.exitCode());
    assertTrue(again.err().contains("already revoked"), again.err());
    assertEquals(1, apikey("revoke", "zzzzzzzzzzzz").exitCode());
  }

  static Run run(Object command, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(command);
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void keysLiveInTheKeyspaceTheJournalFlagsName() {
    Run schema = run(new CassandraCommand(), "schema", "--cassandra", NodeTestKit.cassandra(), "--replication-factor",
        "1", "--keyspace", "keys_elsewhere");
    assertEquals(0, schema.exitCode(), schema.err());
    assertTrue(schema.out().contains("keyspaces keys_elsewhere, keys_elsewhere_snapshot"), schema.out());
    Run created = apikey("create", "--role", "viewer", "--org", "initech", "--keyspace", "keys_elsewhere");
    assertEquals(0, created.exitCode(), created.err());
    String keyId = created.out().strip().substring(0, 12);
    assertTrue(apikey("list", "--keyspace", "keys_elsewhere").out().contains(keyId));
    assertTrue(!apikey("list").out().contains(keyId), "not in the default keyspace");
  }

  @Test
  void theLocalNodeIsReachedOnThePortsItRunsWith() {
    // The test Cassandra runs on free ports, not 9042/7000, as after 'cassandra start --cql-port ...'.
    String dataDir = CassandraExtension.settings().dataDir().toString();
    Run created = run(new ApiKeyCommand(), "create", "--role", "viewer", "--org", "initech", "--cassandra-data-dir",
        dataDir);
    assertEquals(0, created.exitCode(), created.err());
    assertTrue(created.err().contains("127.0.0.1:" + CassandraExtension.cqlPort()), created.err());
    String keyId = created.out().strip().substring(0, 12);
    Run listed = run(new ApiKeyCommand(), "list", "--cassandra-data-dir", dataDir);
    assertEquals(0, listed.exitCode(), listed.err());
    assertTrue(listed.out().contains(keyId), listed.out());
    assertTrue(ProcessHandle.of(CassandraExtension.pid()).map(ProcessHandle::isAlive).orElse(false),
        "the node is left running");
  }

  @Test
  void badArgumentsAreUsageErrors() {
    assertEquals(2, apikey("create", "--role", "boss", "--org", "acme").exitCode());
    assertEquals(2, apikey("create", "--role", "viewer", "--org", "*").exitCode());
    assertEquals(2, apikey("create", "--role", "viewer", "--org", "Not Valid").exitCode());
    assertEquals(2, apikey("revoke", "short").exitCode());
  }

  @Test
  void aKeysOwnRateLimitAnswers429WithRetryAfter() {
    Run created = apikey("create", "--role", "viewer", "--org", "umbrella", "--rate-limit", "1");
    String token = created.out().strip();
    HttpApi api = SharedNode.get().api();
    int limited = 0;
    HttpApi.Response last = null;
    for (int i = 0; i < 6; i++) {
      HttpApi.Response r = api.get("/api/v1/fleet/summary", token);
      if (r.status() == 429) {
        limited++;
        last = r;
      }
    }
    assertTrue(limited >= 3, "1 request/s with a burst of 2 leaves at least 3 of 6 quick requests limited");
    last.assertProblem(429, null);
    assertTrue(Integer.parseInt(last.header("Retry-After")) >= 1);
  }
}
