package io.simwarden.persistence.journal;

import com.typesafe.config.Config;
import io.simwarden.persistence.cassandra.LocalCassandra;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

/**
 * A journal ready for an actor system: its configuration, a description for people, and what to undo
 * afterwards. A local Cassandra that this run started is stopped on {@link #close()}; one that was
 * already running is left as it was.
 */
public final class OpenJournal implements AutoCloseable {
  private final Config config;
  private final String description;
  private final LocalCassandra startedHere;

  private OpenJournal(Config config, String description, LocalCassandra startedHere) {
    this.config = config;
    this.description = description;
    this.startedHere = startedHere;
  }

  /**
   * Prepares the journal: memory needs nothing; Cassandra uses the given contact points, or else the
   * local node in {@code localDataDir}, which is started when not running (schema auto-created there).
   */
  public static OpenJournal open(JournalMode mode, List<String> contactPoints, String datacenter,
      Path localDataDir, PrintWriter progress) {
    if (mode == JournalMode.MEMORY) {
      return new OpenJournal(mode.config(), "memory (in-process, not durable)", null);
    }
    if (contactPoints != null && !contactPoints.isEmpty()) {
      List<String> points = CassandraContactPoints.parse(contactPoints);
      return new OpenJournal(CassandraContactPoints.config(points, datacenter).withFallback(mode.config()),
          "cassandra at " + String.join(",", points), null);
    }
    LocalCassandra.Settings settings = LocalCassandra.Settings.defaults().withDataDir(localDataDir);
    // A node started with 'cassandra start --cql-port ...' is used on the ports it runs with.
    if (new LocalCassandra(settings).status() instanceof LocalCassandra.Running running) {
      settings = settings.withCqlPort(running.cqlPort()).withStoragePort(running.storagePort());
    }
    LocalCassandra local = new LocalCassandra(settings);
    progress.println("journal: local Cassandra in " + localDataDir + " (starting it if needed) …");
    progress.flush();
    LocalCassandra.Started started = local.start();
    progress.println("journal: " + started.describe());
    progress.flush();
    String point = "127.0.0.1:" + started.node().cqlPort();
    Config config = CassandraContactPoints.config(List.of(point), "datacenter1")
        .withFallback(localConfig())
        .withFallback(mode.config());
    return new OpenJournal(config, "cassandra (local node " + point + ", data in " + localDataDir + ")",
        started.reused() ? null : local.stopOnJvmExit());
  }

  /** Auto-creation of keyspaces and tables: for the local node and tests only. */
  public static Config localConfig() {
    return com.typesafe.config.ConfigFactory.parseResources(OpenJournal.class.getClassLoader(),
        "simwarden-cassandra-local.conf");
  }

  /**
   * The same journal in another keyspace ({@code name}, snapshots in {@code name_snapshot});
   * {@code null} keeps the default. Ignored for the memory journal.
   */
  public OpenJournal inKeyspace(String name) {
    if (name == null || !description.startsWith("cassandra")) {
      return this;
    }
    if (!name.matches("[a-z][a-z0-9_]{0,38}")) {
      throw new io.simwarden.core.ValidationException("keyspace", "must be 1-39 lower-case letters, digits or '_' "
          + "starting with a letter; got " + io.simwarden.core.ValidationException.quote(name));
    }
    Config keyspaces = com.typesafe.config.ConfigFactory.parseMap(java.util.Map.of(
        "pekko.persistence.cassandra.journal.keyspace", name,
        "pekko.persistence.cassandra.snapshot.keyspace", name + "_snapshot",
        "pekko.projection.cassandra.offset-store.keyspace", name));
    return new OpenJournal(keyspaces.withFallback(config), description + ", keyspace " + name, startedHere);
  }

  public Config config() {
    return config;
  }

  public String description() {
    return description;
  }

  /** Stops the local Cassandra if this run started it. */
  @Override
  public void close() {
    if (startedHere != null) {
      startedHere.stop();
    }
  }
}
