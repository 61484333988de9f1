package io.simwarden.loadtest.harness;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.typesafe.config.Config;
import io.simwarden.persistence.journal.CassandraContactPoints;
import io.simwarden.persistence.journal.JournalMode;
import io.simwarden.persistence.journal.OpenJournal;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

/**
 * The Cassandra the benchmarks use, in a keyspace of their own ({@code <keyspace>}, {@code <keyspace>_snapshot}
 * and {@code <keyspace>_raw} for the driver-only limits), created on first use and dropped by {@link #drop()}.
 * Passed to forked benchmark JVMs as three arguments.
 */
public record BenchJournal(String contactPoint, String datacenter, String keyspace) {

  /** The journal configuration for an actor system: auto-creation on, since the keyspace is the bench's own. */
  public Config config() {
    OpenJournal journal = OpenJournal.open(JournalMode.CASSANDRA, List.of(contactPoint), datacenter, null,
        new PrintWriter(new StringWriter()));
    return OpenJournal.localConfig().withFallback(journal.inKeyspace(keyspace).config());
  }

  /** The contact point of an open journal's configuration (the first one). */
  public static String contactPointOf(Config journalConfig) {
    return CassandraContactPoints.parse(
        journalConfig.getStringList("datastax-java-driver.basic.contact-points")).get(0);
  }

  /**
   * A plain driver session, for the limits measured without Pekko. Its requests time out after the journal's
   * request timeout, not the driver's default of 2 s, so that both sides of a figure give up at the same point.
   */
  public CqlSession session() {
    int colon = contactPoint.lastIndexOf(':');
    Duration timeout = config().getDuration("datastax-java-driver.basic.request.timeout");
    return CqlSession.builder()
        .addContactPoint(new InetSocketAddress(contactPoint.substring(0, colon),
            Integer.parseInt(contactPoint.substring(colon + 1))))
        .withLocalDatacenter(datacenter)
        .withConfigLoader(DriverConfigLoader.programmaticBuilder()
            .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, timeout).build())
        .build();
  }

  /** Keyspace of the driver-only limits. */
  public String rawKeyspace() {
    return keyspace + "_raw";
  }

  /** Drops every keyspace the benchmarks created. */
  public void drop() {
    try (CqlSession session = session()) {
      for (String ks : List.of(keyspace, keyspace + "_snapshot", rawKeyspace())) {
        session.execute(com.datastax.oss.driver.api.core.cql.SimpleStatement
            .newInstance("DROP KEYSPACE IF EXISTS " + ks).setTimeout(Duration.ofSeconds(60)));
      }
    }
  }

  List<String> toArgs() {
    return List.of(contactPoint, datacenter, keyspace);
  }

  static BenchJournal fromArgs(String[] args, int from) {
    return new BenchJournal(args[from], args[from + 1], args[from + 2]);
  }
}
