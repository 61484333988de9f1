package io.simwarden.node.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.simwarden.persistence.fixtures.SerializationFixtures;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * API key events are journaled like SIM events, so the same rule holds (docs/events.md): the stored bytes of
 * each event and of the state still decode to the same values. {@code -Dsimwarden.fixtures.write=true} writes
 * a missing fixture, never overwriting one.
 */
class ApiKeyFixturesTest {
  private static final String DIR = "apikey-fixtures";
  private static SerializationFixtures fixtures;

  @BeforeAll
  static void start() {
    fixtures = new SerializationFixtures(DIR);
  }

  @AfterAll
  static void stop() {
    fixtures.close();
  }

  private static Map<String, Object> expected() {
    Instant at = Instant.parse("2026-11-25T08:00:00Z");
    ApiKey.Created created = new ApiKey.Created("abcdefghijkl", Role.OPERATOR, "acme", "ci", "c2FsdHNhbHRzYWx0c2FsdA==",
        "aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g=", 50, "cli", at);
    ApiKey.Revoked revoked = new ApiKey.Revoked("abcdefghijkl", "cli", at.plusSeconds(60));
    Map<String, Object> all = new LinkedHashMap<>();
    all.put("Created", created);
    all.put("Revoked", revoked);
    all.put("State", ApiKey.State.EMPTY.apply(created).apply(revoked));
    return all;
  }

  @Test
  void storedApiKeyEventsStillDecodeToTheSameValues() throws IOException {
    for (Map.Entry<String, Object> e : expected().entrySet()) {
      String file = e.getKey() + ".cbor";
      byte[] bytes = fixtures.read(file);
      if (bytes == null && SerializationFixtures.writeRequested()) {
        fixtures.write(file, e.getValue());
        continue;
      }
      if (bytes == null) {
        throw new AssertionError("no fixture " + DIR + "/" + file + "; run this test with -D"
            + SerializationFixtures.WRITE_PROPERTY + "=true to add it");
      }
      assertEquals(e.getValue(), fixtures.decodeAs(bytes, e.getValue()), "fixture " + e.getKey());
    }
  }
}
