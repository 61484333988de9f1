package io.simwarden.persistence.journal;

import io.simwarden.persistence.cassandra.LocalCassandra;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The journal flags every verb that writes or reads SIM events shares (a picocli mixin):
 * {@code --journal cassandra|memory}, {@code --cassandra host:port,…} for an existing cluster, and
 * the data directory of the local Cassandra the project launches otherwise.
 */
public final class JournalOptions {

  @Option(names = "--journal", paramLabel = "cassandra|memory", defaultValue = "cassandra",
      converter = JournalModeConverter.class,
      description = "Where SIM events go: cassandra (durable; default) or memory (fast, lost at exit).")
  JournalMode journal = JournalMode.CASSANDRA;

  @Option(names = "--cassandra", paramLabel = "HOST:PORT", split = ",",
      description = "Contact points of an existing Cassandra cluster (schema applied with 'simwarden "
          + "cassandra schema'). Without it the local node in --cassandra-data-dir is used, started if needed.")
  List<String> contactPoints;

  @Option(names = "--cassandra-dc", paramLabel = "NAME", defaultValue = "datacenter1",
      description = "Local datacenter of the --cassandra cluster (default: ${DEFAULT-VALUE}).")
  String datacenter = "datacenter1";

  @Option(names = "--cassandra-data-dir", paramLabel = "DIR", defaultValue = LocalCassandra.Settings.DEFAULT_DATA_DIR,
      description = "Data directory of the local Cassandra node, used on the ports it runs with (see 'cassandra "
          + "start --cql-port'); started on 9042/7000 when not running (default: ${DEFAULT-VALUE}).")
  Path localDataDir = Path.of(LocalCassandra.Settings.DEFAULT_DATA_DIR);

  @Option(names = "--keyspace", paramLabel = "NAME",
      description = "Cassandra keyspace of the journal (snapshots go to NAME_snapshot; default: simwarden, or for "
          + "simulations on the local node a fresh one per run).")
  String keyspace;

  public JournalMode mode() {
    return journal;
  }

  /** Whether the events go to the project-launched local node (no --cassandra given). */
  public boolean usesLocalNode() {
    return journal == JournalMode.CASSANDRA && (contactPoints == null || contactPoints.isEmpty());
  }

  /** The keyspace given with --keyspace, or {@code null}. */
  public String keyspace() {
    return keyspace;
  }

  /** Opens the journal these flags describe; see {@link OpenJournal#open}. */
  public OpenJournal open(java.io.PrintWriter progress) {
    return open(progress, keyspace);
  }

  /** Opens the journal in {@code keyspaceName} ({@code null}: the default {@code simwarden}). */
  public OpenJournal open(java.io.PrintWriter progress, String keyspaceName) {
    return OpenJournal.open(journal, contactPoints, datacenter, localDataDir, progress)
        .inKeyspace(keyspaceName);
  }

  /**
   * Before writing to an existing cluster (--cassandra): whether the journal's keyspace ({@code keyspaceName},
   * {@code null}: the default) and tables are there. The memory journal and the local node (which creates its
   * schema) are always ready.
   */
  public JournalSchemaCheck.Outcome checkExisting(String keyspaceName) {
    if (journal != JournalMode.CASSANDRA || usesLocalNode()) {
      return new JournalSchemaCheck.Ready();
    }
    return JournalSchemaCheck.check(contactPoints, datacenter,
        keyspaceName != null ? keyspaceName : CqlSchema.DEFAULT_KEYSPACE);
  }

  /** picocli converter with the project's error message. */
  public static final class JournalModeConverter implements picocli.CommandLine.ITypeConverter<JournalMode> {
    @Override
    public JournalMode convert(String value) {
      try {
        return JournalMode.parse(value);
      } catch (IllegalArgumentException e) {
        throw new picocli.CommandLine.TypeConversionException("must be cassandra or memory, got '" + value + "'");
      }
    }
  }
}
