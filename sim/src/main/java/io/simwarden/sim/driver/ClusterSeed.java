package io.simwarden.sim.driver;

import io.simwarden.core.ValidationException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The member of a running simwarden cluster a simulator joins through: {@code host:port} of its Artery
 * endpoint (a node's {@code pekko.remote.artery.canonical}), or the full address
 * {@code pekko://simwarden@host:port}.
 */
public record ClusterSeed(String systemName, String host, int port) {

  /** The actor system name of every simwarden node. */
  public static final String DEFAULT_SYSTEM = "simwarden";

  private static final Pattern ADDRESS =
      Pattern.compile("(?:pekko://([A-Za-z0-9][A-Za-z0-9_-]*)@)?(\\[[0-9A-Fa-f:]+]|[A-Za-z0-9.-]+):(\\d{1,5})");

  public ClusterSeed {
    if (port < 1 || port > 65535) {
      throw new ValidationException("cluster", "port must be 1-65535, got " + port);
    }
  }

  public static ClusterSeed parse(String text) {
    Matcher m = ADDRESS.matcher(text == null ? "" : text.trim());
    if (!m.matches()) {
      throw new ValidationException("cluster", "must be the host:port of a node's cluster (Artery) endpoint, e.g. "
          + "127.0.0.1:2551, or pekko://simwarden@127.0.0.1:2551; got '" + text + "'");
    }
    String system = m.group(1) != null ? m.group(1) : DEFAULT_SYSTEM;
    return new ClusterSeed(system, m.group(2), Integer.parseInt(m.group(3)));
  }

  /** The seed node's address as Pekko writes it. */
  public String address() {
    return "pekko://" + systemName + "@" + host + ":" + port;
  }

  @Override
  public String toString() {
    return address();
  }
}
