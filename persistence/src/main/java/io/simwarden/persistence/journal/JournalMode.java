package io.simwarden.persistence.journal;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.simwarden.core.ValidationException;
import java.util.Locale;

/** Where SIM events go: the durable Cassandra journal (the default) or memory (tests, quick runs). */
public enum JournalMode {
  CASSANDRA("simwarden-journal-cassandra.conf"),
  MEMORY("simwarden-journal-memory.conf");

  private final String resource;

  JournalMode(String resource) {
    this.resource = resource;
  }

  /** The configuration that selects this journal, to lay over the application's configuration. */
  public Config config() {
    Config c = ConfigFactory.parseResources(JournalMode.class.getClassLoader(), resource);
    if (c.isEmpty()) {
      throw new IllegalStateException("journal configuration " + resource + " is missing from the classpath");
    }
    return c;
  }

  /** Parses a {@code --journal} value. */
  public static JournalMode parse(String value) {
    if (value != null) {
      for (JournalMode m : values()) {
        if (m.name().equalsIgnoreCase(value.trim())) {
          return m;
        }
      }
    }
    throw new ValidationException("journal", "must be cassandra or memory, got " + ValidationException.quote(value));
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
