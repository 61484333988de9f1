package io.simwarden.node.api;

import io.simwarden.core.ValidationException;
import io.simwarden.core.decision.OperatorDecision;
import io.simwarden.core.entity.SimEntity.CommandResult;
import io.simwarden.core.id.Imsi;
import io.simwarden.node.read.SimDirectory;
import io.simwarden.node.security.Principal;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/** What every group of routes shares: reading bodies, finding the caller's SIM, turning refusals into problems. */
abstract class RouteSupport extends AllDirectives {
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
    return entity.withSizeLimit(api.settings().maxBody()).toStrict(api.askTimeout().toMillis(), api.system())
        .thenApply(s -> s.getData().toArray());
  }

  private static void requireJson(HttpEntity entity) {
    ContentType type = entity.getContentType();
    if (!type.mediaType().equals(MediaTypes.APPLICATION_JSON)) {
      throw ApiProblem.unsupportedMediaType("send the body as 'Content-Type: application/json', not " + type);
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
   * The SIM if the caller's organisation owns it. Another tenant's SIM and an IMSI nobody provisioned give
   * the same 404, so a caller cannot even learn whether a foreign IMSI exists.
   */
  protected CompletionStage<SimDirectory.Entry> owned(Principal caller, Imsi imsi) {
    return api.directory().lookup(imsi.value()).thenApply(entry -> entry
        .filter(sim -> caller.sees(sim.organisation()))
        .orElseThrow(() -> notFound(imsi)));
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
