package io.simwarden.node.api;

import io.simwarden.node.security.Authenticator;
import io.simwarden.node.security.Permission;
import io.simwarden.node.security.Principal;
import io.simwarden.node.security.RateLimiter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.pekko.http.javadsl.model.HttpMethod;
import org.apache.pekko.http.javadsl.model.Uri;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.japi.Pair;

/**
 * The API's route table. Every endpoint is declared once, with its method, path template, permission and
 * query parameters; the same declaration builds its route and is listed by {@link #list()}, which the
 * OpenAPI test compares with {@code openapi.yaml}.
 *
 * <p>A request that matches an endpoint's path and method is then, in this order: authenticated (401),
 * rate-limited per key (429), authorised for the endpoint's permission (403), checked for unknown or
 * repeated query parameters (400), and only then handed to the endpoint.
 */
public final class Endpoints extends AllDirectives {

  /** One endpoint as documented: {@code path} is a template such as {@code /api/v1/sims/{imsi}}. */
  public record Endpoint(String method, String path, Permission permission, List<String> queryParameters) {}

  /** A request that passed the checks above. */
  public record Call(Principal principal, Map<String, String> pathVariables, Map<String, String> query,
      String instance) {

    public String path(String name) {
      return pathVariables.get(name);
    }

    public Optional<String> query(String name) {
      return Optional.ofNullable(query.get(name));
    }
  }

  private final Authenticator authenticator;
  private final RateLimiter rateLimiter;
  private final List<Endpoint> endpoints = new ArrayList<>();

  public Endpoints(Authenticator authenticator, RateLimiter rateLimiter) {
    this.authenticator = authenticator;
    this.rateLimiter = rateLimiter;
  }

  public List<Endpoint> list() {
    return List.copyOf(endpoints);
  }

  public Route endpoint(HttpMethod method, String template, Permission permission, Function<Call, Route> handler) {
    return endpoint(method, template, permission, List.of(), handler);
  }

  public Route endpoint(HttpMethod method, String template, Permission permission, List<String> queryParameters,
      Function<Call, Route> handler) {
    endpoints.add(new Endpoint(method.name(), template, permission, List.copyOf(queryParameters)));
    String[] pattern = template.split("/", -1);
    return extractUri(uri -> {
      Map<String, String> variables = match(pattern, uri.path());
      if (variables == null) {
        return reject();
      }
      return method(method, () -> guarded(uri, permission, queryParameters,
          (principal, query) -> handler.apply(new Call(principal, variables, query, uri.path()))));
    });
  }

  /**
   * An endpoint that needs no key because it serves no data (the OpenAPI document); unknown query parameters
   * are still refused.
   */
  public Route publicEndpoint(HttpMethod method, String template, java.util.function.Supplier<Route> handler) {
    endpoints.add(new Endpoint(method.name(), template, null, List.of()));
    String[] pattern = template.split("/", -1);
    return extractUri(uri -> match(pattern, uri.path()) == null ? reject() : method(method, () -> {
      query(uri, List.of());
      return handler.get();
    }));
  }

  /** The methods served on {@code path} (HEAD and OPTIONS included), or an empty list when no endpoint matches. */
  public List<String> allowed(String path) {
    java.util.TreeSet<String> methods = new java.util.TreeSet<>();
    for (Endpoint e : endpoints) {
      if (matches(e.path(), path)) {
        methods.add(e.method());
        if (e.method().equals("GET")) {
          methods.add("HEAD");
        }
      }
    }
    if (!methods.isEmpty()) {
      methods.add("OPTIONS");
    }
    return List.copyOf(methods);
  }

  private Route guarded(Uri uri, Permission permission, List<String> allowedQuery,
      java.util.function.BiFunction<Principal, Map<String, String>, Route> inner) {
    return optionalHeaderValueByName("Authorization", header ->
        onSuccess(authenticator.authenticate(header.orElse(null)), caller -> {
          Principal principal = caller.orElseThrow(ApiProblem::unauthorized);
          long wait = rateLimiter.acquire(principal);
          if (wait > 0) {
            throw ApiProblem.tooManyRequests(wait);
          }
          if (!principal.role().may(permission)) {
            throw ApiProblem.forbidden("Authorization", "the role " + principal.role() + " may not "
                + permission.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '));
          }
          return inner.apply(principal, query(uri, allowedQuery));
        }));
  }

  private static Map<String, String> query(Uri uri, List<String> allowed) {
    Map<String, String> values = new HashMap<>();
    for (Pair<String, String> p : uri.query().toList()) {
      if (!allowed.contains(p.first())) {
        throw ApiProblem.invalid(p.first(), "unknown query parameter" + (allowed.isEmpty()
            ? "; this endpoint takes none" : "; allowed: " + String.join(", ", allowed)));
      }
      if (values.put(p.first(), p.second()) != null) {
        throw ApiProblem.invalid(p.first(), "given more than once");
      }
    }
    return values;
  }

  /** Whether {@code path} is an instance of the endpoint path {@code template}. */
  public static boolean matches(String template, String path) {
    return match(template.split("/", -1), path) != null;
  }

  private static Map<String, String> match(String[] pattern, String path) {
    String[] segments = path.split("/", -1);
    if (segments.length != pattern.length) {
      return null;
    }
    Map<String, String> variables = new HashMap<>();
    for (int i = 0; i < pattern.length; i++) {
      String p = pattern[i];
      if (p.startsWith("{") && p.endsWith("}")) {
        if (segments[i].isEmpty()) {
          return null;
        }
        variables.put(p.substring(1, p.length() - 1), segments[i]);
      } else if (!p.equals(segments[i])) {
        return null;
      }
    }
    return variables;
  }
}
