package io.simwarden.persistence.journal;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import io.simwarden.core.ValidationException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses {@code --cassandra host:port,host:port} into the driver's contact points. */
public final class CassandraContactPoints {
  private static final Pattern HOST_PORT = Pattern.compile("\\[?([A-Za-z0-9.\\-:]+?)\\]?:(\\d{1,5})");

  private CassandraContactPoints() {}

  /** Validated {@code host:port} strings in the driver's form. */
  public static List<String> parse(List<String> values) {
    if (values == null || values.isEmpty()) {
      throw new ValidationException("cassandra", "give at least one contact point as host:port, e.g. 10.0.0.5:9042");
    }
    List<String> points = new ArrayList<>();
    for (String raw : values) {
      String v = raw == null ? "" : raw.trim();
      Matcher m = HOST_PORT.matcher(v);
      if (!m.matches()) {
        throw new ValidationException("cassandra", "contact point " + ValidationException.quote(raw)
            + " is not host:port (e.g. 10.0.0.5:9042 or [::1]:9042)");
      }
      int port = Integer.parseInt(m.group(2));
      if (port < 1 || port > 65535) {
        throw new ValidationException("cassandra", "port of " + ValidationException.quote(raw) + " must be 1-65535");
      }
      points.add(m.group(1).contains(":") ? "[" + m.group(1) + "]:" + port : m.group(1) + ":" + port);
    }
    return List.copyOf(points);
  }

  /** Config setting the driver's contact points (and, optionally, the local datacenter). */
  public static Config config(List<String> points, String localDatacenter) {
    Config c = ConfigFactory.empty()
        .withValue("datastax-java-driver.basic.contact-points", ConfigValueFactory.fromIterable(points));
    if (localDatacenter != null) {
      c = c.withValue("datastax-java-driver.basic.load-balancing-policy.local-datacenter",
          ConfigValueFactory.fromAnyRef(localDatacenter));
    }
    return c;
  }
}
