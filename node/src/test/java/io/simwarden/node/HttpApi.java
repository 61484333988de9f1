package io.simwarden.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** A client of one node's API over java.net.http, with the assertions the tests share. */
public final class HttpApi {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient client;
  private final String base;

  public HttpApi(String base) {
    this(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build(), base);
  }

  public HttpApi(HttpClient client, String base) {
    this.client = client;
    this.base = base;
  }

  /** A response with its body read as text and, where it parses, as JSON. */
  public record Response(int status, Map<String, java.util.List<String>> headers, String body) {
    public JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON (" + status + "): " + body, e);
      }
    }

    public String header(String name) {
      return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().get(0)).findFirst().orElse(null);
    }

    /** Asserts a problem+json body with this status and, if given, this field; returns the body. */
    public JsonNode assertProblem(int expectedStatus, String expectedField) {
      assertEquals(expectedStatus, status, () -> "status of " + body);
      assertEquals("application/problem+json", header("Content-Type"), () -> "content type of " + body);
      JsonNode problem = json();
      assertEquals(expectedStatus, problem.path("status").asInt(), body);
      assertTrue(problem.path("type").asText().startsWith("urn:simwarden:problem:"), body);
      assertTrue(!problem.path("title").asText().isEmpty(), body);
      assertTrue(!problem.path("detail").asText().isEmpty(), body);
      if (expectedField != null) {
        assertEquals(expectedField, problem.path("field").asText(), () -> "field of " + body);
      }
      return problem;
    }

    public JsonNode assertOk() {
      assertTrue(status >= 200 && status < 300, () -> "expected success, got " + status + ": " + body);
      return json();
    }
  }

  public String base() {
    return base;
  }

  public Response get(String path, String key) {
    return send(request(path, key).GET().build());
  }

  public Response post(String path, String key, String json) {
    return send(request(path, key).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)).build());
  }

  public Response put(String path, String key, String json) {
    return send(request(path, key).header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString(json)).build());
  }

  /** Any method, headers and body, for the requests the helpers above would not send. */
  public Response send(String method, String path, Map<String, String> headers, byte[] body) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach(b::header);
    return send(b.build());
  }

  public HttpRequest.Builder request(String path, String key) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
    if (key != null) {
      b.header("Authorization", "Bearer " + key);
    }
    return b;
  }

  public Response send(HttpRequest request) {
    try {
      HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
      return new Response(r.statusCode(), r.headers().map(), r.body());
    } catch (IOException e) {
      throw new UncheckedIOException(request.method() + " " + request.uri(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public HttpClient client() {
    return client;
  }
}
