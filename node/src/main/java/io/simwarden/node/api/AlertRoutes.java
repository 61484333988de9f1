package io.simwarden.node.api;

import static org.apache.pekko.http.javadsl.model.HttpMethods.GET;

import io.simwarden.core.EventTime;
import io.simwarden.core.ValidationException;
import io.simwarden.core.detect.AnomalyKind;
import io.simwarden.node.read.AlertCursor;
import io.simwarden.node.read.AlertView;
import io.simwarden.node.security.Permission;
import io.simwarden.node.security.Principal;
import io.simwarden.readside.AlertsByOrgTable;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.apache.pekko.http.javadsl.marshalling.sse.EventStreamMarshalling;
import org.apache.pekko.http.javadsl.model.sse.ServerSentEvent;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * Alerts from the alerts-by-org projection's table: pages ({@code GET /api/v1/alerts}) and a live Server-Sent
 * Events stream ({@code GET /api/v1/alerts/stream}) that resumes after the event named by {@code Last-Event-ID}.
 * Both read only the caller's organisation's alerts (a fleet-wide admin key: every organisation's), and their
 * cursors hold positions in those alerts only.
 */
final class AlertRoutes extends RouteSupport {
  private static final Set<String> KINDS = kinds();

  private final Endpoints endpoints;

  AlertRoutes(ApiContext api, Endpoints endpoints) {
    super(api);
    this.endpoints = endpoints;
  }

  Route route() {
    return concat(
        endpoints.endpoint(GET, "/api/v1/alerts", Permission.READ_ALERTS, List.of("since", "kind", "limit", "cursor"),
            this::page),
        endpoints.endpoint(GET, "/api/v1/alerts/stream", Permission.READ_ALERTS, List.of("since", "kind"),
            this::stream));
  }

  private Route page(Endpoints.Call call) {
    Set<String> kinds = kinds(call.query("kind"));
    int limit = intParam(call, "limit", 100, 1, api.settings().alertsMaxPage());
    Optional<String> cursor = call.query("cursor");
    if (cursor.isPresent() && call.query("since").isPresent()) {
      throw ApiProblem.invalid("cursor", "give either 'since' (first page) or 'cursor' (the next ones), not both");
    }
    AlertCursor from = cursor.isPresent() ? AlertCursor.decode("cursor", cursor.get())
        : api.alerts().startingAt(since(call).orElse(Instant.now().minus(api.settings().alertsWindow())));
    Principal caller = call.principal();
    return onSuccess(api.alerts().page(scope(caller), kinds, from, limit), page -> complete(Json.ok(page)));
  }

  private Route stream(Endpoints.Call call) {
    Set<String> kinds = kinds(call.query("kind"));
    Optional<Instant> since = since(call);
    Principal caller = call.principal();
    return optionalHeaderValueByName("Last-Event-ID", lastEventId -> {
      AlertCursor from = lastEventId.isPresent() ? AlertCursor.decode("Last-Event-ID", lastEventId.get().trim())
          : api.alerts().startingAt(since.orElseGet(Instant::now));
      return completeOK(api.alerts().live(scope(caller), kinds, from)
              .map(alert -> ServerSentEvent.create(new String(Json.bytes(alert), StandardCharsets.UTF_8),
                  Optional.empty(), Optional.of(alert.id()), OptionalInt.empty()))
              .keepAlive(api.settings().sseHeartbeat(), ServerSentEvent::heartbeat),
          EventStreamMarshalling.toEventStream());
    });
  }

  /** The organisation whose alerts the caller reads: its own, or every one's for a fleet-wide key. */
  private static String scope(Principal caller) {
    return caller.fleetWide() ? AlertsByOrgTable.FLEET_WIDE : caller.organisation();
  }

  /** {@code since}: an ISO-8601 instant, or an ISO-8601 duration meaning that long ago ({@code PT1H}). */
  private static Optional<Instant> since(Endpoints.Call call) {
    return call.query("since").map(text -> {
      String t = text.trim();
      Instant since;
      try {
        since = t.startsWith("P") || t.startsWith("p") ? Instant.now().minus(Duration.parse(t)) : Instant.parse(t);
      } catch (DateTimeException | ArithmeticException e) {
        throw ApiProblem.invalid("since", "must be an instant like 2026-11-25T08:00:00Z or a duration back from "
            + "now like PT1H; got " + ValidationException.quote(text));
      }
      if (!EventTime.accepted(since)) {
        throw ApiProblem.invalid("since", EventTime.outOfRange(since));
      }
      return since;
    });
  }

  private static Set<String> kinds(Optional<String> kind) {
    Set<String> chosen = new HashSet<>();
    kind.ifPresent(text -> {
      for (String k : text.split(",", -1)) {
        String name = k.trim().toUpperCase(Locale.ROOT);
        if (!KINDS.contains(name)) {
          throw ApiProblem.invalid("kind", ValidationException.quote(k) + " is not an alert type or anomaly kind; "
              + "use " + String.join(", ", AlertView.TYPES) + " or " + Arrays.toString(AnomalyKind.values()));
        }
        chosen.add(name);
      }
    });
    return chosen;
  }

  private static Set<String> kinds() {
    Set<String> all = new HashSet<>();
    AlertView.TYPES.forEach(t -> all.add(t.toUpperCase(Locale.ROOT)));
    Arrays.stream(AnomalyKind.values()).forEach(k -> all.add(k.name()));
    return Set.copyOf(all);
  }
}
