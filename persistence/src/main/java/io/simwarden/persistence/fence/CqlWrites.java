package io.simwarden.persistence.fence;

import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.session.Request;
import java.util.Locale;
import java.util.Optional;

/** Which driver requests change data: the ones a {@link WriteFence} holds back. Reads and schema changes pass. */
final class CqlWrites {
  private CqlWrites() {}

  /** The CQL text of {@code request} when it writes data; empty when it reads, prepares or changes the schema. */
  static Optional<String> written(Request request) {
    if (request instanceof BatchStatement batch) {
      String first = batch.size() == 0 ? "" : ", the first: " + cql(batch.iterator().next()).orElse("?");
      return Optional.of("a batch of " + batch.size() + " statement" + (batch.size() == 1 ? "" : "s") + first);
    }
    return cql(request).filter(CqlWrites::writes).map(String::strip);
  }

  private static Optional<String> cql(Request request) {
    if (request instanceof BoundStatement bound) {
      return Optional.of(bound.getPreparedStatement().getQuery());
    }
    if (request instanceof SimpleStatement simple) {
      return Optional.of(simple.getQuery());
    }
    return Optional.empty();
  }

  /** Whether a CQL statement changes data: INSERT, UPDATE, DELETE, TRUNCATE or a BEGIN ... BATCH. */
  static boolean writes(String cql) {
    String s = cql.stripLeading();
    int end = 0;
    while (end < s.length() && Character.isLetter(s.charAt(end))) {
      end++;
    }
    return switch (s.substring(0, end).toUpperCase(Locale.ROOT)) {
      case "INSERT", "UPDATE", "DELETE", "TRUNCATE", "BEGIN" -> true;
      default -> false;
    };
  }
}
