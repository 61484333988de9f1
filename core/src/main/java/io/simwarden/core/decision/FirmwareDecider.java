package io.simwarden.core.decision;

import io.simwarden.core.event.RejectReason;
import io.simwarden.core.event.SimEvent;
import io.simwarden.core.policy.FleetPolicy;
import io.simwarden.core.state.SimState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Decides a device's firmware reports: a change of version, the completion of a requested update, and firmware the
 * fleet policy knows to be vulnerable.
 */
final class FirmwareDecider {

  private FirmwareDecider() {}

  static NetworkDecision firmwareReported(NetworkContext c, String version) {
    SimState state = c.state();
    FleetPolicy fleet = c.fleet();
    Instant at = c.at();
    if (!state.isProvisioned()) {
      return NetworkDecision.refused(Verdict.refused(RejectReason.SIM_NOT_PROVISIONED));
    }
    String previous = state.device().firmwareVersion();
    boolean completes = version.equals(state.requestedFirmware());
    List<SimEvent> events = new ArrayList<>(2);
    if (!version.equals(previous) || completes) {
      events.add(new SimEvent.FirmwareReported(at, previous, version, completes, null));
    }
    boolean stillFlagged = version.equals(previous) && version.equals(state.vulnerableFirmware());
    if (fleet.isVulnerable(version) && !stillFlagged) {
      events.add(new SimEvent.VulnerableFirmwareFlagged(at, version, null));
    }
    return new NetworkDecision(events, Verdict.OK);
  }
}
