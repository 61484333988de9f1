package io.simwarden.persistence.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simwarden.persistence.cassandra.CassandraExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import picocli.CommandLine;

/** `cassandra schema` on the one-node test Cassandra: a replication factor it cannot serve at QUORUM is named. */
@ExtendWith(CassandraExtension.class)
class SchemaReplicationTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int schema(String... args) {
    String[] all = new String[args.length + 3];
    all[0] = "schema";
    all[1] = "--cassandra";
    all[2] = "127.0.0.1:" + CassandraExtension.cqlPort();
    System.arraycopy(args, 0, all, 3, args.length);
    return new CommandLine(new CassandraCommand()).setOut(new PrintWriter(out, true))
        .setErr(new PrintWriter(err, true)).execute(all);
  }

  @Test
  void theDefaultFactorOfThreeOnOneNodeIsAppliedWithAWarningThatSaysWhatToDo() {
    assertEquals(CommandLine.ExitCode.OK, schema("--keyspace", "rf_default", "--checkpoint-keyspace", "rf_default_cp"));
    assertTrue(out.toString().contains("applied"), out.toString());
    String warning = err.toString();
    assertTrue(warning.contains("warning: replication factor 3 in the cluster, which has 1 node"), warning);
    assertTrue(warning.contains("--replication-factor 1"), warning);
  }

  @Test
  void aFactorTheClusterCanServeGivesNoWarning() {
    assertEquals(CommandLine.ExitCode.OK, schema("--replication-factor", "1", "--keyspace", "rf_one",
        "--checkpoint-keyspace", "rf_one_cp"));
    assertFalse(err.toString().contains("warning"), err.toString());
  }

  @Test
  void aDatacenterWithTooFewNodesIsNamed() {
    // Cassandra refuses a datacenter it does not know, so the local one is asked for more than it has.
    assertEquals(CommandLine.ExitCode.OK, schema("--datacenter-replication", CassandraExtension.LOCAL_DATACENTER
        + ":2", "--keyspace", "rf_dcs", "--checkpoint-keyspace", "rf_dcs_cp"));
    String warning = err.toString();
    assertTrue(warning.contains("replication factor 2 in " + CassandraExtension.LOCAL_DATACENTER
        + ", which has 1 node: the journal's QUORUM writes need 2 replicas"), warning);
  }
}
