package io.simwarden.node.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.typesafe.config.ConfigFactory;
import io.simwarden.node.HttpApi;
import io.simwarden.node.SharedNode;
import io.simwarden.persistence.cassandra.CassandraExtension;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** openapi.yaml documents exactly the routes the node serves, with their query parameters. */
@ExtendWith({CassandraExtension.class, SharedNode.class})
class OpenApiTest {

  /** "METHOD path" -> its query parameters, as the OpenAPI file declares them. */
  private static Map<String, TreeSet<String>> documented() throws Exception {
    JsonNode spec;
    try (InputStream in = OpenApiTest.class.getClassLoader().getResourceAsStream("openapi.yaml")) {
      spec = new ObjectMapper(new YAMLFactory()).readTree(in);
    }
    Map<String, TreeSet<String>> operations = new TreeMap<>();
    for (Map.Entry<String, JsonNode> path : spec.path("paths").properties()) {
      for (Map.Entry<String, JsonNode> op : path.getValue().properties()) {
        if (op.getKey().equals("parameters")) {
          continue;
        }
        TreeSet<String> query = new TreeSet<>();
        for (JsonNode p : op.getValue().path("parameters")) {
          JsonNode param = p.has("$ref") ? spec.at(p.path("$ref").asText().substring(1)) : p;
          if (param.path("in").asText().equals("query")) {
            query.add(param.path("name").asText());
          }
        }
        operations.put(op.getKey().toUpperCase() + " " + path.getKey(), query);
      }
    }
    return operations;
  }

  /** The same, from the route table that builds the routes. */
  private static Map<String, TreeSet<String>> served() {
    ApiSettings settings = ApiSettings.fromConfig(ConfigFactory.parseResources("simwarden-node.conf").resolve());
    ApiRoutes routes = new ApiRoutes(new ApiContext(null, settings, null, null, null, null, null, null, null), null, null);
    Map<String, TreeSet<String>> operations = new TreeMap<>();
    for (Endpoints.Endpoint e : routes.endpoints()) {
      operations.put(e.method() + " " + e.path(), new TreeSet<>(e.queryParameters()));
    }
    return operations;
  }

  @Test
  void theOpenApiFileAndTheRoutesAgree() throws Exception {
    assertEquals(served(), documented());
  }

  @Test
  void everyDocumentedOperationIsServedAndAsksForAKey() throws Exception {
    HttpApi api = SharedNode.get().api();
    for (String operation : documented().keySet()) {
      if (operation.equals("GET " + ApiRoutes.OPENAPI)) {
        continue;
      }
      String method = operation.substring(0, operation.indexOf(' '));
      String path = operation.substring(operation.indexOf(' ') + 1).replace("{imsi}", "208010000000001");
      api.send(method, path, Map.of(), method.equals("GET") ? null : new byte[0]).assertProblem(401, "Authorization");
    }
  }

  @Test
  void theNodeServesTheDocumentWithoutAKey() throws Exception {
    HttpApi.Response served = SharedNode.get().api().get(ApiRoutes.OPENAPI, null);
    assertEquals(200, served.status(), served.body());
    assertEquals("application/yaml", served.header("Content-Type"));
    assertEquals(OpenApiDocumentTest.document(), served.body());
    assertEquals(List.of(), OpenApiDocumentTest.parse(served.body()).getMessages());
  }
}
