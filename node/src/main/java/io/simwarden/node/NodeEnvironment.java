package io.simwarden.node;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Configuration from environment variables, over the node's file: a few short names for what differs from node to
 * node, and, for every other key, the Typesafe Config convention {@code CONFIG_FORCE_<path>} (a single underscore
 * for a dot, two for a dash, three for an underscore: {@code CONFIG_FORCE_simwarden_http_max__body=1m}).
 */
public final class NodeEnvironment {

  /** The short names, each with the configuration key it sets. */
  public static final Map<String, String> SHORT_NAMES = shortNames();

  private NodeEnvironment() {}

  private static Map<String, String> shortNames() {
    Map<String, String> names = new LinkedHashMap<>();
    names.put("SIMWARDEN_HTTP_PORT", "simwarden.http.port");
    names.put("SIMWARDEN_HTTP_INTERFACE", "simwarden.http.interface");
    names.put("SIMWARDEN_CLUSTER_HOST", "pekko.remote.artery.canonical.hostname");
    names.put("SIMWARDEN_CLUSTER_PORT", "pekko.remote.artery.canonical.port");
    names.put("SIMWARDEN_MANAGEMENT_HOST", "pekko.management.http.hostname");
    names.put("SIMWARDEN_MANAGEMENT_PORT", "pekko.management.http.port");
    return Map.copyOf(names);
  }

  /** The overrides {@code env} holds: short names first, {@code CONFIG_FORCE_} variables over them. */
  public static Config overrides(Map<String, String> env) {
    Map<String, Object> values = new LinkedHashMap<>();
    SHORT_NAMES.forEach((variable, path) -> {
      String value = env.get(variable);
      if (value != null && !value.isBlank()) {
        values.put(path, value.strip());
      }
    });
    return ConfigFactory.systemEnvironmentOverrides()
        .withFallback(ConfigFactory.parseMap(values, "environment variables"));
  }
}
