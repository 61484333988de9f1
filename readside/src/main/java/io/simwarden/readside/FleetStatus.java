package io.simwarden.readside;

import io.simwarden.core.event.SimEvent;
import io.simwarden.core.policy.SimStatus;

/**
 * What the fleet summary knows of one SIM: its organisation, its status, and the journal sequence number of the
 * last event that row reflects. {@link #after} is the pure fold of the lifecycle events, the same transitions as
 * {@code SimState.apply}.
 */
public record FleetStatus(String organisation, SimStatus status, long sequenceNr) {

  /**
   * The row after {@code event} (sequence number {@code sequenceNr}) of a SIM whose row was {@code before}
   * ({@code null}: none yet); {@code before} itself when the event does not change the status; {@code null} when
   * there is nothing to count (a lifecycle event of a SIM whose provisioning the summary never saw).
   */
  public static FleetStatus after(FleetStatus before, SimEvent event, long sequenceNr) {
    if (event instanceof SimEvent.Provisioned p) {
      return new FleetStatus(p.organisation(), SimStatus.ISSUED, sequenceNr);
    }
    if (before == null) {
      return null;
    }
    SimStatus status;
    if (event instanceof SimEvent.Activated || event instanceof SimEvent.Resumed) {
      status = SimStatus.ACTIVE;
    } else if (event instanceof SimEvent.Suspended) {
      status = SimStatus.SUSPENDED;
    } else if (event instanceof SimEvent.Terminated) {
      status = SimStatus.TERMINATED;
    } else {
      return before;
    }
    return new FleetStatus(before.organisation(), status, sequenceNr);
  }
}
