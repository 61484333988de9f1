package io.simwarden.node.api;

import static io.simwarden.node.TestSims.imsi;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.simwarden.node.HttpApi;
import io.simwarden.node.SharedNode;
import io.simwarden.node.TestSims;
import io.simwarden.node.security.Role;
import io.simwarden.persistence.cassandra.CassandraExtension;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Requests generated from openapi.yaml with a fixed seed: every operation, every path and query parameter and
 * every body field (as the document's schemas name them) replaced by hostile values, whole bodies that are
 * wrong (sizes, encodings, nesting, duplicate keys, content types), wrong methods and keys, and malformed HTTP
 * over a raw socket. Every answer must be a 2xx, or a 4xx or 503 with an {@code application/problem+json}
 * body; afterwards the SIMs answer as before and their journals are whole. Prints the count of each status.
 */
@ExtendWith({CassandraExtension.class, SharedNode.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiFuzzTest {
  private static final long SEED = 20_261_207L;
  private static final int AT_LEAST = 10_000;
  private static final int IN_FLIGHT = 8;
  private static final int MIXES = 500;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int TARGET_SIM = 5200;
  private static final int WITNESS_SIM = 5201;

  private HttpApi api;
  private String operator;
  private String auditor;
  private OpenAPI spec;

  /** One generated request; {@code body} null sends none. */
  record Fuzz(String what, String method, String path, String key, String contentType, byte[] body) {}

  @BeforeAll
  void setUp() throws IOException {
    api = SharedNode.get().api();
    operator = SharedNode.get().key(Role.OPERATOR, "acme");
    auditor = SharedNode.get().key(Role.AUDITOR, "acme");
    for (int n : new int[] {TARGET_SIM, WITNESS_SIM}) {
      api.post("/api/v1/sims", operator, TestSims.provision(n, null, true)).assertOk();
      api.post("/api/v1/sims/" + imsi(n) + "/attach", operator, TestSims.ATTACH).assertOk();
      api.post("/api/v1/sims/" + imsi(n) + "/traffic", operator, TestSims.HEADEND_TRAFFIC).assertOk();
    }
    ParseOptions options = new ParseOptions();
    options.setResolve(true);
    options.setResolveFully(true);
    spec = new OpenAPIV3Parser().readContents(OpenApiDocumentTest.document(), null, options).getOpenAPI();
  }

  @Test
  void noHostileRequestGetsA5xxOrABodyThatIsNotAProblem() throws Exception {
    String witnessBefore = api.get("/api/v1/sims/" + imsi(WITNESS_SIM), operator).body();
    String witnessEvents = api.get("/api/v1/sims/" + imsi(WITNESS_SIM) + "/events?limit=1000", operator).body();
    long targetEvents = events(TARGET_SIM).size();

    List<Fuzz> requests = generate();
    assertTrue(requests.size() >= AT_LEAST, "generated " + requests.size());
    long started = System.nanoTime();
    Map<String, AtomicLong> statuses = new ConcurrentHashMap<>();
    ConcurrentLinkedQueue<String> defects = new ConcurrentLinkedQueue<>();
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    ExecutorService readers = Executors.newFixedThreadPool(IN_FLIGHT);
    Semaphore slots = new Semaphore(IN_FLIGHT);
    List<CompletableFuture<Void>> all = new ArrayList<>();
    for (Fuzz f : requests) {
      slots.acquire();
      all.add(send(client, f, readers)
          .thenAccept(r -> check(f, r.status(), r.contentType(), r.retryAfter(), r.body(), statuses, defects))
          .exceptionally(e -> {
            statuses.computeIfAbsent("io-error", s -> new AtomicLong()).incrementAndGet();
            defects.add(f.what() + ": " + e);
            return null;
          })
          .whenComplete((ok, e) -> slots.release()));
    }
    CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
    readers.shutdown();
    int raw = rawHttp(statuses, defects);
    long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
    System.out.println("ApiFuzzTest: " + requests.size() + " generated requests + " + raw + " raw ones in "
        + seconds + " s (seed " + SEED + "); by status: " + new TreeMap<>(statuses));

    List<String> shown = defects.stream().limit(40).toList();
    assertEquals(List.of(), shown, defects.size() + " defects");

    assertEquals(witnessBefore, api.get("/api/v1/sims/" + imsi(WITNESS_SIM), operator).body());
    assertEquals(witnessEvents, api.get("/api/v1/sims/" + imsi(WITNESS_SIM) + "/events?limit=1000", operator).body());
    List<JsonNode> after = events(TARGET_SIM);
    assertTrue(after.size() >= targetEvents, "events of the fuzzed SIM: " + targetEvents + " -> " + after.size());
    for (int i = 0; i < after.size(); i++) {
      assertEquals(i + 1, after.get(i).path("seqNr").asInt(), "the journal has no gap");
    }
    api.get("/api/v1/sims/" + imsi(TARGET_SIM), operator).assertOk();
    assertTrue(api.get("/api/v1/forensics/sims/" + imsi(TARGET_SIM) + "/verify", auditor).assertOk()
        .path("intact").asBoolean(), "the fuzzed SIM's event chain is intact");
    api.post("/api/v1/sims/" + imsi(TARGET_SIM) + "/attach", operator, TestSims.ATTACH).assertOk();
  }

  private List<JsonNode> events(int sim) {
    List<JsonNode> events = new ArrayList<>();
    long from = 1;
    while (true) {
      JsonNode page = api.get("/api/v1/sims/" + imsi(sim) + "/events?limit=1000&from=" + from, operator).assertOk();
      page.path("events").forEach(events::add);
      if (page.path("next").isMissingNode() || page.path("next").isNull()) {
        return events;
      }
      from = page.path("next").asLong();
    }
  }

  /** What came back: the body is empty for the live stream, which is closed once its headers are in. */
  private record Answer(int status, String contentType, String retryAfter, byte[] body) {}

  private CompletableFuture<Answer> send(HttpClient client, Fuzz f, Executor readers) {
    HttpRequest.Builder b;
    try {
      b = HttpRequest.newBuilder(URI.create(api.base() + f.path())).timeout(Duration.ofSeconds(60))
          .method(f.method(), f.body() == null ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofByteArray(f.body()));
    } catch (IllegalArgumentException e) {
      return CompletableFuture.failedFuture(new AssertionError("the generator built a URI java.net cannot send: "
          + f.path(), e));
    }
    if (f.key() != null) {
      b.header("Authorization", f.key());
    }
    if (f.contentType() != null) {
      b.header("Content-Type", f.contentType());
    }
    return client.sendAsync(b.build(), HttpResponse.BodyHandlers.ofInputStream()).thenApplyAsync(r -> {
      String type = r.headers().firstValue("Content-Type").orElse("");
      try (InputStream in = r.body()) {
        byte[] body = type.startsWith("text/event-stream") ? new byte[0] : in.readAllBytes();
        return new Answer(r.statusCode(), type, r.headers().firstValue("Retry-After").orElse(null), body);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }, readers).orTimeout(90, TimeUnit.SECONDS);
  }

  private static void check(Fuzz f, int status, String contentType, String retryAfter, byte[] body,
      Map<String, AtomicLong> statuses, ConcurrentLinkedQueue<String> defects) {
    statuses.computeIfAbsent(Integer.toString(status), s -> new AtomicLong()).incrementAndGet();
    String where = f.what() + " -> " + status + " " + contentType + ": "
        + new String(body, 0, Math.min(body.length, 300), StandardCharsets.UTF_8);
    if (status >= 500 && status != 503) {
      defects.add(where);
      return;
    }
    if (status == 503 && retryAfter == null) {
      defects.add("503 without Retry-After: " + where);
    }
    if (status >= 400) {
      if (!contentType.equals("application/problem+json")) {
        defects.add("not a problem: " + where);
        return;
      }
      if (f.method().equals("HEAD")) {
        return;
      }
      try {
        JsonNode problem = JSON.readTree(body);
        if (problem.path("status").asInt() != status || !problem.path("type").asText().startsWith("urn:simwarden:")
            || problem.path("detail").asText().isEmpty()) {
          defects.add("incomplete problem: " + where);
        }
      } catch (IOException e) {
        defects.add("problem body is not JSON: " + where);
      }
      return;
    }
    if (contentType.startsWith("application/x-ndjson") && f.path().startsWith("/api/v1/bulk/")) {
      for (String line : new String(body, StandardCharsets.UTF_8).split("\n")) {
        try {
          JsonNode result = JSON.readTree(line);
          int lineStatus = result.path("status").asInt(200);
          if (lineStatus >= 500 && lineStatus != 503) {
            defects.add("bulk line " + line + " in " + where);
          }
          if (lineStatus >= 400 && result.path("problem").path("detail").asText().isEmpty()) {
            defects.add("bulk line without a problem: " + line);
          }
        } catch (IOException e) {
          defects.add("bulk result line is not JSON: " + line);
        }
      }
    }
  }

  // ----- generation -----------------------------------------------------------------------------------------

  private List<Fuzz> generate() {
    Random random = new Random(SEED);
    List<Fuzz> out = new ArrayList<>();
    List<Op> ops = operations();
    for (Op op : ops) {
      out.add(op.request("baseline", op.path(imsi(TARGET_SIM)), op.query, op.body));
      for (String value : HOSTILE_TEXT) {
        if (op.template.contains("{imsi}")) {
          out.add(op.request("imsi=" + shorten(value), op.path(encode(value)), op.query, op.body));
        }
        for (String name : op.queryNames) {
          Map<String, String> query = new LinkedHashMap<>(op.query);
          query.put(name, value);
          out.add(op.request(name + "=" + shorten(value), op.path(imsi(TARGET_SIM)), query, op.body));
        }
      }
      if (op.body != null) {
        for (String field : op.fields) {
          for (String value : HOSTILE_JSON) {
            out.add(op.request(field + "=" + shorten(value), op.path(imsi(TARGET_SIM)), op.query,
                op.bodyBytes(replace(op.body, field, value))));
          }
        }
        for (Map.Entry<String, byte[]> whole : wholeBodies(op).entrySet()) {
          out.add(new Fuzz(op.name + " body " + whole.getKey(), op.method, op.url(op.path(imsi(TARGET_SIM)), op.query),
              op.key, op.contentType, whole.getValue()));
        }
        for (String type : CONTENT_TYPES) {
          out.add(new Fuzz(op.name + " Content-Type " + type, op.method, op.url(op.path(imsi(TARGET_SIM)), op.query),
              op.key, type, op.bodyBytes(op.body)));
        }
      }
      for (String method : List.of("HEAD", "OPTIONS", "DELETE", "PATCH", "TRACE", "PUT", "POST", "GET")) {
        if (!method.equals(op.method)) {
          out.add(new Fuzz(op.name + " as " + method, method, op.url(op.path(imsi(TARGET_SIM)), op.query), op.key,
              null, null));
        }
      }
      for (String key : BAD_KEYS) {
        out.add(new Fuzz(op.name + " key " + shorten(key), op.method, op.url(op.path(imsi(TARGET_SIM)), op.query),
            key, op.contentType, op.body == null ? null : op.bodyBytes(op.body)));
      }
    }
    // Then several fields at once, chosen by the seed.
    List<Op> withBodies = ops.stream().filter(op -> op.body != null && !op.fields.isEmpty()).toList();
    for (int mix = 0; mix < MIXES; mix++) {
      Op op = withBodies.get(random.nextInt(withBodies.size()));
      String body = op.body;
      StringBuilder what = new StringBuilder(op.name).append(" mix");
      for (int i = 0, n = 2 + random.nextInt(3); i < n; i++) {
        String field = op.fields.get(random.nextInt(op.fields.size()));
        String value = HOSTILE_JSON.get(random.nextInt(HOSTILE_JSON.size()));
        body = replace(body, field, value);
        what.append(' ').append(field).append('=').append(shorten(value));
      }
      out.add(op.request(what.toString(), op.path(imsi(TARGET_SIM)), op.query, op.bodyBytes(body)));
    }
    Collections.shuffle(out, random);
    return out;
  }

  /** One documented operation with a valid request to start from. */
  private final class Op {
    final String name;
    final String method;
    final String template;
    final String key;
    final String contentType;
    final boolean ndjson;
    final List<String> queryNames = new ArrayList<>();
    final Map<String, String> query = new LinkedHashMap<>();
    final String body;
    final List<String> fields = new ArrayList<>();

    Op(String method, String template, Operation operation) {
      this.name = method + " " + template;
      this.method = method;
      this.template = template;
      this.key = "Bearer " + (template.startsWith("/api/v1/forensics") ? auditor : operator);
      for (Parameter p : operation.getParameters() == null ? List.<Parameter>of() : operation.getParameters()) {
        if (p.getIn().equals("query")) {
          queryNames.add(p.getName());
        }
      }
      String id = operation.getOperationId();
      if (id.equals("forensicsStateAt")) {
        query.put("at", "2026-01-01T00:00:00Z");
      } else if (id.equals("forensicsOutbreak")) {
        query.put("kind", "port-scan");
      }
      Schema<?> schema = null;
      String type = null;
      if (operation.getRequestBody() != null) {
        var content = operation.getRequestBody().getContent();
        type = content.keySet().iterator().next();
        schema = content.get(type).getSchema();
      }
      this.contentType = type;
      this.ndjson = "application/x-ndjson".equals(type);
      this.body = schema == null ? null : KNOWN_GOOD.getOrDefault(id, example(schema, 0).toString());
      if (schema != null) {
        collectFields(schema, "", 0, fields);
      }
    }

    String path(String imsiSegment) {
      return template.replace("{imsi}", imsiSegment);
    }

    String url(String path, Map<String, String> q) {
      StringBuilder b = new StringBuilder(path);
      char sep = '?';
      for (Map.Entry<String, String> e : q.entrySet()) {
        b.append(sep).append(e.getKey()).append('=').append(encode(e.getValue()));
        sep = '&';
      }
      return b.toString();
    }

    byte[] bodyBytes(String json) {
      String text = ndjson ? json.replace("\n", " ") + "\n" : json;
      return text.getBytes(StandardCharsets.UTF_8);
    }

    Fuzz request(String what, String path, Map<String, String> q, Object bodyOrBytes) {
      byte[] bytes = bodyOrBytes == null ? null
          : bodyOrBytes instanceof byte[] raw ? raw : bodyBytes((String) bodyOrBytes);
      return new Fuzz(name + " " + what, method, url(path, q), key, bytes == null ? null : contentType, bytes);
    }
  }

  private List<Op> operations() {
    List<Op> ops = new ArrayList<>();
    for (Map.Entry<String, PathItem> path : spec.getPaths().entrySet()) {
      for (Map.Entry<PathItem.HttpMethod, Operation> op : path.getValue().readOperationsMap().entrySet()) {
        ops.add(new Op(op.getKey().name(), path.getKey(), op.getValue()));
      }
    }
    return ops;
  }

  /** Valid bodies of the operations the document's schemas alone would not make valid (Luhn digits, CIDRs). */
  private static final Map<String, String> KNOWN_GOOD = Map.of(
      "provisionSim", TestSims.provision(5202, null, false),
      "bulkProvision", TestSims.provision(5203, null, true),
      "attach", TestSims.ATTACH,
      "reportTraffic", TestSims.HEADEND_TRAFFIC,
      "voiceCall", TestSims.IRSF_CALL,
      "setProfile", TestSims.PROFILE,
      "setFirewall", "{\"rules\":[{\"id\":\"ntp\",\"action\":\"ALLOW\",\"protocol\":\"UDP\",\"remote\":\"192.0.2.0/24\","
          + "\"ports\":\"123\"}]}",
      "bulkIngest", "{\"imsi\":\"" + imsi(TARGET_SIM) + "\",\"traffic\":" + TestSims.HEADEND_TRAFFIC + "}",
      "suspendSim", "{\"reason\":\"fuzz\"}");

  /** A value of {@code schema} built from its examples, enums, formats and bounds. */
  private static JsonNode example(Schema<?> schema, int depth) {
    if (schema.getExample() != null) {
      return JSON.valueToTree(schema.getExample());
    }
    if (schema.getEnum() != null && !schema.getEnum().isEmpty()) {
      return JSON.valueToTree(schema.getEnum().get(0));
    }
    String type = schema.getType() == null ? (schema.getProperties() != null ? "object" : "string") : schema.getType();
    switch (type) {
      case "object" -> {
        var node = JSON.createObjectNode();
        if (schema.getProperties() != null && depth < 6) {
          schema.getProperties().forEach((name, property) -> node.set(name, example(property, depth + 1)));
        }
        return node;
      }
      case "array" -> {
        var node = JSON.createArrayNode();
        if (schema.getItems() != null && depth < 6) {
          node.add(example(schema.getItems(), depth + 1));
        }
        return node;
      }
      case "integer", "number" -> {
        return JSON.valueToTree(schema.getMinimum() == null ? 1 : schema.getMinimum().longValue());
      }
      case "boolean" -> {
        return JSON.valueToTree(true);
      }
      default -> {
        return JSON.valueToTree("date-time".equals(schema.getFormat()) ? "2026-01-01T00:00:00Z" : "x");
      }
    }
  }

  /** Every field the schema names, as paths like {@code profile.firewallRules[0].remote}. */
  private static void collectFields(Schema<?> schema, String prefix, int depth, List<String> out) {
    if (depth > 5) {
      return;
    }
    if (schema.getProperties() != null) {
      schema.getProperties().forEach((name, property) -> {
        String path = prefix.isEmpty() ? name : prefix + "." + name;
        out.add(path);
        collectFields(property, path, depth + 1, out);
      });
    }
    if (schema.getItems() != null) {
      out.add(prefix + "[0]");
      collectFields(schema.getItems(), prefix + "[0]", depth + 1, out);
    }
  }

  /** {@code json} with the field at {@code path} set to the raw JSON text {@code value} (created if missing). */
  private static String replace(String json, String path, String value) {
    String marker = "\"@@FUZZ@@\"";
    try {
      JsonNode root = JSON.readTree(json);
      JsonNode node = root;
      String[] steps = path.replace("[", ".[").split("\\.");
      for (int i = 0; i < steps.length; i++) {
        String step = steps[i];
        if (step.isEmpty()) {
          continue;
        }
        boolean last = i == steps.length - 1;
        if (step.startsWith("[")) {
          if (!(node instanceof com.fasterxml.jackson.databind.node.ArrayNode array)) {
            return json;
          }
          if (array.isEmpty()) {
            array.add(JSON.createObjectNode());
          }
          if (last) {
            array.set(0, JSON.getNodeFactory().textNode("@@FUZZ@@"));
          }
          node = array.get(0);
        } else {
          if (!(node instanceof com.fasterxml.jackson.databind.node.ObjectNode object)) {
            return json;
          }
          if (last) {
            object.put(step, "@@FUZZ@@");
          } else {
            if (!object.has(step) || !object.get(step).isContainerNode()) {
              object.set(step, steps[i + 1].startsWith("[") ? JSON.createArrayNode() : JSON.createObjectNode());
            }
            node = object.get(step);
          }
        }
      }
      return JSON.writeValueAsString(root).replace(marker, value);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, byte[]> wholeBodies(Op op) {
    Map<String, byte[]> bodies = new LinkedHashMap<>();
    byte[] good = op.bodyBytes(op.body);
    bodies.put("empty", new byte[0]);
    bodies.put("null", op.bodyBytes("null"));
    bodies.put("array", op.bodyBytes("[" + op.body + "]"));
    bodies.put("string", op.bodyBytes("\"x\""));
    bodies.put("truncated", Arrays.copyOf(good, good.length / 2));
    bodies.put("trailing", op.bodyBytes(op.body + " {}"));
    bodies.put("duplicate key", op.bodyBytes(op.body.replaceFirst("\\{", "{\"dup\":1,\"dup\":2,")));
    bodies.put("duplicate known key", op.bodyBytes(op.body.replaceFirst("\\{\"(\\w+)\":", "{\"$1\":null,\"$1\":")));
    bodies.put("deep nesting", op.bodyBytes("[".repeat(5000) + "]".repeat(5000)));
    bodies.put("deep objects", op.bodyBytes("{\"a\":".repeat(2000) + "1" + "}".repeat(2000)));
    bodies.put("utf-16", op.body.getBytes(StandardCharsets.UTF_16));
    bodies.put("utf-16le", op.body.getBytes(StandardCharsets.UTF_16LE));
    bodies.put("utf-32", op.body.getBytes(java.nio.charset.Charset.forName("UTF-32")));
    bodies.put("utf-8 bom", concat(new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf}, good));
    bodies.put("invalid utf-8", concat(good, new byte[] {(byte) 0xc3, 0x28}));
    bodies.put("lone surrogate bytes", concat("{\"x\":\"".getBytes(StandardCharsets.UTF_8),
        new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80, '"', '}'}));
    bodies.put("nul bytes", new byte[] {0, 0, 0, 0});
    bodies.put("binary", randomBytes(4096));
    byte[] huge = new byte[10 * 1024 * 1024];
    Arrays.fill(huge, (byte) ' ');
    bodies.put("10 MB of spaces", huge);
    bodies.put("10 MB string", op.bodyBytes("{\"x\":\"" + "A".repeat(10 * 1024 * 1024) + "\"}"));
    if (op.ndjson) {
      bodies.put("many bad lines", ("{\n}\nnull\n[]\n\"x\"\n" + "{\"imsi\":1}\n".repeat(50)).getBytes(StandardCharsets.UTF_8));
      bodies.put("line too long", ("{\"x\":\"" + "A".repeat(200_000) + "\"}\n").getBytes(StandardCharsets.UTF_8));
      bodies.put("crlf lines", (op.body.replace("\n", " ") + "\r\n" + op.body.replace("\n", " ") + "\r\n")
          .getBytes(StandardCharsets.UTF_8));
    }
    return bodies;
  }

  private static byte[] randomBytes(int n) {
    byte[] bytes = new byte[n];
    new Random(SEED).nextBytes(bytes);
    return bytes;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  /** Raw JSON texts put in place of one field. */
  private static final List<String> HOSTILE_JSON = List.of(
      "null", "true", "false", "0", "-1", "1.5", "-0", "1e309", "-1e309", "9223372036854775808",
      "-9223372036854775809", "1" + "0".repeat(999), "0." + "9".repeat(999), "\"\"", "\" \"",
      "\"" + "A".repeat(100_000) + "\"", "\"\\u0000\\u0001\\u001f\\u007f\"", "\"\\ud800\"", "\"x\\udc00x\"",
      "\"\\ud83d\\ude00\"", "\"+999999999-01-01T00:00:00Z\"", "\"-999999999-01-01T00:00:00Z\"",
      "\"1969-12-31T23:59:59Z\"", "\"9999-12-31T23:59:59.999Z\"", "\"P99999999999D\"", "[]", "{}", "[null]",
      "[" + "[".repeat(200) + "]".repeat(200) + "]", "{\"a\":{\"b\":{\"c\":{\"d\":[1,2,{}]}}}}",
      "\"../../../etc/passwd\"", "\"' OR '1'='1\"", "\"<script>alert(1)</script>\"", "\"\u202e\u00e9\u4e2d\"",
      "\"NB_IOT\"", "\"TCP\"", "\"208010000000001\"", "\"0.0.0.0/0\"", "[\"DATA\",\"DATA\"]",
      "[" + "1,".repeat(5000) + "1]");

  /** Texts put in place of a path segment or a query value (percent-encoded). */
  private static final List<String> HOSTILE_TEXT = List.of(
      "", " ", "null", "-1", "0", "2147483648", "1e3", "1" + "0".repeat(999), "A".repeat(5000), "\u0000",
      "\u0001\r\n", "\ud800", "\uffff", "\u00e9\u4e2d", "+999999999-01-01T00:00:00Z", "-999999999-01-01T00:00:00Z",
      "1969-12-31T23:59:59Z", "P99999999999D", "PT-1H", "P1000000D", "../..", "'", "<script>", "a,,b", ",",
      "port-scan,port-scan", "true", "2026-13-45T25:61:61Z", "208-01-0000000001", "999999999999999",
      "203.0.113.0/33", "%");

  private static final List<String> CONTENT_TYPES = List.of("text/plain", "application/xml",
      "application/json; charset=utf-16", "application/json; charset=iso-8859-1", "application/x-ndjson",
      "application/json", "multipart/form-data; boundary=x", "application/x-www-form-urlencoded", "*/*",
      "application/", "invalid", "application/problem+json");

  private static final List<String> BAD_KEYS = List.of("", "Bearer", "Bearer ", "Basic dXNlcjpwYXNz",
      "Bearer abc", "Bearer abcdefghijkl.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "Bearer " + "x".repeat(8000),
      "Bearer a.b.c", "bearer \u00e9");

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static String shorten(String s) {
    return s.length() > 40 ? s.substring(0, 40) + "...(" + s.length() + ")" : s;
  }

  // ----- malformed HTTP over a socket -----------------------------------------------------------------------

  /** A raw request; {@code mustAnswer} false when the server may rightly wait for the rest, then close. */
  private record Raw(String what, byte[] bytes, boolean mustAnswer) {}

  private int rawHttp(Map<String, AtomicLong> statuses, ConcurrentLinkedQueue<String> defects) throws IOException {
    String key = "Authorization: Bearer " + operator + "\r\n";
    String sim = "/api/v1/sims/" + imsi(TARGET_SIM);
    List<Raw> cases = new ArrayList<>(List.of(
        raw("garbage line", "GARBAGE\r\n\r\n"),
        raw("no version", "GET " + sim + "\r\n\r\n"),
        raw("unknown version", "GET " + sim + " HTTP/9.9\r\nHost: x\r\n\r\n"),
        raw("no host", "GET " + sim + " HTTP/1.1\r\n" + key + "\r\n"),
        raw("bad content-length", "POST " + sim + "/attach HTTP/1.1\r\nHost: x\r\n" + key
            + "Content-Type: application/json\r\nContent-Length: abc\r\n\r\n{}"),
        raw("negative content-length", "POST " + sim + "/attach HTTP/1.1\r\nHost: x\r\n" + key
            + "Content-Length: -5\r\n\r\n{}"),
        raw("two content-lengths", "POST " + sim + "/attach HTTP/1.1\r\nHost: x\r\n" + key
            + "Content-Length: 2\r\nContent-Length: 3\r\n\r\n{}"),
        raw("content-length and chunked", "POST " + sim + "/attach HTTP/1.1\r\nHost: x\r\n" + key
            + "Content-Type: application/json\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"),
        raw("bad chunk size", "POST " + sim + "/attach HTTP/1.1\r\nHost: x\r\n" + key
            + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\n{}\r\n0\r\n\r\n"),
        raw("huge chunk size", "POST " + sim + "/attach HTTP/1.1\r\nHost: x\r\n" + key
            + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nFFFFFFFFFFFFFFFF\r\n{}\r\n0\r\n\r\n"),
        raw("chunked 10 MB", "POST " + sim + "/attach HTTP/1.1\r\nHost: x\r\n" + key
            + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
            + ("100000\r\n" + " ".repeat(0x100000) + "\r\n").repeat(10) + "0\r\n\r\n"),
        raw("unknown transfer-encoding", "POST " + sim + "/attach HTTP/1.1\r\nHost: x\r\n" + key
            + "Transfer-Encoding: gzip, foo\r\n\r\n"),
        raw("header without colon", "GET " + sim + " HTTP/1.1\r\nHost: x\r\nNoColonHere\r\n" + key + "\r\n"),
        raw("obs-fold", "GET " + sim + " HTTP/1.1\r\nHost: x\r\nX-A: a\r\n b\r\n" + key + "\r\n"),
        raw("space before colon", "GET " + sim + " HTTP/1.1\r\nHost : x\r\n" + key + "\r\n"),
        raw("long header", "GET " + sim + " HTTP/1.1\r\nHost: x\r\nX-Long: " + "a".repeat(100_000) + "\r\n" + key
            + "\r\n"),
        raw("long uri", "GET " + sim + "?" + "a".repeat(100_000) + " HTTP/1.1\r\nHost: x\r\n" + key + "\r\n"),
        raw("many headers", "GET " + sim + " HTTP/1.1\r\nHost: x\r\n" + "X-H: 1\r\n".repeat(2000) + key + "\r\n"),
        raw("unknown method", "BREW " + sim + " HTTP/1.1\r\nHost: x\r\n" + key + "\r\n"),
        raw("lower-case method", "get " + sim + " HTTP/1.1\r\nHost: x\r\n" + key + "\r\n"),
        raw("tab in request line", "GET\t" + sim + "\tHTTP/1.1\r\nHost: x\r\n" + key + "\r\n"),
        raw("bare LF", "GET " + sim + " HTTP/1.1\nHost: x\n" + key.replace("\r", "") + "\n"),
        raw("absolute uri", "GET http://evil.example" + sim + " HTTP/1.1\r\nHost: x\r\n" + key + "\r\n"),
        raw("asterisk uri", "OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n"),
        raw("percent garbage", "GET /api/v1/sims/%zz%ED%A0%80 HTTP/1.1\r\nHost: x\r\n" + key + "\r\n"),
        raw("nul in path", "GET /api/v1/sims/\u0000 HTTP/1.1\r\nHost: x\r\n" + key + "\r\n"),
        raw("non-ascii header", "GET " + sim + " HTTP/1.1\r\nHost: x\r\nX-\u00e9: \u00e9\r\n" + key + "\r\n"),
        raw("HTTP/1.0", "GET " + sim + " HTTP/1.0\r\n" + key + "\r\n"),
        raw("expect unknown", "POST " + sim + "/attach HTTP/1.1\r\nHost: x\r\n" + key
            + "Expect: 200-ok\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}"),
        raw("upgrade h2c", "GET " + sim + " HTTP/1.1\r\nHost: x\r\nConnection: Upgrade, HTTP2-Settings\r\n"
            + "Upgrade: h2c\r\nHTTP2-Settings: AAMAAABkAAQAAP__\r\n" + key + "\r\n"),
        raw("pipelined garbage", "GET " + sim + " HTTP/1.1\r\nHost: x\r\n" + key + "\r\nXXXX\r\n\r\n"),
        raw("content-type garbage", "POST " + sim + "/attach HTTP/1.1\r\nHost: x\r\n" + key
            + "Content-Type: ;;;===\r\nContent-Length: 2\r\n\r\n{}"),
        raw("authorization twice", "GET " + sim + " HTTP/1.1\r\nHost: x\r\n" + key + key + "\r\n"),
        new Raw("tls client hello", new byte[] {0x16, 0x03, 0x01, 0x00, (byte) 0xa5, 0x01, 0x00, 0x00, (byte) 0xa1,
            0x03, 0x03}, true),
        new Raw("nul bytes", new byte[64], true),
        new Raw("http/2 preface", "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), true),
        new Raw("short body", ("POST " + sim + "/attach HTTP/1.1\r\nHost: x\r\n" + key
            + "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{}").getBytes(StandardCharsets.UTF_8),
            false)));
    URI base = URI.create(api.base());
    for (Raw c : cases) {
      try (Socket socket = new Socket(base.getHost(), base.getPort())) {
        socket.setSoTimeout(c.mustAnswer() ? 30_000 : 3_000);
        OutputStream out = socket.getOutputStream();
        try {
          out.write(c.bytes());
          out.flush();
          socket.shutdownOutput();
        } catch (IOException e) {
          // the server may answer and close before it has read everything; the answer is checked below
        }
        byte[] answer = readAnswer(socket.getInputStream(), c);
        String text = new String(answer, StandardCharsets.ISO_8859_1);
        if (text.isEmpty()) {
          statuses.computeIfAbsent("raw-closed", s -> new AtomicLong()).incrementAndGet();
          if (c.mustAnswer()) {
            defects.add("raw " + c.what() + ": closed without an answer");
          }
          continue;
        }
        checkRaw(c, text, statuses, defects);
      }
    }
    return cases.size();
  }

  private static Raw raw(String what, String request) {
    return new Raw(what, request.getBytes(StandardCharsets.UTF_8), true);
  }

  private static byte[] readAnswer(InputStream in, Raw c) throws IOException {
    ByteArrayOutputStream answer = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    try {
      for (int n; (n = in.read(buffer)) > 0 && answer.size() < 1_000_000; ) {
        answer.write(buffer, 0, n);
      }
    } catch (SocketTimeoutException e) {
      if (c.mustAnswer() && answer.size() == 0) {
        throw new AssertionError("raw " + c.what() + ": no answer in 30 s", e);
      }
    } catch (IOException e) {
      // a reset after the answer: what was read is checked
    }
    return answer.toByteArray();
  }

  private static void checkRaw(Raw c, String text, Map<String, AtomicLong> statuses,
      ConcurrentLinkedQueue<String> defects) {
    // Every answer on the connection (a pipelined request may get one of its own).
    for (String response : text.split("(?=HTTP/1\\.[01] \\d{3} )")) {
      if (!response.startsWith("HTTP/1.")) {
        continue;
      }
      int status = Integer.parseInt(response.substring(9, 12));
      statuses.computeIfAbsent("raw-" + status, s -> new AtomicLong()).incrementAndGet();
      String head = response.contains("\r\n\r\n") ? response.substring(0, response.indexOf("\r\n\r\n")) : response;
      String where = "raw " + c.what() + ": " + head.lines().findFirst().orElse("");
      if (status >= 500 && status != 503) {
        defects.add(where);
      }
      if (status >= 400 && !head.toLowerCase(java.util.Locale.ROOT).contains("content-type: application/problem+json")) {
        defects.add("not a problem: " + where + " " + head.replace("\r\n", " | "));
      }
    }
  }
}
