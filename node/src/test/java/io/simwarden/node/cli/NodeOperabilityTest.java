package io.simwarden.node.cli;

import static io.simwarden.node.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.simwarden.node.HttpApi;
import io.simwarden.node.NodeTestKit;
import io.simwarden.persistence.cassandra.CassandraExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A node as an operator runs it, in a JVM of its own: its ports from environment variables (the file says others),
 * its log as JSON lines that a log shipper parses, with the cluster's membership at INFO.
 */
@ExtendWith(CassandraExtension.class)
class NodeOperabilityTest {

  private static final Path DIR = Path.of("target", "operability").toAbsolutePath();

  @Test
  void environmentVariablesSetThePortsAndTheLogIsJsonLinesWithMembership() throws Exception {
    NodeTestKit.applySchema();
    NodeTestKit.Ports inFile = NodeTestKit.Ports.free();
    NodeTestKit.Ports fromEnv = NodeTestKit.Ports.free();
    Path file = NodeTestKit.nodeFile(DIR, "env-node", inFile, List.of(fromEnv), "");
    Path stderr = DIR.resolve("env-node.err");
    ProcessBuilder builder = new ProcessBuilder(NodeTestKit.nodeJvm(file, "--log-format", "json"))
        .redirectError(stderr.toFile())
        .redirectOutput(DIR.resolve("env-node.out").toFile());
    builder.environment().put("SIMWARDEN_HTTP_PORT", Integer.toString(fromEnv.http()));
    builder.environment().put("SIMWARDEN_MANAGEMENT_PORT", Integer.toString(fromEnv.management()));
    builder.environment().put("SIMWARDEN_CLUSTER_PORT", Integer.toString(fromEnv.artery()));
    builder.environment().remove("SIMWARDEN_LOG_LEVEL");
    Process node = builder.start();
    try {
      HttpApi management = new HttpApi("http://127.0.0.1:" + fromEnv.management());
      eventually(Duration.ofSeconds(180), () -> NodeTestKit.ready(management) ? true : null);
      HttpApi api = new HttpApi("http://127.0.0.1:" + fromEnv.http());
      assertEquals(401, api.get("/api/v1/sims/208010000000001", null).status(),
          "the API listens on the port of SIMWARDEN_HTTP_PORT");

      ObjectMapper json = new ObjectMapper();
      List<JsonNode> lines = new ArrayList<>();
      for (String line : Files.readAllLines(stderr)) {
        if (!line.isBlank()) {
          lines.add(json.readTree(line));
        }
      }
      assertTrue(lines.size() > 3, "the node logs at INFO: " + lines);
      for (JsonNode line : lines) {
        assertTrue(line.has("@timestamp") && line.has("level") && line.has("message"), line.toString());
      }
      assertTrue(lines.stream().anyMatch(l -> l.path("level").asText().equals("INFO")
              && l.path("message").asText().contains("Leader is moving node")
              && l.path("message").asText().contains("to [Up]")),
          "cluster membership is logged at INFO: " + lines);
    } finally {
      node.destroy();
      if (!node.waitFor(30, TimeUnit.SECONDS)) {
        node.destroyForcibly();
      }
    }
  }
}
