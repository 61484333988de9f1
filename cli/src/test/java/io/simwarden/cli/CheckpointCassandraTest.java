package io.simwarden.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.typesafe.config.Config;
import io.simwarden.persistence.cassandra.CassandraExtension;
import io.simwarden.persistence.cli.ForensicsCommand;
import io.simwarden.persistence.forensics.ForensicsJournal;
import io.simwarden.persistence.journal.CqlSchema;
import io.simwarden.persistence.journal.EmbeddedCluster;
import io.simwarden.readside.ProjectionLag;
import io.simwarden.readside.ReadSide;
import io.simwarden.sim.driver.Simulation;
import io.simwarden.sim.scenario.BuiltInScenarios;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.javadsl.Sink;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Signed checkpoints on the real Cassandra, over a small simulated fleet whose chain heads the read side keeps
 * ({@code slice-tags = every-event}): a checkpoint is signed from the heads, {@code verify} finds nothing against it
 * while the journal is whole, an event's inclusion proof holds offline and fails with one byte of its chain value
 * changed; then, with the raw driver, the last three rows of one SIM and the whole partition of another are deleted,
 * and {@code verify} names both, with the chain heads, with {@code --full} and with the exported checkpoint.
 */
@ExtendWith(CassandraExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CheckpointCassandraTest {

  private static final String KEYSPACE = "cp_fleet";
  private static final Duration PATIENCE = Duration.ofSeconds(180);

  @TempDir
  static Path dir;

  private ActorSystem<Void> node;
  /** Every SIM's number of events, by IMSI. */
  private final Map<String, Long> events = new TreeMap<>();

  private static String contactPoint() {
    return IndexedJournal.contactPoint();
  }

  private static Config journal() {
    return IndexedJournal.config(KEYSPACE);
  }

  private static CliRun cli(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--cassandra", contactPoint(), "--keyspace", KEYSPACE));
    return CliRun.of(all.toArray(String[]::new));
  }

  private static Path key() {
    return dir.resolve("checkpoint.key");
  }

  private static Path pub() {
    return dir.resolve("checkpoint.key.pub");
  }

  @BeforeAll
  void simulateAndKeepChainHeads() throws Exception {
    // The journal and read-side tables are auto-created (local config); the checkpoint keyspace is not.
    try (CqlSession cql = CqlSession.builder().addContactPoint(CassandraExtension.contactPoint())
        .withLocalDatacenter(CassandraExtension.LOCAL_DATACENTER).build()) {
      for (String statement : CqlSchema.statements(CqlSchema.simpleReplication(1), CqlSchema.CHECKPOINTS)) {
        cql.execute(SimpleStatement.newInstance(statement).setTimeout(Duration.ofSeconds(60)));
      }
    }
    Simulation.run(BuiltInScenarios.load("quickstart").withDevices(40).withDuration(Duration.ofHours(4)), journal(),
        KEYSPACE, new Simulation.Options(64, 100_000), Simulation.Listener.SILENT);
    node = EmbeddedCluster.start("checkpoint", journal());
    ForensicsJournal journal = new ForensicsJournal(node, 8);
    for (String imsi : journal.sims().runWith(Sink.seq(), node).toCompletableFuture().join()) {
      events.put(imsi, (long) journal.rows(imsi).toCompletableFuture().join().size());
    }
    ReadSide.start(node, ProjectionLag.NONE).started().toCompletableFuture().join();
    long total = events.values().stream().mapToLong(Long::longValue).sum();
    String expected = "verified " + events.size() + " SIMs, " + total + " events: every chain intact";
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    String seen = "";
    while (!seen.startsWith(expected) && System.nanoTime() < deadline) {
      Thread.sleep(1_000);
      CliRun r = cli("forensics", "verify", "--all");
      seen = r.out().contains("[chain heads as of ") ? r.out().strip() : "";
    }
    assertTrue(seen.startsWith(expected), "the chain heads caught up: " + seen + " / " + expected);
    System.out.printf("checkpoint test fleet: %d SIMs, %d events%n", events.size(), total);
  }

  @AfterAll
  void stop() {
    if (node != null) {
      node.terminate();
      node.getWhenTerminated().toCompletableFuture().join();
    }
  }

  @Test
  @Order(1)
  void aSignedCheckpointOfAWholeJournalFindsNothing() {
    CliRun keygen = CliRun.of("checkpoint", "keygen", "--key-file", key().toString());
    assertEquals(0, keygen.exitCode(), keygen.err());
    CliRun create = cli("checkpoint", "create", "--key-file", key().toString());
    assertEquals(0, create.exitCode(), create.out() + create.err());
    assertTrue(create.out().matches("(?s)checkpoint \\S+ of " + KEYSPACE + ": " + events.size()
        + " SIMs, root [0-9a-f]{64} \\[chain heads as of .*"), create.out());
    for (String mode : List.of("heads", "full")) {
      CliRun verify = mode.equals("full") ? cli("forensics", "verify", "--all", "--full", "--public-key",
          pub().toString()) : cli("forensics", "verify", "--all", "--public-key", pub().toString());
      assertEquals(0, verify.exitCode(), verify.out() + verify.err());
      assertTrue(verify.out().contains("every chain intact") && verify.out().contains("of " + events.size()
          + " SIMs]"), verify.out());
    }
    CliRun export = cli("checkpoint", "export", "--out", dir.resolve("checkpoint.json").toString());
    assertEquals(0, export.exitCode(), export.err());
  }

  @Test
  @Order(2)
  void anEventsProofHoldsOfflineAndFailsWithOneByteOfItsChainChanged() throws Exception {
    String imsi = events.keySet().iterator().next();
    Path proof = dir.resolve("proof.json");
    CliRun prove = cli("forensics", "prove", "--imsi", imsi, "--seq", "2", "--out", proof.toString(),
        "--public-key", pub().toString());
    assertEquals(0, prove.exitCode(), prove.out() + prove.err());
    CliRun holds = CliRun.of("forensics", "check-proof", proof.toString(), "--public-key", pub().toString());
    assertEquals(0, holds.exitCode(), holds.out() + holds.err());
    assertTrue(holds.out().startsWith("proof holds: " + imsi + " seq 2 "), holds.out());
    System.out.print("forensics check-proof: " + holds.out());

    String json = Files.readString(proof);
    int at = json.indexOf("\"chain\" : \"") + "\"chain\" : \"".length();
    assertTrue(at > 20, json);
    char c = json.charAt(at + 7);
    Path changed = dir.resolve("proof-changed.json");
    Files.writeString(changed, json.substring(0, at + 7) + (c == '0' ? '1' : '0') + json.substring(at + 8));
    CliRun fails = CliRun.of("forensics", "check-proof", changed.toString(), "--public-key", pub().toString());
    assertEquals(1, fails.exitCode(), fails.out() + fails.err());
    assertTrue(fails.out().startsWith("proof does NOT hold: "), fails.out());

    Path otherKey = dir.resolve("other.key");
    assertEquals(0, CliRun.of("checkpoint", "keygen", "--key-file", otherKey.toString()).exitCode());
    CliRun otherSigner = CliRun.of("forensics", "check-proof", proof.toString(), "--public-key", otherKey + ".pub");
    assertEquals(1, otherSigner.exitCode(), otherSigner.out());

    CliRun badImsi = cli("forensics", "prove", "--imsi", "12ab", "--seq", "2");
    assertEquals(2, badImsi.exitCode(), badImsi.err());
    assertTrue(badImsi.err().contains("imsi"), badImsi.err());
    CliRun noFile = CliRun.of("forensics", "check-proof", dir.resolve("missing.json").toString(), "--public-key",
        pub().toString());
    assertEquals(2, noFile.exitCode(), noFile.err());
    assertTrue(noFile.err().contains("proof"), noFile.err());
  }

  @Test
  @Order(3)
  void aCheckpointWithAChangedRootIsRefused() throws Exception {
    String json = Files.readString(dir.resolve("checkpoint.json"));
    int at = json.indexOf("\"root\" : \"") + "\"root\" : \"".length();
    char c = json.charAt(at);
    Path forged = dir.resolve("forged.json");
    Files.writeString(forged, json.substring(0, at) + (c == 'a' ? 'b' : 'a') + json.substring(at + 1));
    CliRun verify = cli("forensics", "verify", "--all", "--checkpoint", forged.toString(), "--public-key",
        pub().toString());
    assertEquals(ForensicsCommand.BAD_CHECKPOINT, verify.exitCode(), verify.out() + verify.err());
    assertTrue(verify.out().contains("CHECKPOINT") && verify.out().contains("bad signature"), verify.out());
  }

  @Test
  @Order(4)
  void verifyNamesTheSimWhoseTailAndTheSimWhoseHistoryWereDeleted() {
    List<String> long4 = events.entrySet().stream().filter(e -> e.getValue() >= 5).map(Map.Entry::getKey).toList();
    String truncated = long4.get(0);
    String vanished = long4.get(1);
    long last = events.get(truncated);
    try (CqlSession cql = CqlSession.builder().addContactPoint(CassandraExtension.contactPoint())
        .withLocalDatacenter(CassandraExtension.LOCAL_DATACENTER).withKeyspace(KEYSPACE).build()) {
      cql.execute("DELETE FROM messages WHERE persistence_id = ? AND partition_nr = 0 AND sequence_nr > ?",
          "Sim|" + truncated, last - 3);
      cql.execute("DELETE FROM messages WHERE persistence_id = ? AND partition_nr = 0", "Sim|" + vanished);
    }
    List<CliRun> runs = List.of(
        cli("forensics", "verify", "--all", "--public-key", pub().toString()),
        cli("forensics", "verify", "--all", "--full", "--public-key", pub().toString()),
        cli("forensics", "verify", "--all", "--checkpoint", dir.resolve("checkpoint.json").toString(),
            "--public-key", pub().toString()));
    for (CliRun verify : runs) {
      assertEquals(ForensicsCommand.TAMPERED, verify.exitCode(), verify.out() + verify.err());
      assertTrue(verify.out().contains("TRUNCATED " + truncated + " seq " + last + ": checkpointed at seq " + last
          + " (chain "), verify.out());
      assertTrue(verify.out().contains("the journal ends at seq " + (last - 3)), verify.out());
      assertTrue(verify.out().contains("VANISHED  " + vanished + " seq " + events.get(vanished)), verify.out());
      assertTrue(verify.out().contains("2 SIMs cut short since the checkpoint"), verify.out());
    }
    System.out.print("forensics verify --all after the deletions:\n" + runs.get(0).out());
    CliRun one = cli("forensics", "verify", truncated, "--public-key", pub().toString());
    assertEquals(ForensicsCommand.TAMPERED, one.exitCode(), one.out());
    assertFalse(one.out().contains(vanished), one.out());
    CliRun proveVanished = cli("forensics", "prove", "--imsi", vanished, "--seq", "1");
    assertEquals(ForensicsCommand.TAMPERED, proveVanished.exitCode(), proveVanished.out() + proveVanished.err());
  }
}
