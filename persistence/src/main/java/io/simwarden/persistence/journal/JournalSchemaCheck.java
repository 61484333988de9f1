package io.simwarden.persistence.journal;

import com.datastax.oss.driver.api.core.AllNodesFailedException;
import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.metadata.schema.KeyspaceMetadata;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Whether an existing Cassandra cluster holds a journal in a keyspace, asked before a run writes to it. On a
 * production cluster simwarden creates no keyspace or table (see {@code simwarden cassandra schema}); without this
 * check a run against a keyspace nobody created would wait on its first write until the journal's timeouts and
 * the run's outage limit pass, then blame an unreachable journal.
 */
public final class JournalSchemaCheck {
  /** The journal's tables a run writes to first; the rest of the schema comes with them. */
  private static final List<String> JOURNAL_TABLES = List.of("messages", "tag_views");
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

  /** What the check found: nothing wrong, a schema to create, or no Cassandra answering. */
  public sealed interface Outcome {}

  /** The journal's keyspace and tables are there. */
  public record Ready() implements Outcome {}

  /** Something to create first; {@code message} says what and with which command. */
  public record Missing(String message) implements Outcome {}

  /** No contact point answered; {@code message} says which were tried. */
  public record Unreachable(String message) implements Outcome {}

  private JournalSchemaCheck() {}

  /** Checks the journal in {@code keyspace} (snapshots in {@code keyspace_snapshot}) on the cluster at {@code points}. */
  public static Outcome check(List<String> points, String datacenter, String keyspace) {
    List<InetSocketAddress> addresses = new ArrayList<>();
    for (String p : CassandraContactPoints.parse(points)) {
      int colon = p.lastIndexOf(':');
      String host = p.substring(0, colon).replace("[", "").replace("]", "");
      addresses.add(new InetSocketAddress(host, Integer.parseInt(p.substring(colon + 1))));
    }
    DriverConfigLoader timeouts = DriverConfigLoader.programmaticBuilder()
        .withDuration(DefaultDriverOption.CONNECTION_INIT_QUERY_TIMEOUT, CONNECT_TIMEOUT)
        .withDuration(DefaultDriverOption.CONTROL_CONNECTION_TIMEOUT, CONNECT_TIMEOUT)
        .build();
    try (CqlSession session = CqlSession.builder().addContactPoints(addresses).withLocalDatacenter(datacenter)
        .withConfigLoader(timeouts).build()) {
      // The schema verb's default replication (3) cannot be written at quorum on a smaller cluster.
      int nodes = session.getMetadata().getNodes().size();
      String schema = "create it with: ./simwarden cassandra schema --cassandra " + String.join(",", points)
          + " --cassandra-dc " + datacenter + " --keyspace " + keyspace
          + (nodes < 3 ? " --replication-factor " + nodes : "");
      Optional<KeyspaceMetadata> journal = session.getMetadata().getKeyspace(CqlIdentifier.fromInternal(keyspace));
      if (journal.isEmpty()) {
        return new Missing("no journal keyspace '" + keyspace + "' on cassandra at " + String.join(",", points)
            + "; " + schema);
      }
      for (String table : JOURNAL_TABLES) {
        if (journal.get().getTable(CqlIdentifier.fromInternal(table)).isEmpty()) {
          return new Missing("keyspace '" + keyspace + "' has no journal table '" + table + "'; " + schema);
        }
      }
      String snapshots = keyspace + "_snapshot";
      if (session.getMetadata().getKeyspace(CqlIdentifier.fromInternal(snapshots))
          .flatMap(k -> k.getTable(CqlIdentifier.fromInternal("snapshots"))).isEmpty()) {
        return new Missing("no snapshot table '" + snapshots + ".snapshots' on cassandra at "
            + String.join(",", points) + "; " + schema);
      }
      return new Ready();
    } catch (AllNodesFailedException e) {
      return new Unreachable("no Cassandra answers at " + String.join(",", points) + " (datacenter " + datacenter
          + "): start it, or give --cassandra HOST:PORT of a node that runs");
    }
  }
}
