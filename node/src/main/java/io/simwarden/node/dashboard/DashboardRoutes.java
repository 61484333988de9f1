package io.simwarden.node.dashboard;

import io.simwarden.node.api.ApiProblem;
import java.util.List;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.Uri;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The operator dashboard: static pages from {@code dashboard/} inside the jar, at {@code /dashboard/}, with
 * {@code /} redirecting there. No API key is needed for the pages, which hold no data: the browser asks the API
 * for everything with the key the operator types in.
 */
public final class DashboardRoutes extends AllDirectives {
  public static final String PREFIX = "/dashboard/";
  private static final String RESOURCES = "dashboard";

  /**
   * The assets' names do not change with their content, so browsers must revalidate (Last-Modified) before
   * reuse. The policy allows only this origin's scripts, styles and API, which keeps an injected script from
   * running or sending the key elsewhere.
   */
  private static final List<HttpHeader> HEADERS = List.of(
      RawHeader.create("Cache-Control", "no-cache"),
      RawHeader.create("X-Content-Type-Options", "nosniff"),
      RawHeader.create("Referrer-Policy", "no-referrer"),
      RawHeader.create("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; "
          + "img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"));

  public Route route() {
    return concat(
        get(() -> concat(
            pathSingleSlash(() -> redirect(Uri.create(PREFIX), StatusCodes.FOUND)),
            path(RESOURCES, () -> redirect(Uri.create(PREFIX), StatusCodes.MOVED_PERMANENTLY)),
            pathPrefix(RESOURCES, () -> respondWithHeaders(HEADERS, () -> concat(
                pathSingleSlash(() -> getFromResource(RESOURCES + "/index.html")),
                getFromResourceDirectory(RESOURCES)))))),
        // A missing asset falls through to the API's 404; any other method on the dashboard is a 405.
        pathPrefix(RESOURCES, () -> extractRequest(request -> request.method().equals(HttpMethods.GET) ? reject()
            : complete(ApiProblem.methodNotAllowed(request.method().name() + " is not allowed on "
                + request.getUri().path() + "; use GET", "GET").toResponse(request.getUri().path())))));
  }
}
