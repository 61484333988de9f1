package io.simwarden.persistence.journal;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.simwarden.persistence.journal.JournalMode;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.persistence.cassandra.KeyspaceAndTableStatements;
import org.apache.pekko.persistence.cassandra.PluginSettings;

/** The CQL that pekko-persistence-cassandra itself would run to auto-create simwarden's schema. */
final class PluginStatements {
  private PluginStatements() {}

  static List<String> all() {
    Config config = JournalMode.CASSANDRA.config().withFallback(ConfigFactory.load());
    ActorSystem system = ActorSystem.create("cql-statements", config);
    try {
      KeyspaceAndTableStatements s = new KeyspaceAndTableStatements(system, "pekko.persistence.cassandra",
          PluginSettings.apply(system));
      List<String> all = new ArrayList<>();
      all.add(s.createJournalKeyspaceStatement());
      all.addAll(s.getCreateJournalTablesStatements());
      all.add(s.createSnapshotKeyspaceStatement());
      all.addAll(s.getCreateSnapshotTablesStatements());
      return all;
    } finally {
      system.terminate();
    }
  }

  public static void main(String[] args) {
    for (String s : all()) {
      System.out.println(s.strip() + ";\n");
    }
  }
}
