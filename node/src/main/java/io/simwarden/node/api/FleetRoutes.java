package io.simwarden.node.api;

import static org.apache.pekko.http.javadsl.model.HttpMethods.GET;

import io.simwarden.core.policy.SimStatus;
import io.simwarden.node.security.Permission;
import io.simwarden.node.security.Principal;
import io.simwarden.readside.FleetSummaryTable;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * SIM counts by status for the caller's organisation (every organisation for a fleet-wide key), as the
 * fleet-summary projection keeps them: one read of its table, nothing recounted.
 */
final class FleetRoutes extends RouteSupport {
  private final Endpoints endpoints;

  FleetRoutes(ApiContext api, Endpoints endpoints) {
    super(api);
    this.endpoints = endpoints;
  }

  /**
   * @param asOf          when the counts were read; they include the events written up to about {@code asOf} minus
   *                      {@code lagSeconds}
   * @param lagSeconds    write-to-count delay of the last event counted (the largest over the slices); absent until
   *                      the first was counted
   * @param organisations SIMs per status per organisation, every status listed
   */
  record Summary(Instant asOf, Double lagSeconds, Map<String, Map<SimStatus, Long>> organisations) {}

  Route route() {
    return endpoints.endpoint(GET, "/api/v1/fleet/summary", Permission.READ_SUMMARY, call ->
        onSuccess(api.summary().read(), counts -> complete(Json.ok(visible(call.principal(), counts)))));
  }

  private static Summary visible(Principal caller, FleetSummaryTable.Counts all) {
    Map<String, Map<SimStatus, Long>> shown = new TreeMap<>();
    all.organisations().forEach((org, counts) -> {
      if (caller.sees(org)) {
        shown.put(org, complete(counts));
      }
    });
    if (!caller.fleetWide()) {
      shown.putIfAbsent(caller.organisation(), complete(Map.of()));
    }
    return new Summary(all.asOf(), all.lag() == null ? null : all.lag().toMillis() / 1000.0, shown);
  }

  private static Map<SimStatus, Long> complete(Map<SimStatus, Long> counts) {
    Map<SimStatus, Long> all = new EnumMap<>(SimStatus.class);
    for (SimStatus s : SimStatus.values()) {
      all.put(s, counts.getOrDefault(s, 0L));
    }
    return all;
  }
}
