package io.simwarden.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.typesafe.config.Config;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeEnvironmentTest {

  @Test
  void shortNamesSetTheirKeys() {
    Config overrides = NodeEnvironment.overrides(Map.of("SIMWARDEN_HTTP_PORT", "9091",
        "SIMWARDEN_MANAGEMENT_PORT", " 8600 ", "SIMWARDEN_CLUSTER_HOST", "10.0.0.7"));
    assertEquals(9091, overrides.getInt("simwarden.http.port"));
    assertEquals(8600, overrides.getInt("pekko.management.http.port"));
    assertEquals("10.0.0.7", overrides.getString("pekko.remote.artery.canonical.hostname"));
  }

  @Test
  void unsetOrBlankVariablesOverrideNothing() {
    Config overrides = NodeEnvironment.overrides(Map.of("SIMWARDEN_HTTP_PORT", " ", "HOME", "/root"));
    assertFalse(overrides.hasPath("simwarden.http.port"));
  }
}
