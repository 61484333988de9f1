package io.simwarden.node;

import io.simwarden.node.api.ApiProblem;
import io.simwarden.node.api.ApiRoutes;
import io.simwarden.node.api.Endpoints;
import io.simwarden.node.dashboard.DashboardRoutes;
import io.simwarden.node.metrics.MetricsRoutes;
import java.util.List;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/** Everything a node serves over HTTP: the dashboard, {@code /metrics} and the API, each request timed by route. */
final class NodeRoutes extends AllDirectives {
  private final MetricsRoutes metrics;
  private final ApiRoutes api;
  private final List<String> templates;

  NodeRoutes(MetricsRoutes metrics, ApiRoutes api) {
    this.metrics = metrics;
    this.api = api;
    this.templates = api.endpoints().stream().map(Endpoints.Endpoint::path).distinct().toList();
  }

  Route route() {
    return metrics.timed(this::routeOf, withRequestTimeoutResponse(NodeRoutes::timedOut,
        () -> concat(metrics.route(), new DashboardRoutes().route(), api.route())));
  }

  /**
   * The answer to a request still unanswered after {@code pekko.http.server.request-timeout}: a problem like
   * every other error, instead of pekko-http's plain-text 503.
   */
  static HttpResponse timedOut(HttpRequest request) {
    return ApiProblem.timedOut("the node did not answer " + request.method().name() + " " + request.getUri().path()
        + " within its request timeout; retry later or narrow the query").toResponse(request.getUri().path());
  }

  /** The route template of {@code path}: its endpoint's, or a fixed name, never a value from the path. */
  private String routeOf(String path) {
    if (path.equals("/") || path.equals("/metrics")) {
      return path;
    }
    if (path.startsWith("/dashboard")) {
      return DashboardRoutes.PREFIX;
    }
    for (String template : templates) {
      if (Endpoints.matches(template, path)) {
        return template;
      }
    }
    return "unmatched";
  }
}
