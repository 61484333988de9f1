package io.simwarden.node.api;

import io.simwarden.core.ValidationException;
import io.simwarden.core.decision.OperatorDecision;
import io.simwarden.core.entity.SimProtocol.CommandResult;
import io.simwarden.core.id.Imsi;
import io.simwarden.node.read.SimDirectory;
import io.simwarden.node.security.Principal;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.HttpCharset;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/** What every group of routes shares: reading bodies, finding the caller's SIM, turning refusals into problems. */
abstract class RouteSupport extends AllDirectives {
  /** The largest oversized JSON body that is read (and dropped) before the 413, rather than cut off. */
  private static final long DRAIN = 16L * 1024 * 1024;

  protected final ApiContext api;

  RouteSupport(ApiContext api) {
    this.api = api;
  }

  /** A required JSON body of at most {@code simwarden.http.max-body} bytes, read as {@code type}. */
  protected <T> Route jsonBody(Class<T> type, Function<T, Route> inner) {
    return extractRequestEntity(entity -> {
      if (entity.isKnownEmpty()) {
        throw ApiProblem.invalid("body", "a JSON body is required");
      }
      requireJson(entity);
      return onSuccess(strict(entity), bytes -> inner.apply(Json.read(bytes, type)));
    });
  }

  /** An optional JSON body: none at all, or one that must be valid. */
  protected <T> Route optionalJsonBody(Class<T> type, Function<Optional<T>, Route> inner) {
    return extractRequestEntity(entity -> {
      if (entity.isKnownEmpty()) {
        return inner.apply(Optional.empty());
      }
      requireJson(entity);
      return onSuccess(strict(entity), bytes -> inner.apply(bytes.length == 0 ? Optional.empty()
          : Optional.of(Json.read(bytes, type))));
    });
  }

  private CompletionStage<byte[]> strict(HttpEntity entity) {
    long limit = api.settings().maxBody();
    OptionalLong declared = entity.getContentLengthOption();
    if (declared.isPresent() && declared.getAsLong() > limit && declared.getAsLong() <= DRAIN) {
      // A client that is still sending would not read an early answer (its write fails when the connection
      // closes): a body of moderate size is read and dropped first, a larger one is cut.
      ApiProblem refused = tooLarge(declared.getAsLong(), limit);
      return entity.discardBytes(api.system()).completionStage().thenApply(done -> {
        throw refused;
      });
    }
    requireAtMost(entity, limit);
    return entity.withSizeLimit(limit).toStrict(api.askTimeout().toMillis(), limit, api.system())
        .thenApply(s -> s.getData().toArray());
  }

  /** A body that declares a length over {@code limit} is refused before a byte of it is read. */
  protected static void requireAtMost(HttpEntity entity, long limit) {
    OptionalLong declared = entity.getContentLengthOption();
    if (declared.isPresent() && declared.getAsLong() > limit) {
      throw tooLarge(declared.getAsLong(), limit);
    }
  }

  private static ApiProblem tooLarge(long declared, long limit) {
    return ApiProblem.tooLarge("the body is " + declared + " bytes, over this endpoint's limit of " + limit
        + " bytes");
  }

  private static void requireJson(HttpEntity entity) {
    ContentType type = entity.getContentType();
    if (!type.mediaType().equals(MediaTypes.APPLICATION_JSON)) {
      throw ApiProblem.unsupportedMediaType("send the body as 'Content-Type: application/json', not " + type);
    }
    requireUtf8(type);
  }

  /** JSON is UTF-8 (RFC 8259): a {@code charset} parameter may only say so. */
  protected static void requireUtf8(ContentType type) {
    String charset = type.getCharsetOption().map(HttpCharset::value).orElse("UTF-8");
    if (!charset.equalsIgnoreCase("UTF-8")) {
      throw ApiProblem.unsupportedMediaType("send the body in UTF-8 (RFC 8259), not " + charset);
    }
  }

  /** Parses a path's IMSI (15 digits or MCC-MNC-MSIN). */
  protected static Imsi imsi(String raw) {
    try {
      return Imsi.of(raw);
    } catch (ValidationException e) {
      throw ApiProblem.invalid("imsi", e.problem());
    }
  }

  /**
   * The SIM if the caller's organisation owns it, decided before the entity is touched. Another tenant's SIM
   * and an IMSI nobody provisioned give the same 404 after the same work ({@link SimDirectory#lookupVisible}),
   * so a caller cannot learn whether a foreign IMSI exists, from the answer or from its time.
   */
  protected CompletionStage<SimDirectory.Entry> owned(Principal caller, Imsi imsi) {
    return api.directory().lookupVisible(imsi.value(), caller::sees)
        .thenApply(entry -> entry.orElseThrow(() -> notFound(imsi)));
  }

  protected static ApiProblem notFound(Imsi imsi) {
    return ApiProblem.notFound("imsi", "no SIM " + imsi + " in your organisation");
  }

  /**
   * An entity's refusal as a problem: a refusal of bad input names its field (400 naming the field); a refusal
   * by state (a suspended SIM cannot be activated) is a conflict (409).
   */
  protected static ApiProblem refusal(CommandResult result) {
    return refusal(result.field(), result.error());
  }

  /** The same for a decision taken before anything was sent to the entity. */
  protected static ApiProblem refusal(OperatorDecision decision) {
    return refusal(decision.field(), decision.refusal());
  }

  private static ApiProblem refusal(String field, String error) {
    if (field == null) {
      return ApiProblem.conflict(null, error);
    }
    String prefix = field + ": ";
    return ApiProblem.invalid(field, error.startsWith(prefix) ? error.substring(prefix.length()) : error);
  }

  /** An integer query parameter within bounds. */
  protected static int intParam(Endpoints.Call call, String name, int defaultValue, int min, int max) {
    Optional<String> raw = call.query(name);
    if (raw.isEmpty()) {
      return defaultValue;
    }
    try {
      int value = Integer.parseInt(raw.get().trim());
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below with the accepted range
    }
    throw ApiProblem.invalid(name, "must be a whole number from " + min + " to " + max + ", got "
        + ValidationException.quote(raw.get()));
  }
}
