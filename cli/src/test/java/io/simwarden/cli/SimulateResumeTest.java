package io.simwarden.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simwarden.persistence.cassandra.CassandraExtension;
import io.simwarden.persistence.cassandra.LocalCassandra;
import io.simwarden.persistence.journal.JournalMode;
import io.simwarden.persistence.journal.OpenJournal;
import io.simwarden.sim.driver.Progress;
import io.simwarden.sim.driver.ResumeException;
import io.simwarden.sim.driver.RunCheckpoint;
import io.simwarden.sim.driver.Simulation;
import io.simwarden.sim.driver.SimulationException;
import io.simwarden.sim.driver.SimulationResult;
import io.simwarden.sim.report.Report;
import io.simwarden.sim.scenario.BuiltInScenarios;
import io.simwarden.sim.scenario.Scenario;
import io.simwarden.sim.score.Scorecard;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
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
 * A simulation on the real Cassandra journal that is interrupted and resumed, or whose Cassandra restarts while it
 * runs, ends with the same ground truth, journal digest, detections and scores as an undisturbed run of the same
 * scenario and seed.
 */
@ExtendWith(CassandraExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SimulateResumeTest {

  /** Long enough for the first attacks (from 9 h) and their detections, small enough to take seconds. */
  private static final Scenario SCENARIO = BuiltInScenarios.load("quickstart").withDevices(80)
      .withDuration(Duration.ofHours(14));

  @TempDir
  static Path out;

  private SimulationResult reference;

  /**
   * A node of this class's own for the tests that stop it (the shared node must stay up for the other test classes),
   * each in a keyspace of its own: one node for both, since starting one costs more than either test's run.
   */
  private LocalCassandra own;

  @BeforeAll
  void undisturbed() {
    reference = run(SCENARIO, "rs_reference", CassandraExtension.cqlPort(), false, 0, new Notes());
  }

  @AfterAll
  void stopOwnNode() {
    if (own != null) {
      own.stop();
    }
  }

  /** The class's own node, started by the first test that asks and started again if a test left it stopped. */
  private LocalCassandra ownNode() {
    if (own == null) {
      own = CassandraExtension.privateNode("simulate-own");
    }
    own.start();
    return own;
  }

  @Test
  @Order(0)
  void resumeAndOutageLimitMisuseIsExplainedWithExitStatus2() {
    CliRun memory = CliRun.of("simulate", "--scenario", "quickstart", "--journal", "memory", "--resume", "--out",
        out.toString());
    assertEquals(2, memory.exitCode(), memory.err());
    assertTrue(memory.err().contains("--resume needs the Cassandra journal"), memory.err());
    CliRun noKeyspace = CliRun.of("simulate", "--scenario", "quickstart", "--resume", "--out", out.toString());
    assertEquals(2, noKeyspace.exitCode(), noKeyspace.err());
    assertTrue(noKeyspace.err().contains("--resume needs --keyspace KS"), noKeyspace.err());
    CliRun cluster = CliRun.of("simulate", "--scenario", "quickstart", "--cluster", "127.0.0.1:2551", "--resume");
    assertEquals(2, cluster.exitCode(), cluster.err());
    assertTrue(cluster.err().contains("with --cluster the SIMs live on the nodes"), cluster.err());
    CliRun nobody = CliRun.of("simulate", "--scenario", "quickstart", "--cassandra", "127.0.0.1:1", "--out",
        out.toString());
    assertEquals(1, nobody.exitCode(), nobody.err());
    assertTrue(nobody.err().contains("no Cassandra answers at 127.0.0.1:1"), nobody.err());
    for (String bad : List.of("soon", "0s")) {
      CliRun limit = CliRun.of("simulate", "--scenario", "quickstart", "--journal", "memory",
          "--journal-outage-limit", bad);
      assertEquals(2, limit.exitCode(), limit.err());
      assertTrue(limit.err().contains("--journal-outage-limit must be"), limit.err());
      assertTrue(!limit.err().contains("\tat "), "no stack trace: " + limit.err());
    }
  }

  @Test
  @Order(1)
  void aRunInterruptedTwiceThenResumedEqualsTheUndisturbedRun() {
    String keyspace = "rs_interrupted";
    long total = reference.commandsSent();
    // In its first hour (still provisioning): only the phase-0 checkpoint exists.
    assertThrows(SimulationException.class,
        () -> run(SCENARIO, keyspace, CassandraExtension.cqlPort(), false, total / 40, new Notes()));
    // Resumed, then interrupted again in the middle of a later hour.
    Notes first = new Notes();
    SimulationException again = assertThrows(SimulationException.class,
        () -> run(SCENARIO, keyspace, CassandraExtension.cqlPort(), true, total * 3 / 5, first));
    assertTrue(again.getMessage().contains("stopped after"), again.getMessage());
    assertTrue(first.contains("taken back to the checkpoint"), "the interrupted hour was rewound: " + first);

    // Misuse while it is interrupted: other flags than it was started with; no such run.
    CliRun seed = cli("--resume", "--keyspace", keyspace, "--seed", "99");
    assertEquals(2, seed.exitCode(), seed.err());
    assertTrue(seed.err().contains("was not started with --seed 99"), seed.err());
    CliRun unknown = cli("--resume", "--keyspace", "rs_never_run");
    assertEquals(2, unknown.exitCode(), unknown.err());
    assertTrue(unknown.err().contains("no interrupted run on keyspace rs_never_run"), unknown.err());

    Notes last = new Notes();
    SimulationResult resumed = run(SCENARIO, keyspace, CassandraExtension.cqlPort(), true, 0, last);
    assertTrue(last.contains("resuming the run on keyspace " + keyspace), last.toString());
    assertSameOutcome(reference, resumed);

    CliRun finished = cli("--resume", "--keyspace", keyspace);
    assertEquals(2, finished.exitCode(), finished.err());
    assertTrue(finished.err().contains("finished; there is nothing to resume"), finished.err());
    assertThrows(ResumeException.class, () -> run(SCENARIO, keyspace, CassandraExtension.cqlPort(), true, 0,
        new Notes()));
  }

  @Test
  @Order(2)
  void aRunSurvivesACassandraRestartWithTheSameJournal() throws Exception {
    LocalCassandra node = ownNode();
    int port = node.status() instanceof LocalCassandra.Running r ? r.cqlPort() : -1;
    AtomicReference<Progress> progress = new AtomicReference<>();
    Notes notes = new Notes() {
      @Override
      public void started(Progress p) {
        progress.set(p);
      }
    };
    CompletableFuture<SimulationResult> running = CompletableFuture.supplyAsync(
        () -> run(SCENARIO, "rs_restart", port, false, 0, notes));
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
    while ((progress.get() == null || progress.get().fraction() < 0.3) && !running.isDone()
        && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    double stoppedAt = progress.get() == null ? 0 : progress.get().fraction();
    node.stop();
    Thread.sleep(3_000);
    node.start();
    SimulationResult restarted = running.get(5, TimeUnit.MINUTES);
    System.out.printf("Cassandra stopped at %.0f %% of the run; retries: %d%n", stoppedAt * 100,
        restarted.retries());
    assertTrue(stoppedAt >= 0.3 && stoppedAt < 1, "stopped while the run went: " + stoppedAt);
    assertTrue(restarted.retries() > 0, "the restart was felt: commands were sent again");
    assertSameOutcome(reference, restarted);
  }

  @Test
  @Order(3)
  void aJournalDownPastTheOutageLimitEndsTheRunWithTheCommandThatResumesIt() throws Exception {
    LocalCassandra node = ownNode();
    int port = node.status() instanceof LocalCassandra.Running r ? r.cqlPort() : -1;
    String keyspace = "rs_outage";
    Path checkpoint = RunCheckpoint.file(out, keyspace);
    String[] simulate = {"simulate", "--scenario", "quickstart", "--devices", "80", "--duration", "14h",
        "--cassandra", "127.0.0.1:" + port, "--keyspace", keyspace, "--out", out.toString(), "--no-progress",
        "--journal-outage-limit", "10s"};
    // A cluster of one's own creates no keyspace: the run says so at once, with the command that does.
    CliRun noSchema = CliRun.of(simulate);
    assertEquals(2, noSchema.exitCode(), noSchema.out() + noSchema.err());
    String create = command(noSchema.err(), "./simwarden cassandra schema");
    assertTrue(create.contains("--keyspace " + keyspace + " --replication-factor 1"), create);
    CliRun schema = CliRun.of(words(create));
    assertEquals(0, schema.exitCode(), schema.err());
    CompletableFuture<CliRun> running = CompletableFuture.supplyAsync(() -> CliRun.of(simulate));
    // Past provisioning and a few simulated hours in: the stop hits a run with traffic in flight.
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
    while (nextPhase(checkpoint) < 4 && !running.isDone() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    int stoppedInPhase = nextPhase(checkpoint);
    node.stop();
    long stoppedAt = System.nanoTime();
    CliRun failed = running.get(3, TimeUnit.MINUTES);
    double failedAfter = (System.nanoTime() - stoppedAt) / 1e9;
    System.out.printf("Cassandra stopped before phase %d; the run gave up %.1f s later%n", stoppedInPhase,
        failedAfter);
    assertTrue(stoppedInPhase >= 4, () -> "stopped while the run went (phase " + stoppedInPhase + "): "
        + (running.isDone() ? "exit " + running.join().exitCode() + ": " + running.join().out() + running.join().err()
        : "still running"));
    assertEquals(1, failed.exitCode(), failed.out() + failed.err());
    assertTrue(failed.err().contains("longer than the outage limit of 10 s"), failed.err());
    assertTrue(!failed.err().contains("\tat "), "one-line cause, no stack trace: " + failed.err());
    // It says what to do, and what it says works once Cassandra is back.
    String hint = command(failed.err(), "./simwarden simulate");
    assertTrue(hint.endsWith("--resume --keyspace " + keyspace), hint);
    node.start();
    CliRun resumed = CliRun.of(words(hint));
    assertEquals(0, resumed.exitCode(), resumed.err());
    assertTrue(resumed.out().contains("reports:"), resumed.out());
    assertTrue(RunCheckpoint.load(checkpoint).header().finished(), "the checkpoint says the run finished");
  }

  /** The command starting with {@code start} that an error message tells the user to run. */
  private static String command(String message, String start) {
    int at = message.indexOf(start);
    assertTrue(at >= 0, "no '" + start + "' in: " + message);
    return message.substring(at).lines().findFirst().orElseThrow().strip();
  }

  /** A printed command's words after {@code ./simwarden} (it quotes none of them here). */
  private static String[] words(String command) {
    return command.substring("./simwarden ".length()).split(" ");
  }

  /** The phase a run's last checkpoint continues from (-1: none yet). */
  private static int nextPhase(Path checkpoint) {
    try {
      RunCheckpoint.Loaded saved = java.nio.file.Files.exists(checkpoint) ? RunCheckpoint.load(checkpoint) : null;
      return saved == null ? -1 : saved.header().nextPhase();
    } catch (SimulationException e) {
      return -1; // being written
    }
  }

  private static void assertSameOutcome(SimulationResult expected, SimulationResult actual) {
    assertNotNull(expected.journalDigest());
    assertEquals(expected.labels(), actual.labels(), "ground truth");
    assertEquals(expected.journalDigest(), actual.journalDigest(), "journal digest");
    assertEquals(expected.detections(), actual.detections(), "detections");
    assertEquals(expected.commands(), actual.commands(), "commands by kind");
    assertEquals(expected.commandsSent(), actual.commandsSent(), "commands");
    assertEquals(scores(Report.of(expected).card()), scores(Report.of(actual).card()), "scores");
  }

  /** A scorecard's figures (its records hold arrays, which compare by identity). */
  private static List<Object> scores(Scorecard card) {
    List<Object> figures = new java.util.ArrayList<>();
    for (Scorecard.KindScore k : card.perKind()) {
      figures.add(figures(k));
    }
    figures.add(figures(card.overall()));
    figures.add(card.outcomes());
    figures.add(card.falsePositiveSimDays());
    figures.add(card.falseAlarmSims());
    figures.add(card.confusion());
    figures.add(card.missed());
    return figures;
  }

  private static List<Object> figures(Scorecard.KindScore k) {
    return List.of(String.valueOf(k.kind()), k.labels(), k.detected(), k.falseAlarms(), k.precision(), k.recall(),
        k.f1(), k.latencyP50(), k.latencyP95(), java.util.Arrays.toString(k.latencyHistogram()));
  }

  private CliRun cli(String... flags) {
    List<String> args = new java.util.ArrayList<>(List.of("simulate", "--scenario", "quickstart", "--devices", "80",
        "--duration", "14h", "--cassandra", "127.0.0.1:" + CassandraExtension.cqlPort(), "--out", out.toString(),
        "--no-progress"));
    args.addAll(List.of(flags));
    return CliRun.of(args.toArray(String[]::new));
  }

  private SimulationResult run(Scenario s, String keyspace, int cqlPort, boolean resume, long stopAfter,
      Simulation.Listener listener) {
    OpenJournal journal = OpenJournal.open(JournalMode.CASSANDRA, List.of("127.0.0.1:" + cqlPort),
        CassandraExtension.LOCAL_DATACENTER, null, new PrintWriter(new StringWriter())).inKeyspace(keyspace);
    Simulation.Resumable resumable = new Simulation.Resumable(RunCheckpoint.file(out, keyspace), keyspace, resume);
    return Simulation.run(s, OpenJournal.localConfig().withFallback(journal.config()), keyspace,
        new Simulation.Options(64, 100_000, null, resumable, stopAfter), listener);
  }

  /** The notices of a run. */
  private static class Notes implements Simulation.Listener {
    private final List<String> notes = new CopyOnWriteArrayList<>();

    @Override
    public void started(Progress progress) {}

    @Override
    public void notice(String message) {
      notes.add(message);
    }

    boolean contains(String text) {
      return notes.stream().anyMatch(n -> n.contains(text));
    }

    @Override
    public String toString() {
      return notes.toString();
    }
  }
}
