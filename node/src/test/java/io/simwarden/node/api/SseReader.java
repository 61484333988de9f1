package io.simwarden.node.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.simwarden.node.HttpApi;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Reads a Server-Sent Events stream in the background; {@link #next} waits for the next event with data. */
final class SseReader implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  record Event(String id, String data) {
    JsonNode json() {
      try {
        return JSON.readTree(data);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
  private final CompletableFuture<HttpResponse<Stream<String>>> response;
  private volatile Stream<String> lines;

  private SseReader(HttpApi api, String path, String key, String lastEventId) {
    var request = api.request(path, key).header("Accept", "text/event-stream").timeout(Duration.ofMinutes(5));
    if (lastEventId != null) {
      request.header("Last-Event-ID", lastEventId);
    }
    response = api.client().sendAsync(request.GET().build(), HttpResponse.BodyHandlers.ofLines());
    Thread reader = new Thread(this::read, "sse-reader");
    reader.setDaemon(true);
    reader.start();
  }

  static SseReader open(HttpApi api, String path, String key, String lastEventId) {
    return new SseReader(api, path, key, lastEventId);
  }

  private void read() {
    try {
      HttpResponse<Stream<String>> r = response.get(30, TimeUnit.SECONDS);
      if (r.statusCode() != 200) {
        events.add(new Event("status", Integer.toString(r.statusCode())));
        return;
      }
      lines = r.body();
      String[] current = {null, null};
      lines.forEach(line -> {
        if (line.startsWith("id:")) {
          current[0] = line.substring(3).trim();
        } else if (line.startsWith("data:")) {
          current[1] = line.substring(5).trim();
        } else if (line.isEmpty()) {
          if (current[1] != null) {
            events.add(new Event(current[0], current[1]));
          }
          current[0] = null;
          current[1] = null;
        }
      });
    } catch (Exception e) {
      // the stream was closed by the test, or failed: next() then times out
    }
  }

  Event next(Duration timeout) throws InterruptedException {
    Event e = events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (e == null) {
      throw new AssertionError("no server-sent event within " + timeout);
    }
    if ("status".equals(e.id())) {
      throw new AssertionError("the stream answered HTTP " + e.data());
    }
    return e;
  }

  @Override
  public void close() {
    Stream<String> s = lines;
    if (s != null) {
      s.close();
    }
    response.cancel(true);
  }
}
