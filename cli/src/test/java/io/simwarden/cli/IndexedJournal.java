package io.simwarden.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.simwarden.persistence.cassandra.CassandraExtension;
import io.simwarden.persistence.journal.JournalMode;
import io.simwarden.persistence.journal.OpenJournal;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * The journal of the tests that read the read side's forensic tables: the test Cassandra, {@code keyspace}, every
 * event tagged (so that the forensic index and the chain heads are kept), tag buckets from an hour ago.
 */
final class IndexedJournal {

  private IndexedJournal() {}

  static String contactPoint() {
    return "127.0.0.1:" + CassandraExtension.cqlPort();
  }

  static Config config(String keyspace) {
    OpenJournal journal = OpenJournal.open(JournalMode.CASSANDRA, List.of(contactPoint()),
        CassandraExtension.LOCAL_DATACENTER, null, new PrintWriter(new StringWriter())).inKeyspace(keyspace);
    String firstBucket = DateTimeFormatter.ofPattern("yyyyMMdd'T'HH:mm").withZone(ZoneOffset.UTC)
        .format(Instant.now().minus(Duration.ofHours(1)));
    return ConfigFactory.parseString("""
            simwarden.sim.slice-tags = every-event
            pekko.persistence.cassandra.events-by-tag.first-time-bucket = "%s"
            pekko.persistence.cassandra.events-by-tag.eventual-consistency-delay = 1s
            pekko.persistence.cassandra.events-by-tag.tag-write-timeout = 30s
            pekko.projection.cassandra.offset-store.keyspace = %s
            """.formatted(firstBucket, keyspace))
        .withFallback(OpenJournal.localConfig()).withFallback(journal.config());
  }
}
