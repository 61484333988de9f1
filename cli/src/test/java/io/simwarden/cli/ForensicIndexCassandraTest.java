package io.simwarden.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.uuid.Uuids;
import com.typesafe.config.Config;
import io.simwarden.core.detect.AnomalyKind;
import io.simwarden.core.event.SimEvent;
import io.simwarden.core.event.SimTags;
import io.simwarden.core.id.IpAddress;
import io.simwarden.loadtest.bench.ForensicTimings;
import io.simwarden.loadtest.harness.BenchJournal;
import io.simwarden.persistence.cassandra.CassandraExtension;
import io.simwarden.persistence.cli.ForensicsCommand;
import io.simwarden.persistence.forensics.ForensicIndex;
import io.simwarden.persistence.forensics.ForensicIndexKeys;
import io.simwarden.persistence.forensics.ForensicsJournal;
import io.simwarden.persistence.forensics.Recorded;
import io.simwarden.persistence.journal.EmbeddedCluster;
import io.simwarden.readside.ProjectionLag;
import io.simwarden.readside.ReadSide;
import io.simwarden.sim.archetype.Identities;
import io.simwarden.sim.attack.AttackKind;
import io.simwarden.sim.driver.Simulation;
import io.simwarden.sim.driver.SimulationResult;
import io.simwarden.sim.scenario.BuiltInScenarios;
import io.simwarden.sim.truth.Label;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
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
 * The forensic index and the chain heads on the real Cassandra, kept by the read side's projections over a real
 * simulation's journal written with {@code slice-tags = every-event} (a scaled-down Mirai outbreak): the index holds
 * exactly the rows of the journal's events through a stop mid-stream and a replay of everything; {@code forensics
 * search} and {@code outbreak} answer from it what the full scan answers; and after tampering and a fork, the chain
 * heads, rebuilt, name what {@code verify --full} names.
 */
@ExtendWith(CassandraExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ForensicIndexCassandraTest {

  private static final String KEYSPACE = "fx_index";
  private static final Duration PATIENCE = Duration.ofSeconds(240);

  private SimulationResult mirai;
  private ActorSystem<Void> node;
  /** Every index row the journal's events call for: key type, key, day, slice, IMSI, sequence number. */
  private Set<String> expectedRows;
  private final List<String> timings = new ArrayList<>();

  private static Config journal() {
    return IndexedJournal.config(KEYSPACE);
  }

  private static String contactPoint() {
    return IndexedJournal.contactPoint();
  }

  @BeforeAll
  void simulate() {
    mirai = Simulation.run(BuiltInScenarios.load("mirai").withDevices(300).withDuration(Duration.ofHours(13)),
        journal(), KEYSPACE, new Simulation.Options(256, 100_000), Simulation.Listener.SILENT);
  }

  @AfterAll
  void stop() {
    stopNode();
    System.out.println("forensic index timings (same journal, same Cassandra):\n  " + String.join("\n  ", timings));
  }

  private void startNode(String name) {
    node = EmbeddedCluster.start(name, journal());
    ReadSide.start(node, ProjectionLag.NONE).started().toCompletableFuture().join();
  }

  private void stopNode() {
    if (node != null) {
      node.terminate();
      node.getWhenTerminated().toCompletableFuture().join();
      node = null;
    }
  }

  private static CliRun forensics(String... args) {
    List<String> all = new ArrayList<>(List.of("forensics"));
    all.addAll(List.of(args));
    all.addAll(List.of("--cassandra", contactPoint(), "--keyspace", KEYSPACE));
    return CliRun.of(all.toArray(String[]::new));
  }

  private static CqlSession cql() {
    return CqlSession.builder().addContactPoint(CassandraExtension.contactPoint())
        .withLocalDatacenter(CassandraExtension.LOCAL_DATACENTER).withKeyspace(KEYSPACE).build();
  }

  private Set<String> indexRows() {
    Set<String> rows = new TreeSet<>();
    try (CqlSession cql = cql()) {
      for (Row r : cql.execute(SimpleStatement.newInstance("SELECT key_type, key, day, slice, imsi, seq_nr FROM "
          + "forensic_index").setTimeout(Duration.ofSeconds(60)))) {
        rows.add(String.join("|", r.getString("key_type"), r.getString("key"), Long.toString(r.getLong("day")),
            Integer.toString(r.getInt("slice")), r.getString("imsi"), Long.toString(r.getLong("seq_nr"))));
      }
    } catch (RuntimeException tableNotThereYet) {
      return Set.of();
    }
    return rows;
  }

  private static <T> T await(Supplier<T> read, T expected, String what) throws InterruptedException {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    T seen = read.get();
    while (!seen.equals(expected) && System.nanoTime() < deadline) {
      Thread.sleep(500);
      seen = read.get();
    }
    return seen;
  }

  @Test
  @Order(1)
  void theIndexHoldsEveryRowOfTheJournalThroughAStopMidStreamAndAReplay() throws Exception {
    startNode("index-first");
    List<Recorded> all = new ForensicsJournal(node, 16).sims()
        .flatMapMerge(16, imsi -> new ForensicsJournal(node, 1).events(imsi))
        .runWith(Sink.seq(), node).toCompletableFuture().join();
    expectedRows = new TreeSet<>();
    for (Recorded r : all) {
      for (ForensicIndexKeys.Key k : ForensicIndexKeys.of(r.event())) {
        expectedRows.add(String.join("|", k.type(), k.value(), Long.toString(ForensicIndexKeys.day(r.event().at())),
            Integer.toString(SimTags.sliceOf(r.imsi())), r.imsi(), Long.toString(r.seqNr())));
      }
    }
    // Stop while the projections are still writing: some rows, not all.
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (indexRows().size() < expectedRows.size() / 4 && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
    stopNode();
    int atStop = indexRows().size();
    startNode("index-second");
    assertEquals(expectedRows, await(this::indexRows, expectedRows, "index rows"), "after the stop at " + atStop
        + " of " + expectedRows.size() + " rows");
    stopNode();
    // As if every handler had crashed before saving any offset: every event comes again, the same rows result.
    try (CqlSession cql = cql()) {
      cql.execute(SimpleStatement.newInstance("TRUNCATE projection_offset_store").setTimeout(Duration.ofSeconds(60)));
    }
    startNode("index-replay");
    Thread.sleep(5_000);
    assertEquals(expectedRows, await(this::indexRows, expectedRows, "index rows"), "after a replay of everything");
    System.out.printf("forensic index: %d rows for %d events, stopped once at %d rows, replayed once%n",
        expectedRows.size(), all.size(), atStop);
  }

  /** stdout of a search, its lines sorted (a scan streams SIMs in no particular order), and its stderr. */
  private List<String> search(String... args) {
    CliRun r = forensics(args);
    assertEquals(0, r.exitCode(), r.err());
    timings.add(String.join(" ", args) + ": " + r.err().strip().replace('\n', ' '));
    return r.out().lines().sorted().toList();
  }

  private void sameFromIndexAndScan(String... args) {
    List<String> indexed = search(args);
    List<String> withFullScan = new ArrayList<>(List.of(args));
    withFullScan.add("--full-scan");
    List<String> scanned = search(withFullScan.toArray(String[]::new));
    assertTrue(timings.get(timings.size() - 2).contains("read the forensic index"), timings.get(timings.size() - 2));
    assertFalse(timings.get(timings.size() - 1).contains("forensic index"), timings.get(timings.size() - 1));
    assertTrue(scanned.size() > 1, "the search finds something: " + scanned);
    assertEquals(scanned, indexed, String.join(" ", args));
  }

  @Test
  @Order(2)
  void searchFromTheIndexAnswersWhatTheFullScanAnswers() {
    Label bot = mirai.labels().stream().filter(l -> l.kind() == AttackKind.MIRAI).findFirst().orElseThrow();
    List<Recorded> events = new ForensicsJournal(node, 1).events(bot.imsi()).runWith(Sink.seq(), node)
        .toCompletableFuture().join();
    SimEvent.AttachAccepted attach = events.stream().map(Recorded::event)
        .filter(e -> e instanceof SimEvent.AttachAccepted).map(e -> (SimEvent.AttachAccepted) e).findFirst()
        .orElseThrow();
    String remote = c2();
    Instant from = Instant.ofEpochMilli(bot.start());
    sameFromIndexAndScan("search", "--kind", "port-scan", "--format", "jsonl");
    sameFromIndexAndScan("search", "--kind", "port-scan", "--sims");
    sameFromIndexAndScan("search", "--remote", remote, "--format", "jsonl");
    sameFromIndexAndScan("search", "--remote", ForensicIndexKeys.bucket(IpAddress.of(remote)), "--sims", "--from",
        from.toString());
    sameFromIndexAndScan("search", "--imei", attach.imei().value(), "--format", "jsonl");
    sameFromIndexAndScan("search", "--tac", attach.imei().tac().value(), "--sims");
    sameFromIndexAndScan("search", "--plmn", attach.plmn().value(), "--kind", "AttachAccepted", "--to",
        from.toString(), "--sims");
  }

  @Test
  @Order(3)
  void outbreakFromTheIndexIsTheFullScansOutbreak(@TempDir Path dir) throws Exception {
    // A window from the first bot's first port scan on, for an hour.
    Label bot = mirai.labels().stream().filter(l -> l.kind() == AttackKind.MIRAI).findFirst().orElseThrow();
    Instant from = new ForensicsJournal(node, 1).events(bot.imsi()).runWith(Sink.seq(), node).toCompletableFuture()
        .join().stream().map(Recorded::event).filter(e -> e instanceof SimEvent.AnomalyDetected a
            && a.kind() == AnomalyKind.PORT_SCAN).map(SimEvent::at).findFirst().orElseThrow();
    // port-scan is answered from the index rows alone (with a window too), an address inside a /24 from the events.
    for (String[] indicator : List.of(new String[] {"--kind", "port-scan"}, new String[] {"--endpoint", c2()},
        new String[] {"--kind", "port-scan", "--from", from.toString(), "--to", from.plus(Duration.ofHours(1))
            .toString()})) {
      sameOutbreak(dir, indicator);
    }
  }

  /**
   * Index rows written before {@code at_nanos} existed hold their event's time to the millisecond only: an outbreak
   * of their kind reads those events and answers what the full scan answers.
   */
  @Test
  @Order(5)
  void anOutbreakOverRowsWithoutAtNanosReadsTheirEvents(@TempDir Path dir) throws Exception {
    int cleared = 0;
    try (CqlSession cql = cql()) {
      for (Row r : cql.execute(SimpleStatement.newInstance("SELECT key_type, key, day, slice, imsi, seq_nr FROM "
          + "forensic_index").setTimeout(Duration.ofSeconds(60)))) {
        if (r.getString("key_type").equals(ForensicIndexKeys.KIND) && r.getString("key").equals("portscan")) {
          cql.execute(SimpleStatement.newInstance("DELETE at_nanos FROM forensic_index WHERE key_type = ? AND key = ? "
              + "AND day = ? AND slice = ? AND imsi = ? AND seq_nr = ?", r.getString("key_type"), r.getString("key"),
              r.getLong("day"), r.getInt("slice"), r.getString("imsi"), r.getLong("seq_nr")));
          cleared++;
        }
      }
    }
    assertTrue(cleared > 1, "port-scan rows: " + cleared);
    sameOutbreak(dir, "--kind", "port-scan");
  }

  /** {@code outbreak} with {@code indicator} from the index and with {@code --full-scan}: the same reports. */
  private void sameOutbreak(Path dir, String... indicator) throws Exception {
    List<String> outs = new ArrayList<>();
    List<String> reports = new ArrayList<>();
    for (String mode : List.of("index", "full")) {
      Path out = dir.resolve(mode + indicator[0] + indicator.length);
      List<String> args = new ArrayList<>(List.of("outbreak"));
      args.addAll(List.of(indicator));
      args.addAll(List.of("--out", out.toString()));
      if (mode.equals("full")) {
        args.add("--full-scan");
      }
      CliRun r = forensics(args.toArray(String[]::new));
      assertEquals(0, r.exitCode(), r.err());
      assertEquals(mode.equals("index"), r.err().contains("read the forensic index"), r.err());
      assertEquals(mode.equals("index") && indicator[0].equals("--kind"), r.err().contains("its rows decide"),
          r.err());
      timings.add(String.join(" ", args.subList(0, 3)) + " [" + mode + "]: " + r.err().strip());
      outs.add(r.out().substring(0, r.out().indexOf("reports:")));
      reports.add(Files.readString(out.resolve("outbreak.json")));
    }
    assertTrue(outs.get(0).matches("(?s)outbreak of .*: [1-9][0-9]* SIMs affected.*"), outs.get(0));
    assertEquals(outs.get(1), outs.get(0), "patient-zero candidates of " + indicator[1]);
    assertEquals(reports.get(1), reports.get(0), "outbreak.json of " + indicator[1]);
  }

  /**
   * The forensic figures of the durable benchmark on this journal: each search's and the outbreak's answer from the
   * index is the full scan's, both verifies count every SIM, every figure and limit took time.
   */
  @Test
  @Order(4)
  void forensicTimingsAnswerWhatTheFullScanAnswers() throws Exception {
    ForensicIndex index = new ForensicIndex(node, new ForensicsJournal(node, 16), 16);
    for (String projection : List.of(ForensicIndex.INDEX_PROJECTION, ForensicIndex.CHAIN_PROJECTION)) {
      assertTrue(await(() -> index.progress(projection).toCompletableFuture().join()
          .map(ForensicIndex.Progress::complete).orElse(false), true, projection), projection);
    }
    List<ForensicTimings.Timing> measured = ForensicTimings.timings(new BenchJournal(contactPoint(),
        CassandraExtension.LOCAL_DATACENTER, KEYSPACE), KEYSPACE, System.out);
    ForensicsJournal journal = new ForensicsJournal(node, 16);
    long sims = journal.sims().runWith(Sink.seq(), node).toCompletableFuture().join().size();
    assertEquals(6, measured.size());
    for (ForensicTimings.Timing t : measured) {
      assertTrue(t.seconds() > 0 && t.limitSeconds() > 0 && t.answer() > 0, t.toString());
      if (t.criteria() == null) {
        assertEquals(sims, t.answer(), t.toString());
        continue;
      }
      List<Recorded> scanned = journal.scan(t.criteria()).runWith(Sink.seq(), node).toCompletableFuture().join();
      assertEquals(t.id().equals("forensics.outbreak") ? scanned.stream().map(Recorded::imsi).distinct().count()
          : scanned.size(), t.answer(), t.toString());
      // The outbreak's limit reads the index rows alone: one per port-scan anomaly.
      assertEquals(scanned.size(), t.rawRows(), "the raw read reads the rows the search answers: " + t);
    }
  }

  /** The first remote endpoint of the first bot's traffic after its infection. */
  private String c2() {
    Label bot = mirai.labels().stream().filter(l -> l.kind() == AttackKind.MIRAI).findFirst().orElseThrow();
    return new ForensicsJournal(node, 1).events(bot.imsi()).runWith(Sink.seq(), node).toCompletableFuture().join()
        .stream().map(Recorded::event)
        .filter(e -> e instanceof SimEvent.UsageRecorded u && !u.endpoints().isEmpty()
            && u.at().toEpochMilli() > bot.start())
        .map(e -> ((SimEvent.UsageRecorded) e).endpoints().get(0).remote().toString()).findFirst().orElseThrow();
  }

  private static List<String> findings(CliRun verify) {
    return verify.out().lines().filter(l -> !l.startsWith("verified")).sorted().toList();
  }

  /** {@code verified N SIMs, E events (R rows): verdict}, without what answered. */
  private static String verdict(CliRun verify) {
    String last = verify.out().lines().filter(l -> l.startsWith("verified")).findFirst().orElse("");
    return last.contains(" [") ? last.substring(0, last.lastIndexOf(" [")) : last;
  }

  @Test
  @Order(10)
  void rebuiltChainHeadsNameTheTamperedAndForkedSimsAsVerifyFullDoes() throws Exception {
    CliRun intact = forensics("verify", "--all");
    assertEquals(0, intact.exitCode(), intact.out() + intact.err());
    assertTrue(intact.out().contains("[chain heads as of "), intact.out());
    CliRun intactFull = forensics("verify", "--all", "--full");
    assertEquals(verdict(intactFull), verdict(intact));
    assertTrue(intactFull.out().contains("[full scan of the journal"), intactFull.out());
    timings.add("verify --all [chain heads]: " + intact.out().strip());
    timings.add("verify --all --full: " + intactFull.out().strip());
    stopNode();

    String altered = Identities.imsi(10);
    String dropped = Identities.imsi(11);
    String reordered = Identities.imsi(12);
    String forked = Identities.imsi(20);
    try (CqlSession cql = cql()) {
      Row six = row(cql, altered, 6);
      Row seven = row(cql, altered, 7);
      cql.execute("UPDATE messages SET event = ?, ser_manifest = ?, event_manifest = ? WHERE persistence_id = ? "
              + "AND partition_nr = 0 AND sequence_nr = 6 AND timestamp = ?", seven.getByteBuffer("event"),
          seven.getString("ser_manifest"), seven.getString("event_manifest"), "Sim|" + altered,
          six.getUuid("timestamp"));
      cql.execute("DELETE FROM messages WHERE persistence_id = ? AND partition_nr = 0 AND sequence_nr = 5",
          "Sim|" + dropped);
      Row four = row(cql, reordered, 4);
      Row five = row(cql, reordered, 5);
      swap(cql, reordered, four, five);
      for (long seq = 3; seq <= 5; seq++) {
        Row r = row(cql, forked, seq);
        cql.execute("INSERT INTO messages (persistence_id, partition_nr, sequence_nr, timestamp, timebucket, "
                + "writer_uuid, ser_id, ser_manifest, event_manifest, event) VALUES (?, 0, ?, ?, ?, ?, ?, ?, ?, ?)",
            "Sim|" + forked, seq, Uuids.timeBased(), r.getString("timebucket"),
            "00000000-0000-0000-0000-00000000000f", r.getInt("ser_id"), r.getString("ser_manifest"),
            r.getString("event_manifest"), r.getByteBuffer("event"));
      }
      // The heads checked the intact rows: rebuild them, as after turning the projection on over an old journal.
      for (String table : List.of("chain_heads", "chain_findings", "projection_offset_store")) {
        cql.execute(SimpleStatement.newInstance("TRUNCATE " + table).setTimeout(Duration.ofSeconds(60)));
      }
      cql.execute("DELETE FROM forensic_progress WHERE projection = 'chain-heads'");
    }
    CliRun full = forensics("verify", "--all", "--full");
    assertEquals(ForensicsCommand.TAMPERED, full.exitCode(), full.out() + full.err());
    CliRun absent = forensics("verify", "--all");
    assertTrue(absent.err().contains("notice: no chain heads") || absent.err().contains("notice: the chain heads "
        + "have "), absent.err());
    startNode("index-chains");
    String expected = verdict(full);
    // Until every slice has a head, verify answers from the journal (with a notice): wait for the heads' answer.
    String seen = await(() -> {
      CliRun r = forensics("verify", "--all");
      return r.out().contains("[chain heads as of ") ? verdict(r) : "";
    }, expected, "verdict");
    assertEquals(expected, seen, "the chain heads caught up");
    CliRun heads = forensics("verify", "--all");
    System.out.print("forensics verify --all from rebuilt chain heads:\n" + heads.out());
    assertEquals(ForensicsCommand.TAMPERED, heads.exitCode(), heads.out() + heads.err());
    assertTrue(heads.out().contains("[chain heads as of "), heads.out());
    assertEquals(findings(full), findings(heads));
    Set<String> named = new TreeSet<>();
    findings(heads).forEach(l -> named.add(l.split(" +")[1]));
    assertEquals(new TreeSet<>(List.of(altered, dropped, reordered, forked)), named, heads.out());
    assertTrue(heads.out().contains("FORKED    " + forked + " seq 3-5: two events at one sequence number"),
        heads.out());
    CliRun one = forensics("verify", forked);
    assertEquals(ForensicsCommand.FORKED, one.exitCode(), one.out());
    assertEquals(findings(forensics("verify", forked, "--full")), findings(one));
    assertTrue(one.out().contains("verified 1 SIMs"), one.out());
  }

  private static Row row(CqlSession cql, String imsi, long seqNr) {
    return cql.execute("SELECT * FROM messages WHERE persistence_id = ? AND partition_nr = 0 AND sequence_nr = ?",
        "Sim|" + imsi, seqNr).one();
  }

  /** Swaps the stored events (content and serializer) of two rows, keeping their sequence numbers. */
  private static void swap(CqlSession cql, String imsi, Row a, Row b) {
    String update = "UPDATE messages SET event = ?, ser_id = ?, ser_manifest = ?, event_manifest = ? "
        + "WHERE persistence_id = ? AND partition_nr = 0 AND sequence_nr = ? AND timestamp = ?";
    cql.execute(update, b.getByteBuffer("event"), b.getInt("ser_id"), b.getString("ser_manifest"),
        b.getString("event_manifest"), "Sim|" + imsi, a.getLong("sequence_nr"), a.getUuid("timestamp"));
    cql.execute(update, a.getByteBuffer("event"), a.getInt("ser_id"), a.getString("ser_manifest"),
        a.getString("event_manifest"), "Sim|" + imsi, b.getLong("sequence_nr"), b.getUuid("timestamp"));
  }
}
