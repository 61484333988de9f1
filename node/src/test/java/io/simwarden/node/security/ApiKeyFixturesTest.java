package io.simwarden.node.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializers;
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
  private static ActorSystem system;
  private static Serialization serialization;

  @BeforeAll
  static void start() {
    system = ActorSystem.create("fixtures", ConfigFactory.load());
    serialization = SerializationExtension.get(system);
  }

  @AfterAll
  static void stop() {
    system.terminate();
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
      String name = e.getKey();
      InputStream in = ApiKeyFixturesTest.class.getClassLoader().getResourceAsStream(DIR + "/" + name + ".cbor");
      if (in == null && Boolean.getBoolean("simwarden.fixtures.write")) {
        write(name, e.getValue());
        continue;
      }
      if (in == null) {
        throw new AssertionError("no fixture " + DIR + "/" + name + ".cbor; run this test with "
            + "-Dsimwarden.fixtures.write=true to add it");
      }
      byte[] bytes;
      try (in) {
        bytes = in.readAllBytes();
      }
      var serializer = serialization.findSerializerFor(e.getValue());
      Object decoded = serialization.deserialize(bytes, serializer.identifier(),
          Serializers.manifestFor(serializer, e.getValue())).get();
      assertEquals(e.getValue(), decoded, "fixture " + name);
    }
  }

  private static void write(String name, Object value) throws IOException {
    Path dir = Path.of(System.getProperty("basedir", "."), "src", "test", "resources", DIR);
    Files.createDirectories(dir);
    Files.write(dir.resolve(name + ".cbor"), serialization.serialize(value).get());
  }
}
