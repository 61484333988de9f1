package io.simwarden.persistence.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command line only: no Cassandra is started here (LocalCassandraTest covers the launcher). */
class CassandraCommandTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return new CommandLine(new CassandraCommand())
        .setOut(new PrintWriter(out))
        .setErr(new PrintWriter(err))
        .execute(args);
  }

  @Test
  void aMalformedHeapIsAUsageErrorThatShowsTheExpectedForm(@TempDir Path dataDir) {
    int exitCode = run("start", "--data-dir", dataDir.toString(), "--heap", "2gb");

    assertEquals(CommandLine.ExitCode.USAGE, exitCode);
    assertTrue(err.toString().contains("for example 512m or 1g"), err.toString());
  }

  @Test
  void aStartTimeoutIsADurationOrSecondsAndAnythingElseIsAUsageErrorNamingTheFlag(@TempDir Path dataDir) {
    CassandraCommand.StartTimeoutConverter converter = new CassandraCommand.StartTimeoutConverter();
    assertEquals(Duration.ofMinutes(10), converter.convert("10m"));
    assertEquals(Duration.ofSeconds(90), converter.convert("90s"));
    assertEquals(Duration.ofSeconds(120), converter.convert("120"));
    for (String bad : List.of("ten", "0", "0s", "-5s", "10 parsecs", "")) {
      StringWriter e = new StringWriter();
      int exitCode = new CommandLine(new CassandraCommand()).setOut(new PrintWriter(out)).setErr(new PrintWriter(e))
          .execute("start", "--data-dir", dataDir.toString(), "--start-timeout", bad);
      assertEquals(CommandLine.ExitCode.USAGE, exitCode, bad);
      assertTrue(e.toString().contains("--start-timeout") && e.toString().contains("10m"), e.toString());
    }
  }

  @Test
  void equalPortsAreAUsageError(@TempDir Path dataDir) {
    int exitCode = run("start", "--data-dir", dataDir.toString(), "--cql-port", "9999", "--storage-port", "9999");

    assertEquals(CommandLine.ExitCode.USAGE, exitCode);
    assertTrue(err.toString().contains("both 9999"), err.toString());
  }

  @Test
  void statusOfADataDirWithoutANodeExitsWithNotRunning(@TempDir Path dataDir) {
    int exitCode = run("status", "--data-dir", dataDir.toString());

    assertEquals(CassandraCommand.NOT_RUNNING, exitCode);
    assertTrue(out.toString().contains("not running"), out.toString());
  }

  @Test
  void stopWithNothingRunningSucceedsAndSaysSo(@TempDir Path dataDir) {
    int exitCode = run("stop", "--data-dir", dataDir.toString());

    assertEquals(CommandLine.ExitCode.OK, exitCode);
    assertTrue(out.toString().contains("nothing to stop"), out.toString());
  }

  @Test
  void everySubcommandHasHelp() {
    for (String subcommand : new String[] {"start", "stop", "status", "schema"}) {
      assertEquals(CommandLine.ExitCode.OK, run(subcommand, "--help"));
    }
    assertTrue(out.toString().contains("--cql-port"), out.toString());
    assertTrue(out.toString().contains("--keyspace=NAME"), out.toString());
  }

  @Test
  void theSchemaGoesToTheKeyspaceGiven() {
    assertEquals(CommandLine.ExitCode.OK,
        run("schema", "--print", "--replication-factor", "1", "--keyspace", "fleet_b", "--checkpoint-keyspace",
            "fleet_b_checkpoints"));
    String cql = out.toString();
    assertTrue(cql.contains("CREATE TABLE IF NOT EXISTS fleet_b_checkpoints.checkpoint_leaves ("), cql);
    assertTrue(cql.contains("ALTER TABLE fleet_b.chain_heads ADD IF NOT EXISTS events_peaks"), cql);
    assertTrue(cql.contains("CREATE KEYSPACE IF NOT EXISTS fleet_b\n"), cql);
    assertTrue(cql.contains("CREATE TABLE IF NOT EXISTS fleet_b.messages ("), cql);
    assertTrue(cql.contains("CREATE KEYSPACE IF NOT EXISTS fleet_b_snapshot\n"), cql);
    assertTrue(cql.contains("CREATE TABLE IF NOT EXISTS fleet_b_snapshot.snapshots ("), cql);
    assertTrue(!cql.contains("simwarden"), cql);
  }

  @Test
  void theRetentionsGoToTheTablesAndABadOneIsAUsageErrorNamingIt() {
    assertEquals(CommandLine.ExitCode.OK, run("schema", "--print", "--alerts-retention", "30d"));
    String cql = out.toString();
    assertTrue(cql.contains("ALTER TABLE simwarden.alerts_by_org WITH default_time_to_live = 2592000;"), cql);
    assertTrue(cql.contains("ALTER TABLE simwarden.forensic_index WITH default_time_to_live = 0;"), cql);
    assertTrue(cql.contains("'class': 'TimeWindowCompactionStrategy'"), cql);
    assertEquals(CommandLine.ExitCode.USAGE, run("schema", "--print", "--forensic-index-retention", "a year"));
    assertTrue(err.toString().contains("--forensic-index-retention") && err.toString().contains("'a year'"),
        err.toString());
  }

  @Test
  void aBadKeyspaceIsAUsageErrorNamingIt() {
    assertEquals(CommandLine.ExitCode.USAGE, run("schema", "--print", "--keyspace", "Fleet-B"));
    assertTrue(err.toString().contains("--keyspace") && err.toString().contains("'Fleet-B'"), err.toString());
  }
}
