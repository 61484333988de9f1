package io.simwarden.node.api;

import static org.apache.pekko.http.javadsl.model.HttpMethods.GET;

import io.simwarden.core.policy.SimStatus;
import io.simwarden.node.read.FleetSummary;
import io.simwarden.node.security.Permission;
import io.simwarden.node.security.Principal;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.http.javadsl.server.Route;

/** SIM counts by status for the caller's organisation (every organisation for a fleet-wide key). */
final class FleetRoutes extends RouteSupport {
  private final Endpoints endpoints;

  FleetRoutes(ApiContext api, Endpoints endpoints) {
    super(api);
    this.endpoints = endpoints;
  }

  /**
   * @param asOf          start of the count these figures come from; absent until the first count finished
   * @param organisations SIMs per status per organisation, every status listed
   */
  record Summary(Instant asOf, Map<String, Map<SimStatus, Long>> organisations) {}

  Route route() {
    return endpoints.endpoint(GET, "/api/v1/fleet/summary", Permission.READ_SUMMARY, call ->
        onSuccess(AskPattern.<FleetSummary.Command, FleetSummary.Summary>ask(api.summary(), FleetSummary.Get::new,
                api.askTimeout(), api.system().scheduler()),
            summary -> complete(Json.ok(visible(call.principal(), summary)))));
  }

  private static Summary visible(Principal caller, FleetSummary.Summary all) {
    Map<String, Map<SimStatus, Long>> shown = new TreeMap<>();
    all.organisations().forEach((org, counts) -> {
      if (caller.sees(org)) {
        shown.put(org, complete(counts));
      }
    });
    if (!caller.fleetWide()) {
      shown.putIfAbsent(caller.organisation(), complete(Map.of()));
    }
    return new Summary(all.asOf(), shown);
  }

  private static Map<SimStatus, Long> complete(Map<SimStatus, Long> counts) {
    Map<SimStatus, Long> all = new EnumMap<>(SimStatus.class);
    for (SimStatus s : SimStatus.values()) {
      all.put(s, counts.getOrDefault(s, 0L));
    }
    return all;
  }
}
