package io.simwarden.sim.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simwarden.core.ValidationException;
import org.junit.jupiter.api.Test;

class ClusterSeedTest {

  @Test
  void hostAndPortJoinTheSimwardenSystem() {
    ClusterSeed seed = ClusterSeed.parse("127.0.0.1:2551");
    assertEquals("pekko://simwarden@127.0.0.1:2551", seed.address());
    assertEquals(2551, seed.port());
  }

  @Test
  void aFullAddressKeepsItsSystemName() {
    ClusterSeed seed = ClusterSeed.parse(" pekko://fleet-b@node-1.example.net:25520 ");
    assertEquals("fleet-b", seed.systemName());
    assertEquals("node-1.example.net", seed.host());
    assertEquals("pekko://fleet-b@node-1.example.net:25520", seed.address());
    assertEquals("[::1]", ClusterSeed.parse("[::1]:2551").host());
  }

  @Test
  void malformedSeedsSayWhatToWrite() {
    for (String bad : new String[] {"", "localhost", "127.0.0.1:", ":2551", "127.0.0.1:2551/x", "akka://a@h:1",
        "127.0.0.1:123456"}) {
      ValidationException e = assertThrows(ValidationException.class, () -> ClusterSeed.parse(bad), bad);
      assertTrue(e.getMessage().contains("127.0.0.1:2551"), e.getMessage());
    }
    ValidationException port = assertThrows(ValidationException.class, () -> ClusterSeed.parse("127.0.0.1:70000"));
    assertTrue(port.getMessage().contains("port must be 1-65535"), port.getMessage());
  }
}
