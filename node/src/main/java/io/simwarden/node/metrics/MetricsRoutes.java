package io.simwarden.node.metrics;

import java.util.function.Function;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * {@code GET /metrics} for Prometheus, on the HTTP API's port and without an API key: scrapers are not given
 * keys, and the figures name no SIM and no organisation. Also times every HTTP response by route.
 */
public final class MetricsRoutes extends AllDirectives {
  private static final ContentType TEXT_FORMAT = ContentTypes.parse(NodeMetrics.CONTENT_TYPE);

  private final NodeMetrics metrics;

  public MetricsRoutes(NodeMetrics metrics) {
    this.metrics = metrics;
  }

  public Route route() {
    return path("metrics", () -> get(() ->
        complete(HttpResponse.create().withEntity(HttpEntities.create(TEXT_FORMAT, metrics.scrape())))));
  }

  /**
   * {@code inner}, recording each response's latency under the route {@code routeOf} gives for its path: a
   * template, so that IMSIs and other path values never become labels.
   */
  public Route timed(Function<String, String> routeOf, Route inner) {
    return extractRequest(request -> {
      long started = System.nanoTime();
      return mapResponse(response -> {
        metrics.httpRequest(request.method().name(), routeOf.apply(request.getUri().path()),
            response.status().intValue(), System.nanoTime() - started);
        return response;
      }, () -> inner);
    });
  }
}
