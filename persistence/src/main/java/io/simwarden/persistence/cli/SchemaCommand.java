package io.simwarden.persistence.cli;

import io.simwarden.core.ValidationException;
import io.simwarden.persistence.journal.CassandraContactPoints;
import io.simwarden.persistence.journal.CqlSchema;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code cassandra schema}: creates simwarden's keyspaces and tables on a production cluster. */
@Command(name = "schema", mixinStandardHelpOptions = true,
    description = {"Create simwarden's keyspaces and tables (journal, tags, snapshots, read side, signed "
        + "checkpoints) on a Cassandra cluster.",
        "Idempotent (IF NOT EXISTS). Production configurations never auto-create the schema; run this once",
        "per cluster before the first node starts. --print shows the CQL instead of applying it.",
        "Run it again with other --alerts-retention or --forensic-index-retention to change a retention: rows written "
            + "from then on (after the nodes restart their projections) get the new one."})
final class SchemaCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = "--cassandra", paramLabel = "HOST:PORT", split = ",", defaultValue = "127.0.0.1:9042",
      description = "Contact points (default: ${DEFAULT-VALUE}).")
  List<String> contactPoints;

  @Option(names = "--cassandra-dc", paramLabel = "NAME", defaultValue = "datacenter1",
      description = "Local datacenter name of the contact points (default: ${DEFAULT-VALUE}).")
  String datacenter;

  @ArgGroup(exclusive = true)
  Replication replication = new Replication();

  static final class Replication {
    @Option(names = "--replication-factor", paramLabel = "N", defaultValue = "3",
        description = "SimpleStrategy replication factor, one datacenter (default: ${DEFAULT-VALUE}).")
    int factor = 3;

    @Option(names = "--datacenter-replication", paramLabel = "DC:N", split = ",",
        description = "NetworkTopologyStrategy factors per datacenter, e.g. dc1:3,dc2:3.")
    List<String> perDatacenter;
  }

  @Option(names = "--keyspace", paramLabel = "NAME", defaultValue = CqlSchema.DEFAULT_KEYSPACE,
      description = "Keyspace of the journal (snapshots go to NAME_snapshot), as the other verbs' --keyspace selects "
          + "it (default: ${DEFAULT-VALUE}).")
  String keyspace;

  @Option(names = "--alerts-retention", paramLabel = "DURATION", defaultValue = "90d",
      description = "How long alerts_by_org keeps an alert after its event was journaled, e.g. 90d or 36h; 0 keeps "
          + "alerts as long as the journal (default: ${DEFAULT-VALUE}). Applied to the table again on every run.")
  String alertsRetention;

  @Option(names = "--forensic-index-retention", paramLabel = "DURATION", defaultValue = "0",
      description = "How long the forensic index keeps an event after it was journaled; 0 keeps it as long as the "
          + "journal (default: ${DEFAULT-VALUE}). Searches that reach further back say so.")
  String forensicIndexRetention;

  @Option(names = "--checkpoint-keyspace", paramLabel = "NAME", defaultValue = CqlSchema.DEFAULT_CHECKPOINT_KEYSPACE,
      description = "Keyspace of the signed checkpoints, one for every journal keyspace (default: "
          + "${DEFAULT-VALUE}).")
  String checkpointKeyspace;

  @Option(names = "--print", description = "Print the CQL and exit without connecting.")
  boolean print;

  /**
   * Warns when a replication factor exceeds the nodes that can hold the replicas: the journal writes and reads at
   * QUORUM, so such a keyspace refuses every write until the cluster grows (a single local node and the default of
   * 3 is the usual case). The schema is applied all the same: a cluster may be prepared before its nodes join.
   */
  private void warnAboutReplication(Map<String, Integer> nodes) {
    Map<String, Integer> factors = new LinkedHashMap<>();
    if (replication.perDatacenter == null) {
      factors.put("the cluster", replication.factor);
      nodes = Map.of("the cluster", nodes.values().stream().mapToInt(Integer::intValue).sum());
    } else {
      for (String entry : replication.perDatacenter) {
        String[] parts = entry.trim().split(":");
        factors.put(parts[0], Integer.parseInt(parts[1]));
      }
    }
    for (Map.Entry<String, Integer> factor : factors.entrySet()) {
      int have = nodes.getOrDefault(factor.getKey(), 0);
      int quorum = factor.getValue() / 2 + 1;
      if (have < quorum) {
        spec.commandLine().getErr().println("warning: replication factor " + factor.getValue() + " in "
            + factor.getKey() + ", which has " + have + " node" + (have == 1 ? "" : "s") + ": the journal's QUORUM "
            + "writes need " + quorum + " replicas and fail until it has them; for a single local node apply the "
            + "schema again with --replication-factor 1 on a new keyspace (a keyspace's replication is set when it "
            + "is created)");
      }
    }
  }

  @Override
  public Integer call() {
    String strategy;
    List<String> statements;
    List<InetSocketAddress> points = new ArrayList<>();
    CqlSchema.Retention retention;
    try {
      strategy = replication.perDatacenter != null
          ? CqlSchema.networkTopologyReplication(replication.perDatacenter)
          : CqlSchema.simpleReplication(replication.factor);
      for (String p : CassandraContactPoints.parse(contactPoints)) {
        int colon = p.lastIndexOf(':');
        String host = p.substring(0, colon).replace("[", "").replace("]", "");
        points.add(new InetSocketAddress(host, Integer.parseInt(p.substring(colon + 1))));
      }
      retention = new CqlSchema.Retention(CqlSchema.Retention.parse("alerts-retention", alertsRetention),
          CqlSchema.Retention.parse("forensic-index-retention", forensicIndexRetention));
      statements = CqlSchema.statements(strategy, keyspace, retention, checkpointKeyspace);
    } catch (ValidationException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--" + e.getMessage());
    }
    if (print) {
      statements.forEach(cql -> spec.commandLine().getOut().println(cql + ";\n"));
      return 0;
    }
    try {
      int applied = CqlSchema.apply(points, datacenter, strategy, keyspace, retention, checkpointKeyspace);
      spec.commandLine().getOut().println("applied " + applied + " statements (keyspaces " + keyspace + ", " + keyspace
          + "_snapshot, " + checkpointKeyspace + "; replication " + strategy + "; alerts kept "
          + (retention.alerts().isZero() ? "as long as the journal" : alertsRetention) + ", forensic index kept "
          + (retention.forensicIndex().isZero() ? "as long as the journal" : forensicIndexRetention) + ") to "
          + String.join(",", contactPoints));
      warnAboutReplication(CqlSchema.nodesPerDatacenter(points, datacenter));
      return 0;
    } catch (RuntimeException e) {
      spec.commandLine().getErr().println("could not apply the schema to " + String.join(",", contactPoints) + ": "
          + e.getMessage());
      return 1;
    }
  }
}
