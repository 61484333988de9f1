package io.simwarden.node;

import io.simwarden.node.api.ApiRoutes;
import io.simwarden.node.api.Endpoints;
import io.simwarden.node.dashboard.DashboardRoutes;
import io.simwarden.node.metrics.MetricsRoutes;
import java.util.List;
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
    return metrics.timed(this::routeOf, concat(metrics.route(), new DashboardRoutes().route(), api.route()));
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
