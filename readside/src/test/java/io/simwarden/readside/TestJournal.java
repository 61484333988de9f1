package io.simwarden.readside;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.simwarden.persistence.cassandra.CassandraExtension;
import io.simwarden.persistence.journal.CassandraContactPoints;
import io.simwarden.persistence.journal.CqlSchema;
import io.simwarden.persistence.journal.JournalMode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** The configuration of the read side's tests: the test Cassandra, a keyspace of the test's own, short tag delays. */
final class TestJournal {

  private TestJournal() {}

  /**
   * The Cassandra journal, snapshots and projection offsets in {@code keyspace} (snapshots in {@code
   * <keyspace>_snapshot}) on the test Cassandra, tag buckets from an hour ago, then {@code extra} (HOCON lines).
   */
  static Config cassandra(String keyspace, String extra) {
    String firstBucket = DateTimeFormatter.ofPattern("yyyyMMdd'T'HH:mm").withZone(ZoneOffset.UTC)
        .format(Instant.now().minus(Duration.ofHours(1)));
    return ConfigFactory.parseString(extra)
        .withFallback(ConfigFactory.parseString("""
            pekko.persistence.cassandra.journal.keyspace = %s
            pekko.persistence.cassandra.snapshot.keyspace = %s_snapshot
            pekko.projection.cassandra.offset-store.keyspace = %s
            pekko.persistence.cassandra.events-by-tag.first-time-bucket = "%s"
            pekko.persistence.cassandra.events-by-tag.eventual-consistency-delay = 1s
            pekko.persistence.cassandra.events-by-tag.tag-write-timeout = 30s
            simwarden.sim.ask-timeout = 20s
            """.formatted(keyspace, keyspace, keyspace, firstBucket)))
        .withFallback(CassandraContactPoints.config(List.of("127.0.0.1:" + CassandraExtension.cqlPort()),
            CassandraExtension.LOCAL_DATACENTER))
        .withFallback(JournalMode.CASSANDRA.config());
  }

  /**
   * The production schema in {@code keyspace} (snapshots in {@code <keyspace>_snapshot}) with {@code retention},
   * as {@code simwarden cassandra schema} applies it, with a patient timeout: auto-creation's 5 s are too short
   * for a schema change on a busy test machine.
   */
  static void applySchema(String keyspace, CqlSchema.Retention retention) {
    try (CqlSession session = session()) {
      for (String cql : CqlSchema.statements(CqlSchema.simpleReplication(1), keyspace, retention)) {
        session.execute(SimpleStatement.newInstance(cql).setTimeout(Duration.ofSeconds(120)));
      }
    }
  }

  /** A plain driver session on the test Cassandra. */
  static CqlSession session() {
    return CqlSession.builder().addContactPoint(CassandraExtension.contactPoint())
        .withLocalDatacenter(CassandraExtension.LOCAL_DATACENTER).build();
  }
}
