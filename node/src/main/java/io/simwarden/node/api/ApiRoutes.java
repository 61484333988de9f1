package io.simwarden.node.api;

import io.simwarden.node.security.Authenticator;
import io.simwarden.node.security.RateLimiter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpCharsets;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.ExceptionHandler;
import org.apache.pekko.http.javadsl.server.MethodRejection;
import org.apache.pekko.http.javadsl.server.Rejection;
import org.apache.pekko.http.javadsl.server.RejectionHandler;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * REST API v1: every endpoint, behind API-key authentication, per-key rate limits, role permissions and
 * tenant scoping; every error as {@code application/problem+json}.
 */
public final class ApiRoutes extends AllDirectives {
  public static final String OPENAPI = "/api/v1/openapi.yaml";
  private static final ContentType YAML =
      ContentTypes.create(MediaTypes.applicationWithFixedCharset("yaml", HttpCharsets.UTF_8));
  private final Endpoints endpoints;
  private final Route routes;

  public ApiRoutes(ApiContext api, Authenticator authenticator, RateLimiter rateLimiter) {
    this.endpoints = new Endpoints(authenticator, rateLimiter);
    SimRoutes sims = new SimRoutes(api, endpoints);
    IngestRoutes ingest = new IngestRoutes(api, endpoints);
    this.routes = concat(
        sims.route(),
        ingest.route(),
        new BulkRoutes(api, endpoints, sims, ingest).route(),
        new AlertRoutes(api, endpoints).route(),
        new ForensicsRoutes(api, endpoints).route(),
        new FleetRoutes(api, endpoints).route(),
        new MeRoutes(endpoints).route(),
        endpoints.publicEndpoint(HttpMethods.GET, OPENAPI, () -> complete(openApi())),
        // Not the options() directive: its rejection of other methods would turn every unknown path into a 405.
        extractRequest(request -> {
          List<String> allowed = endpoints.allowed(request.getUri().path());
          return !request.method().equals(HttpMethods.OPTIONS) || allowed.isEmpty() ? reject()
              : complete(HttpResponse.create().withStatus(StatusCodes.NO_CONTENT)
                  .addHeader(RawHeader.create("Allow", String.join(", ", allowed))));
        }));
  }

  /** The API's OpenAPI document, as shipped in the jar. */
  private static HttpResponse openApi() {
    try (InputStream in = ApiRoutes.class.getClassLoader().getResourceAsStream("openapi.yaml")) {
      byte[] yaml = in.readAllBytes();
      return HttpResponse.create().withEntity(HttpEntities.create(YAML, yaml))
          .addHeader(RawHeader.create("Cache-Control", "no-cache"));
    } catch (IOException e) {
      throw new UncheckedIOException("openapi.yaml is missing from the jar", e);
    }
  }

  /** Every endpoint with its method, path template, permission and query parameters. */
  public List<Endpoints.Endpoint> endpoints() {
    return endpoints.list();
  }

  public Route route() {
    return extractRequest(request -> handleExceptions(exceptions(request),
        () -> handleRejections(rejections(request), () -> routes)));
  }

  private ExceptionHandler exceptions(HttpRequest request) {
    return ExceptionHandler.newBuilder()
        .match(Throwable.class, t -> complete(ApiProblem.from(t).toResponse(request.getUri().path())))
        .build();
  }

  private RejectionHandler rejections(HttpRequest request) {
    String instance = request.getUri().path();
    return RejectionHandler.newBuilder()
        .handleAll(MethodRejection.class, rejected -> {
          String allowed = String.join(", ", endpoints.allowed(instance));
          return complete(ApiProblem.methodNotAllowed(request.method().name() + " is not allowed on " + instance
              + "; use " + allowed, allowed).toResponse(instance));
        })
        .handle(Rejection.class, r -> complete(ApiProblem.invalid(null, "request rejected: " + r)
            .toResponse(instance)))
        .handleNotFound(complete(ApiProblem.notFound(null, "no endpoint " + request.method().name() + " "
            + instance + "; the API is described in openapi.yaml").toResponse(instance)))
        .build();
  }
}
