package io.simwarden.node.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * openapi.yaml is a valid OpenAPI 3 document as a standard parser reads it: no parse messages, every
 * {@code $ref} resolves, every operation has responses, and no description was cut short by YAML syntax.
 * Pure: no node, no Cassandra.
 */
class OpenApiDocumentTest {

  static String document() throws IOException {
    try (InputStream in = OpenApiDocumentTest.class.getClassLoader().getResourceAsStream("openapi.yaml")) {
      assertNotNull(in, "openapi.yaml on the class path");
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** The parser's verdict on {@code yaml}: its messages, empty when the document is valid. */
  static SwaggerParseResult parse(String yaml) {
    ParseOptions options = new ParseOptions();
    options.setResolve(true);
    options.setValidateInternalRefs(true);
    return new OpenAPIV3Parser().readContents(yaml, null, options);
  }

  @Test
  void theDocumentParsesWithoutAMessage() throws IOException {
    SwaggerParseResult result = parse(document());
    assertEquals(List.of(), result.getMessages());
    OpenAPI api = result.getOpenAPI();
    assertNotNull(api);
    assertTrue(api.getInfo().getLicense() != null && api.getInfo().getLicense().getName() != null,
        "info.license names the licence");
    assertFalse(api.getServers().isEmpty(), "servers");
  }

  @Test
  void everyParameterIsDeclaredWhollyAndEveryOperationAnswers() throws IOException {
    OpenAPI api = parse(document()).getOpenAPI();
    List<String> problems = new ArrayList<>();
    for (Map.Entry<String, PathItem> path : api.getPaths().entrySet()) {
      for (Map.Entry<PathItem.HttpMethod, Operation> op : path.getValue().readOperationsMap().entrySet()) {
        String where = op.getKey() + " " + path.getKey();
        if (op.getValue().getResponses() == null || op.getValue().getResponses().isEmpty()) {
          problems.add(where + ": no responses");
        }
        for (Parameter p : op.getValue().getParameters() == null ? List.<Parameter>of()
            : op.getValue().getParameters()) {
          if (p.get$ref() == null && (p.getName() == null || p.getIn() == null || p.getSchema() == null)) {
            problems.add(where + ": parameter without name, in or schema: " + p);
          }
          if (p.getExtensions() != null && !p.getExtensions().isEmpty()) {
            problems.add(where + ": parameter " + p.getName() + " has stray keys " + p.getExtensions().keySet());
          }
        }
      }
    }
    assertEquals(List.of(), problems);
  }

  /**
   * The defect this guards against: an unquoted comma inside a YAML flow mapping ({@code {name: kind,
   * description: a, b}}) cuts the description and makes a bogus key, which the parser reports.
   */
  @Test
  void aCommaInAFlowMappingDescriptionIsReported() throws IOException {
    String quoted = "description: \"an anomaly kind (port-scan, ...) or event type; this or remote\"";
    String broken = document().replace(quoted, quoted.replace("\"", ""));
    assertTrue(!broken.equals(document()), "the test edits the document");
    assertFalse(parse(broken).getMessages().isEmpty(), "the parser reports the cut description");
  }
}
