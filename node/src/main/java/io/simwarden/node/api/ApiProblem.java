package io.simwarden.node.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.datastax.oss.driver.api.core.DriverException;
import io.simwarden.core.ValidationException;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.http.scaladsl.model.EntityStreamException;
import org.apache.pekko.http.scaladsl.model.EntityStreamSizeException;
import org.apache.pekko.http.scaladsl.model.IllegalUriException;
import org.apache.pekko.stream.scaladsl.Framing;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;

/**
 * An error the API reports to its caller as {@code application/problem+json} (RFC 9457): thrown anywhere
 * in a route and turned into the response by {@link ApiRoutes}.
 */
public final class ApiProblem extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(ApiProblem.class);

  /** The JSON body. {@code field} names the offending input, when there is one. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Body(String type, String title, int status, String detail, String field, String instance) {}

  private final transient StatusCode status;
  private final String slug;
  private final String field;
  private final transient List<HttpHeader> headers;

  private ApiProblem(StatusCode status, String slug, String field, String detail, List<HttpHeader> headers) {
    super(detail);
    this.status = status;
    this.slug = slug;
    this.field = field;
    this.headers = headers;
  }

  public static ApiProblem invalid(String field, String detail) {
    return new ApiProblem(StatusCodes.BAD_REQUEST, "invalid-request", field, detail, List.of());
  }

  public static ApiProblem unauthorized() {
    return new ApiProblem(StatusCodes.UNAUTHORIZED, "unauthorized", "Authorization",
        "send 'Authorization: Bearer <keyId>.<secret>' with a valid, unrevoked API key",
        List.of(RawHeader.create("WWW-Authenticate", "Bearer realm=\"simwarden\"")));
  }

  public static ApiProblem forbidden(String field, String detail) {
    return new ApiProblem(StatusCodes.FORBIDDEN, "forbidden", field, detail, List.of());
  }

  public static ApiProblem notFound(String field, String detail) {
    return new ApiProblem(StatusCodes.NOT_FOUND, "not-found", field, detail, List.of());
  }

  public static ApiProblem methodNotAllowed(String detail, String allow) {
    return new ApiProblem(StatusCodes.METHOD_NOT_ALLOWED, "method-not-allowed", null, detail,
        List.of(RawHeader.create("Allow", allow)));
  }

  public static ApiProblem conflict(String field, String detail) {
    return new ApiProblem(StatusCodes.CONFLICT, "conflict", field, detail, List.of());
  }

  public static ApiProblem tooLarge(String detail) {
    return new ApiProblem(StatusCodes.CONTENT_TOO_LARGE, "payload-too-large", "body", detail, List.of());
  }

  public static ApiProblem unsupportedMediaType(String detail) {
    return new ApiProblem(StatusCodes.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type", "Content-Type", detail,
        List.of());
  }

  /** A body in another encoding than UTF-8 (JSON is UTF-8 only, RFC 8259). */
  public static ApiProblem notUtf8(String detail) {
    return new ApiProblem(StatusCodes.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type", "body", detail, List.of());
  }

  public static ApiProblem tooManyRequests(long retryAfterSeconds) {
    return new ApiProblem(StatusCodes.TOO_MANY_REQUESTS, "rate-limited", null,
        "this API key's request rate is exceeded; retry after " + retryAfterSeconds + " s",
        List.of(RawHeader.create("Retry-After", Long.toString(retryAfterSeconds))));
  }

  public static ApiProblem unavailable(String detail) {
    return new ApiProblem(StatusCodes.SERVICE_UNAVAILABLE, "unavailable", null, detail,
        List.of(RawHeader.create("Retry-After", "1")));
  }

  /**
   * A fleet-wide forensic query on a cluster without a complete forensic index: the condition is the server's, not
   * the request's, and the same request succeeds once the index is kept; {@code retryAfterSeconds} when it is being
   * built (null when only the operator can change it).
   */
  public static ApiProblem forensicIndexUnavailable(String detail, Long retryAfterSeconds) {
    return new ApiProblem(StatusCodes.SERVICE_UNAVAILABLE, "forensic-index-unavailable", null, detail,
        retryAfterSeconds == null ? List.of()
            : List.of(RawHeader.create("Retry-After", Long.toString(retryAfterSeconds))));
  }

  /** A request that ran past the node's request timeout (a long query, a journal that is slow to answer). */
  public static ApiProblem timedOut(String detail) {
    return new ApiProblem(StatusCodes.SERVICE_UNAVAILABLE, "timeout", null, detail,
        List.of(RawHeader.create("Retry-After", "5")));
  }

  public static ApiProblem internal() {
    return new ApiProblem(StatusCodes.INTERNAL_SERVER_ERROR, "internal-error", null,
        "the node failed to answer; the error is in its log", List.of());
  }

  /**
   * The problem to report for any failure of a route: its own problems as they are, bad input as 4xx, an
   * unreachable entity or journal as 503, and anything else as 500 (logged, since it is a bug).
   */
  public static ApiProblem from(Throwable error) {
    Throwable t = error;
    while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    if (t instanceof ApiProblem p) {
      return p;
    }
    if (t instanceof ValidationException v) {
      return invalid(v.field(), v.problem());
    }
    if (t instanceof EntityStreamSizeException s) {
      return tooLarge("the body is larger than this endpoint's limit of " + s.limit() + " bytes");
    }
    if (t instanceof Framing.FramingException f) {
      return tooLarge("a line is too long (" + f.getMessage() + ")");
    }
    if (t instanceof EntityStreamException b && b.info().summary().startsWith("Request too large")) {
      return tooLarge("the body is larger than this endpoint's limit: " + b.info().detail());
    }
    if (t instanceof EntityStreamException b) {
      return invalid("body", "the body could not be read: " + b.info().summary());
    }
    if (t instanceof IllegalUriException u) {
      return invalid("query", u.info().summary());
    }
    if (t instanceof TimeoutException) {
      return unavailable("no answer in time: the SIM's shard may be moving to another node; retry");
    }
    if (t instanceof java.time.DateTimeException d) {
      return invalid(null, "an instant is out of range: " + d.getMessage());
    }
    if (t instanceof DriverException) {
      return unavailable("the journal (Cassandra) did not answer: " + t.getMessage());
    }
    LOG.error("request failed", t);
    return internal();
  }

  public StatusCode status() {
    return status;
  }

  public String field() {
    return field;
  }

  public Body body(String instance) {
    return new Body("urn:simwarden:problem:" + slug, status.reason(), status.intValue(), getMessage(), field,
        instance);
  }

  public HttpResponse toResponse(String instance) {
    return Json.response(status, Json.PROBLEM, body(instance)).addHeaders(headers);
  }
}
