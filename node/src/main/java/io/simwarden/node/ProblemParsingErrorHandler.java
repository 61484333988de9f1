package io.simwarden.node;

import io.simwarden.node.api.ApiProblem;
import io.simwarden.node.api.Json;
import org.apache.pekko.event.LoggingAdapter;
import org.apache.pekko.http.ParsingErrorHandler;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.scaladsl.model.ErrorInfo;
import org.apache.pekko.http.scaladsl.model.StatusCode;
import org.apache.pekko.http.scaladsl.settings.ServerSettings;

/**
 * Requests too malformed to reach any route (a broken request line or header, a URI or header that is too
 * long) get a problem+json body like every other error ({@code pekko.http.server.parsing.error-handler}).
 */
public final class ProblemParsingErrorHandler extends ParsingErrorHandler {

  @Override
  public HttpResponse handle(StatusCode status, ErrorInfo info, LoggingAdapter log, ServerSettings settings) {
    log.debug("unparseable request: {}", info.formatPretty());
    // An unknown method or HTTP version is the client's mistake: 405 rather than the parser's 501, 400 rather
    // than its 505, so that bad input stays 4xx.
    org.apache.pekko.http.javadsl.model.StatusCode answered = status.intValue() == 501
        ? StatusCodes.METHOD_NOT_ALLOWED : status.intValue() >= 500 ? StatusCodes.BAD_REQUEST
        : StatusCodes.get(status.intValue());
    ApiProblem.Body body = new ApiProblem.Body("urn:simwarden:problem:malformed-request", answered.reason(),
        answered.intValue(), info.summary(), null, null);
    return Json.response(answered, Json.PROBLEM, body);
  }
}
