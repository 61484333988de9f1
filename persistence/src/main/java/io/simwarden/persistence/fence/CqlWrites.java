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
    if (request instanceof BatchStatement) {
      return Optional.of("a batch of " + ((BatchStatement) request).size() + " statements");
    }
    String cql;
    if (request instanceof BoundStatement bound) {
      cql = bound.getPreparedStatement().getQuery();
    } else if (request instanceof SimpleStatement simple) {
      cql = simple.getQuery();
    } else {
      return Optional.empty();
    }
    return writes(cql) ? Optional.of(cql.strip()) : Optional.empty();
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
