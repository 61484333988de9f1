package io.simwarden.node.api;

import static org.apache.pekko.http.javadsl.model.HttpMethods.GET;

import io.simwarden.node.security.Permission;
import io.simwarden.node.security.Principal;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/** Who the caller's key is: the dashboard shows only what the key's role may do. */
final class MeRoutes extends AllDirectives {
  private final Endpoints endpoints;

  MeRoutes(Endpoints endpoints) {
    this.endpoints = endpoints;
  }

  /**
   * @param fleetWide   whether the key sees every organisation (admin keys created with {@code --org '*'})
   * @param permissions what the role may do, e.g. {@code read_alerts}, {@code command}
   */
  record Me(String keyId, String role, String organisation, boolean fleetWide, List<String> permissions) {
    static Me of(Principal caller) {
      return new Me(caller.keyId(), caller.role().toString(), caller.organisation(), caller.fleetWide(),
          Arrays.stream(Permission.values()).filter(caller.role()::may)
              .map(p -> p.name().toLowerCase(Locale.ROOT)).toList());
    }
  }

  Route route() {
    // Every role may read SIMs, so this is any valid key asking who it is.
    return endpoints.endpoint(GET, "/api/v1/me", Permission.READ_SIM,
        call -> complete(Json.ok(Me.of(call.principal()))));
  }
}
