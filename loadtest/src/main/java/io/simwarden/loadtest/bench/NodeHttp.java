package io.simwarden.loadtest.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** The node's HTTP API as a client sees it, with one API key: the few calls the durable-day bench makes. */
final class NodeHttp {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;
  private final String key;

  NodeHttp(String base, String key) {
    this.base = base;
    this.key = key;
  }

  /** Status and body of a request. */
  record Answer(int status, String body) {
    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new UncheckedIOException("not JSON (status " + status + "): " + body, e);
      }
    }
  }

  Answer get(String path) throws IOException, InterruptedException {
    return send(request(path).GET().build());
  }

  /** {@code POST path} with a JSON body. */
  Answer post(String path, String json) throws IOException, InterruptedException {
    return send(request(path).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)).build());
  }

  /** {@code GET path} without waiting: its status, or -1 when the node did not answer (not listening yet). */
  CompletableFuture<Integer> getStatus(String path) {
    return client.sendAsync(request(path).GET().build(), HttpResponse.BodyHandlers.discarding())
        .handle((r, failed) -> failed != null ? -1 : r.statusCode());
  }

  /** The node's Prometheus metrics (no key needed). */
  PromText metrics() throws IOException, InterruptedException {
    Answer a = send(HttpRequest.newBuilder(URI.create(base + "/metrics")).timeout(Duration.ofSeconds(20)).GET()
        .build());
    if (a.status != 200) {
      throw new IllegalStateException("GET /metrics answered " + a.status);
    }
    return PromText.parse(a.body);
  }

  /** Whether the node on management port {@code port} answers {@code /ready} with 200. */
  boolean ready(int port) {
    try {
      return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ready"))
          .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (IOException notYet) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
        .header("Authorization", "Bearer " + key);
  }

  private Answer send(HttpRequest request) throws IOException, InterruptedException {
    HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
    return new Answer(r.statusCode(), r.body());
  }
}
