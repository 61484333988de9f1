package io.simwarden.core.detect;

import static io.simwarden.core.detect.Attacks.DROP_SERVER;
import static io.simwarden.core.detect.Attacks.under;
import static io.simwarden.core.detect.Attacks.warmed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simwarden.core.decision.OperatorDecider;
import io.simwarden.core.detect.Device.Archetype;
import io.simwarden.core.firewall.FirewallRule;
import io.simwarden.core.firewall.RuleAction;
import io.simwarden.core.id.Cidr;
import io.simwarden.core.id.IpAddress;
import io.simwarden.core.id.PortRange;
import io.simwarden.core.traffic.Direction;
import io.simwarden.core.traffic.Flow;
import io.simwarden.core.traffic.Protocol;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A firmware rollout that makes a camera report to a new endpoint is, for one SIM, an upload to a new server. When
 * the operator declares the endpoint with the rollout (an explicit firewall ALLOW naming it), the detectors take it
 * as known; a leak to any other new server is still found.
 */
class DeclaredDestinationsTest {

  static final IpAddress ANALYTICS = IpAddress.of("198.51.100.90");
  static final Instant ROLLOUT = Device.MONDAY.plus(Duration.ofDays(2));

  static Device update(boolean declared, long bytesPerHour, List<Flow> alsoEachReport) {
    Device camera = warmed(Archetype.CAMERA, 43, Duration.ofDays(2));
    if (declared) {
      camera.twin.operator(OperatorDecider.setFirewall(camera.twin.state, ROLLOUT, "ops", List.of(new FirewallRule(
          "firmware-update", 10, RuleAction.ALLOW, Direction.BOTH, Protocol.TCP, Cidr.of("198.51.100.90/32"),
          PortRange.single(8443)))));
    }
    under(camera, ROLLOUT.plusSeconds(300), Duration.ofHours(24), () -> {
      List<Flow> flows = new java.util.ArrayList<>(alsoEachReport);
      flows.add(Attacks.upload(ANALYTICS, 8443, bytesPerHour / 12));
      return flows;
    });
    return camera;
  }

  /** Before: NEW_DESTINATION on every camera of the model from about 50 kB/h (the old false alarm). */
  @ParameterizedTest
  @ValueSource(longs = {100_000, 1_000_000})
  void anUndeclaredEndpointIsANewDestination(long bytesPerHour) {
    Device camera = update(false, bytesPerHour, List.of());
    assertTrue(camera.twin.kinds().contains(AnomalyKind.NEW_DESTINATION), camera.twin.kinds().toString());
  }

  /** Up to the rate at which the camera's own volume changes (that is still judged, by VOLUME_SPIKE). */
  @ParameterizedTest
  @ValueSource(longs = {100_000, 1_000_000})
  void aDeclaredEndpointIsNoNewDestination(long bytesPerHour) {
    Device camera = update(true, bytesPerHour, List.of());
    assertEquals(List.of(), camera.twin.kinds());
    assertTrue(camera.twin.state.baseline().knowsDestination(ANALYTICS), "the declared endpoint is learned");
  }

  @ParameterizedTest
  @ValueSource(longs = {800_000, 3_000_000})
  void aLeakToAnotherServerIsStillFound(long bytesPerHour) {
    Device camera = update(true, 100_000, List.of(Attacks.upload(DROP_SERVER, 443, bytesPerHour / 12)));
    assertTrue(camera.twin.kinds().contains(AnomalyKind.NEW_DESTINATION), camera.twin.kinds().toString());
  }
}
