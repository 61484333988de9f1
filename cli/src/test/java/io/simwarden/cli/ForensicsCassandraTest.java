package io.simwarden.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import io.simwarden.persistence.cassandra.CassandraExtension;
import io.simwarden.persistence.cli.ForensicsCommand;
import io.simwarden.persistence.journal.JournalMode;
import io.simwarden.persistence.journal.OpenJournal;
import io.simwarden.sim.attack.AttackKind;
import io.simwarden.sim.driver.Simulation;
import io.simwarden.sim.driver.SimulationResult;
import io.simwarden.sim.scenario.BuiltInScenarios;
import io.simwarden.sim.scenario.Scenario;
import io.simwarden.sim.truth.Label;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Forensics on the real Cassandra journal after real simulation runs of two built-in scenarios, scaled
 * down: the Mirai outbreak and the exfiltration scenario (whose slow attacker uploads to a fixed drop
 * server). Every answer is checked against the runs' ground truth. The tampering test goes last: it
 * changes rows of the journal directly in Cassandra.
 */
@ExtendWith(CassandraExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ForensicsCassandraTest {

  private static final String MIRAI = "fx_mirai";
  private static final String EXFILTRATION = "fx_exfil";
  private static final String THEFT = "fx_theft";
  private static final String DROP_SERVER = "185.220.101.33";

  private SimulationResult mirai;
  private SimulationResult exfiltration;
  private SimulationResult theft;

  @BeforeAll
  void simulate() {
    mirai = run(BuiltInScenarios.load("mirai").withDevices(500).withDuration(Duration.ofHours(13)), MIRAI);
    exfiltration = run(BuiltInScenarios.load("exfiltration").withDevices(300), EXFILTRATION);
    // Smart meters answer an IMEI change by suspending the SIM: the network's own suspension.
    theft = run(BuiltInScenarios.load("sim-theft").withDevices(200).withDuration(Duration.ofHours(14)), THEFT);
  }

  private static SimulationResult run(Scenario scenario, String keyspace) {
    OpenJournal journal = OpenJournal.open(JournalMode.CASSANDRA, List.of(contactPoint()),
        CassandraExtension.LOCAL_DATACENTER, null, new PrintWriter(new StringWriter())).inKeyspace(keyspace);
    return Simulation.run(scenario, OpenJournal.localConfig().withFallback(journal.config()), keyspace,
        new Simulation.Options(256, 100_000), Simulation.Listener.SILENT);
  }

  private static String contactPoint() {
    return "127.0.0.1:" + CassandraExtension.cqlPort();
  }

  private static CliRun forensics(String keyspace, String... args) {
    List<String> all = new ArrayList<>(List.of("forensics"));
    all.addAll(List.of(args));
    all.addAll(List.of("--cassandra", contactPoint(), "--keyspace", keyspace));
    return CliRun.of(all.toArray(String[]::new));
  }

  private static List<Label> labels(SimulationResult r, AttackKind kind) {
    return r.labels().stream().filter(l -> l.kind() == kind).sorted(Comparator.comparingLong(Label::start)).toList();
  }

  @Test
  @Order(1)
  void theTimelineOfABotShowsItsInfectionDetected() {
    Label bot = labels(mirai, AttackKind.MIRAI).get(0);
    CliRun r = forensics(MIRAI, "timeline", bot.imsi());
    assertEquals(0, r.exitCode(), r.err());
    String[] lines = r.out().split("\n");
    assertTrue(lines[1].contains(" Provisioned ") && lines[1].contains(" 1  "), lines[1]);
    Matcher scan = Pattern.compile("(?m)^" + bot.imsi() + "\\s+\\d+\\s+(\\S+)\\s+network\\s+AnomalyDetected\\s+"
        + "port-scan").matcher(r.out());
    assertTrue(scan.find(), "port scan detected in\n" + r.out());
    Instant detected = Instant.parse(scan.group(1));
    assertFalse(detected.isBefore(Instant.ofEpochMilli(bot.start())), "detected after the infection");
    CliRun json = forensics(MIRAI, "timeline", bot.imsi(), "--format", "jsonl", "--from", detected.toString());
    assertEquals(0, json.exitCode(), json.err());
    assertTrue(json.out().startsWith("{\"imsi\":\"" + bot.imsi() + "\""), json.out());
    assertFalse(json.out().contains("\"what\":\"Provisioned\""), "--from leaves out what came before");
  }

  @Test
  @Order(2)
  void stateAtBeforeAndAfterASuspensionDiffersThere() {
    CliRun suspensions = forensics(THEFT, "search", "--kind", "Suspended", "--format", "jsonl");
    assertEquals(0, suspensions.exitCode(), suspensions.err());
    Matcher m = Pattern.compile("\"imsi\":\"(\\d+)\",\"seqNr\":\\d+,\"at\":\"([^\"]+)\"").matcher(suspensions.out());
    assertTrue(m.find(), "a SIM was suspended: " + suspensions.out() + suspensions.err());
    String imsi = m.group(1);
    Instant at = Instant.parse(m.group(2));
    assertTrue(labels(theft, AttackKind.SIM_THEFT).stream().anyMatch(l -> l.imsi().equals(imsi)), "a stolen SIM");
    Instant before = at.minusMillis(1);
    CliRun state = forensics(THEFT, "state-at", imsi, before.toString());
    assertEquals(0, state.exitCode(), state.err());
    assertTrue(state.out().matches("(?s).*\\n  status +ACTIVE\\n.*"), state.out());
    CliRun diff = forensics(THEFT, "state-at", imsi, before.toString(), "--diff", at.toString());
    assertEquals(0, diff.exitCode(), diff.err());
    assertTrue(diff.out().matches("(?s).*\\n  status +ACTIVE\\n +-> SUSPENDED\\n.*"), diff.out());
    assertTrue(diff.out().matches("(?s).*\\n  suspendedBy +null\\n +-> network:.*"), diff.out());
    CliRun same = forensics(THEFT, "state-at", imsi, at.toString(), "--diff", at.plusMillis(1).toString());
    assertTrue(same.out().contains(": 0 fields differ"), "nothing happens in the next millisecond: " + same.out());
  }

  @Test
  @Order(3)
  void searchFindsExactlyTheSimsTheGroundTruthSaysTalkedToTheDropServer() {
    Set<String> truth = exfiltration.labels().stream().filter(l -> l.attack().equals("slow-exfiltration"))
        .map(Label::imsi).collect(Collectors.toCollection(TreeSet::new));
    assertEquals(5, truth.size());
    CliRun r = forensics(EXFILTRATION, "search", "--remote", DROP_SERVER, "--sims", "--format", "jsonl");
    assertEquals(0, r.exitCode(), r.err());
    Set<String> found = new TreeSet<>();
    Matcher m = Pattern.compile("\"imsi\":\"(\\d+)\"").matcher(r.out());
    while (m.find()) {
      found.add(m.group(1));
    }
    assertEquals(truth, found, r.out());
    long start = exfiltration.labels().stream().filter(l -> l.attack().equals("slow-exfiltration"))
        .mapToLong(Label::start).min().orElseThrow();
    CliRun before = forensics(EXFILTRATION, "search", "--remote", DROP_SERVER + "/32", "--to",
        Instant.ofEpochMilli(start).toString(), "--sims");
    assertEquals(0, before.exitCode(), before.err());
    assertEquals(1, before.out().split("\n").length, "nobody talked to it before the attack: " + before.out());
  }

  @Test
  @Order(4)
  void theMiraiOutbreakNamesTheSimsTheGroundTruthInfectedFirst(@TempDir Path dir) throws Exception {
    List<Label> bots = labels(mirai, AttackKind.MIRAI);
    int initial = ((io.simwarden.sim.scenario.AttackSpec.Mirai) BuiltInScenarios.load("mirai").attacks().get(0))
        .initialBots();
    CliRun r = forensics(MIRAI, "outbreak", "--kind", "port-scan", "--patient-zero", Integer.toString(initial),
        "--out", dir.toString());
    assertEquals(0, r.exitCode(), r.err());
    List<String> named = candidates(r.out());
    Set<String> firstInfected = bots.subList(0, initial).stream().map(Label::imsi).collect(Collectors.toSet());
    assertTrue(named.containsAll(firstInfected), "the first " + initial + " infected " + firstInfected + " in\n"
        + r.out() + "\ntruth: " + bots);
    // A detector sees a SIM once per report interval: SIMs infected in the same interval tie, and the tie at
    // the cut is named too. Nothing else is.
    assertTrue(named.size() <= initial + 1, r.out());
    Set<String> infectedByThen = bots.subList(0, named.size()).stream().map(Label::imsi).collect(Collectors.toSet());
    assertEquals(infectedByThen, Set.copyOf(named), r.out() + "\ntruth: " + bots);
    CliRun two = forensics(MIRAI, "outbreak", "--kind", "port-scan", "--patient-zero", "2", "--out", dir.toString());
    assertEquals(Set.of(bots.get(0).imsi(), bots.get(1).imsi()), Set.copyOf(candidates(two.out())), two.out());

    String html = Files.readString(dir.resolve("outbreak.html"));
    assertTrue(html.contains("<svg") && !html.contains("src=") && !html.contains("href="), "self-contained");
    String json = Files.readString(dir.resolve("outbreak.json"));
    Set<String> affected = new TreeSet<>();
    Matcher m = Pattern.compile("\"imsi\" : \"(\\d+)\"").matcher(json.substring(json.indexOf("\"affected\" :")));
    while (m.find()) {
      affected.add(m.group(1));
    }
    assertEquals(bots.stream().map(Label::imsi).collect(Collectors.toCollection(TreeSet::new)), affected,
        "the affected set is exactly the infected set: " + json);
  }

  private static List<String> candidates(String out) {
    String section = out.substring(out.indexOf("patient-zero candidates:"), out.indexOf("reports:"));
    List<String> named = new ArrayList<>();
    Matcher m = Pattern.compile("(\\d{15})  first").matcher(section);
    while (m.find()) {
      named.add(m.group(1));
    }
    return named;
  }

  @Test
  @Order(5)
  void badArgumentsExitWith2AndNameTheField() {
    CliRun imsi = forensics(MIRAI, "timeline", "12345");
    assertEquals(2, imsi.exitCode());
    assertTrue(imsi.err().contains("imsi"), imsi.err());
    CliRun instant = forensics(MIRAI, "state-at", labels(mirai, AttackKind.MIRAI).get(0).imsi(), "yesterday");
    assertEquals(2, instant.exitCode());
    assertTrue(instant.err().contains("instant: must be an ISO-8601 instant"), instant.err());
    CliRun cidr = forensics(MIRAI, "search", "--remote", "10.0.0.0/33");
    assertEquals(2, cidr.exitCode());
    assertTrue(cidr.err().contains("error: remote: prefix length 33 is out of range"), cidr.err());
    CliRun keyspace = forensics("fx_nothing_here", "verify", "--all");
    assertEquals(2, keyspace.exitCode());
    assertTrue(keyspace.err().contains("no journal keyspace 'fx_nothing_here'"), keyspace.err());
  }

  @Test
  @Order(10)
  void verifyPassesOnTheIntactJournalAndNamesEveryTamperedEvent() {
    CliRun intact = forensics(EXFILTRATION, "verify", "--all");
    assertEquals(0, intact.exitCode(), intact.out() + intact.err());
    assertTrue(intact.out().contains("verified 300 SIMs"), intact.out());
    assertTrue(intact.out().contains("every chain intact"), intact.out());

    String altered = io.simwarden.sim.archetype.Identities.imsi(10);
    String dropped = io.simwarden.sim.archetype.Identities.imsi(11);
    String reordered = io.simwarden.sim.archetype.Identities.imsi(12);
    try (CqlSession cql = CqlSession.builder().addContactPoint(CassandraExtension.contactPoint())
        .withLocalDatacenter(CassandraExtension.LOCAL_DATACENTER).withKeyspace(EXFILTRATION).build()) {
      // Altered: usage window 6 claims 1 kB less uplink than the device sent (content changed, chain kept).
      Row six = row(cql, altered, 6);
      cql.execute("UPDATE messages SET event = ? WHERE persistence_id = ? AND partition_nr = 0 AND sequence_nr = 6 "
          + "AND timestamp = ?", lessUplink(six), "Sim|" + altered, six.getUuid("timestamp"));
      cql.execute("DELETE FROM messages WHERE persistence_id = ? AND partition_nr = 0 AND sequence_nr = 5",
          "Sim|" + dropped);
      Row four = row(cql, reordered, 4);
      Row five = row(cql, reordered, 5);
      swap(cql, reordered, four, five);
    }
    CliRun tampered = forensics(EXFILTRATION, "verify", "--all");
    assertEquals(3, tampered.exitCode(), tampered.out() + tampered.err());
    List<String> findings = tampered.out().lines().filter(l -> !l.startsWith("verified")).sorted().toList();
    assertEquals(4, findings.size(), tampered.out());
    assertTrue(tampered.out().contains("ALTERED   " + altered + " seq 6: UsageRecorded: content or chain value "
        + "changed"), tampered.out());
    assertTrue(tampered.out().contains("DROPPED   " + dropped + " seq 5: no event stored"), tampered.out());
    assertTrue(tampered.out().contains("REORDERED " + reordered + " seq 4: "), tampered.out());
    assertTrue(tampered.out().contains("REORDERED " + reordered + " seq 5: "), tampered.out());
    assertTrue(tampered.out().contains("verified 300 SIMs"), tampered.out());
    CliRun one = forensics(EXFILTRATION, "verify", dropped);
    assertEquals(3, one.exitCode());
    assertTrue(one.out().contains("verified 1 SIMs"), one.out());
  }

  @Test
  @Order(11)
  void verifyNamesAForkedHistoryByImsiSequenceNumbersAndWriters() {
    CliRun intact = forensics(THEFT, "verify", "--all");
    assertEquals(0, intact.exitCode(), intact.out() + intact.err());
    assertTrue(intact.out().contains("every chain intact, one writer at a time"), intact.out());

    String forked = io.simwarden.sim.archetype.Identities.imsi(20);
    String otherWriter = java.util.UUID.randomUUID().toString();
    String firstWriter;
    try (CqlSession cql = CqlSession.builder().addContactPoint(CassandraExtension.contactPoint())
        .withLocalDatacenter(CassandraExtension.LOCAL_DATACENTER).withKeyspace(THEFT).build()) {
      firstWriter = row(cql, forked, 3).getString("writer_uuid");
      // A second actor system stores its own events 3-5 of the same SIM, as a second cluster on the journal does.
      for (long seq = 3; seq <= 5; seq++) {
        Row r = row(cql, forked, seq);
        cql.execute("INSERT INTO messages (persistence_id, partition_nr, sequence_nr, timestamp, timebucket, "
            + "writer_uuid, ser_id, ser_manifest, event_manifest, event) VALUES (?, 0, ?, ?, ?, ?, ?, ?, ?, ?)",
            "Sim|" + forked, seq, com.datastax.oss.driver.api.core.uuid.Uuids.timeBased(), r.getString("timebucket"),
            otherWriter, r.getInt("ser_id"), r.getString("ser_manifest"), r.getString("event_manifest"),
            r.getByteBuffer("event"));
      }
    }
    CliRun verify = forensics(THEFT, "verify", "--all");
    System.out.print("forensics verify --all on a forked journal:\n" + verify.out());
    assertEquals(ForensicsCommand.FORKED, verify.exitCode(), verify.out() + verify.err());
    List<String> findings = verify.out().lines().filter(l -> !l.startsWith("verified")).toList();
    assertEquals(1, findings.size(), verify.out());
    String writers = java.util.stream.Stream.of(firstWriter, otherWriter).sorted()
        .collect(Collectors.joining(", "));
    assertEquals("FORKED    " + forked + " seq 3-5: two events at one sequence number; writers " + writers,
        findings.get(0));
    assertTrue(verify.out().contains("(" + (Long.parseLong(verify.out().replaceAll("(?s).*verified 200 SIMs, "
        + "([0-9]+) events.*", "$1")) + 3) + " rows): 1 SIM with a forked history"), verify.out());
    CliRun one = forensics(THEFT, "verify", forked);
    assertEquals(ForensicsCommand.FORKED, one.exitCode(), one.out() + one.err());
    assertTrue(one.out().contains("FORKED    " + forked + " seq 3-5"), one.out());
    // The events-by-persistence-id query passes both rows on: the timeline shows the fork too, without writers.
    CliRun timeline = forensics(THEFT, "timeline", forked);
    assertEquals(0, timeline.exitCode(), timeline.err());
    assertEquals(2, timeline.out().lines().filter(l -> l.matches(forked + " +3 .*")).count(), timeline.out());
  }

  private static Row row(CqlSession cql, String imsi, long seqNr) {
    return cql.execute("SELECT * FROM messages WHERE persistence_id = ? AND partition_nr = 0 AND sequence_nr = ?",
        "Sim|" + imsi, seqNr).one();
  }

  /** The stored CBOR of a usage window with 1,000 bytes less uplink. */
  private static java.nio.ByteBuffer lessUplink(Row row) {
    assertTrue(row.getString("ser_manifest").endsWith("UsageRecorded"), row.getString("ser_manifest"));
    try {
      java.nio.ByteBuffer buffer = row.getByteBuffer("event");
      byte[] bytes = new byte[buffer.remaining()];
      buffer.get(bytes);
      CBORMapper cbor = new CBORMapper();
      ObjectNode event = (ObjectNode) cbor.readTree(bytes);
      event.put("uplinkBytes", event.get("uplinkBytes").asLong() + 1_000);
      return java.nio.ByteBuffer.wrap(cbor.writeValueAsBytes(event));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
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
