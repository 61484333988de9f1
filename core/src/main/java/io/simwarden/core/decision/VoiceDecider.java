package io.simwarden.core.decision;

import io.simwarden.core.detect.Detectors;
import io.simwarden.core.detect.Finding;
import io.simwarden.core.event.RejectReason;
import io.simwarden.core.event.SimEvent;
import io.simwarden.core.policy.CallDestination;
import io.simwarden.core.policy.ConnectivityProfile;
import io.simwarden.core.policy.Service;
import io.simwarden.core.state.SimState;
import io.simwarden.core.traffic.Call;
import io.simwarden.core.traffic.UsageAccumulator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Decides a SIM's mobile-originated call attempts: the profile's VOICE service and destinations, QUARANTINE, and
 * the voice detector.
 */
final class VoiceDecider {

  private final Detectors detectors;

  VoiceDecider(Detectors detectors) {
    this.detectors = detectors;
  }

  /**
   * A mobile-originated call attempt. Refused without a journal entry when the SIM is not provisioned,
   * not ACTIVE or not attached; otherwise refused as {@code VoiceCallBlocked} when the profile has no VOICE
   * ({@code SERVICE_NOT_ALLOWED}), does not allow the called number's class, or a QUARANTINE response is in
   * force and the call is not an emergency call ({@code DESTINATION_NOT_ALLOWED}). A carried call is
   * counted in the usage window with its connected seconds. The voice detector judges every attempt,
   * carried or refused; when its SUSPEND response suspends the SIM, the call is refused as well.
   */
  NetworkDecision voiceCall(NetworkContext c, Call call) {
    SimState state = c.state();
    UsageAccumulator window = c.window();
    Instant at = c.at();
    Verdict refusal = NetworkChecks.attachedRefusal(state);
    if (refusal != null) {
      return NetworkDecision.refused(refusal);
    }
    ConnectivityProfile profile = state.profile();
    CallDestination destination = call.destination();
    RejectReason reason = null;
    String detail = null;
    if (!profile.allows(Service.VOICE)) {
      reason = RejectReason.SERVICE_NOT_ALLOWED;
      detail = "VOICE is not allowed by the profile";
    } else if (!profile.allowsCallTo(destination)) {
      reason = RejectReason.DESTINATION_NOT_ALLOWED;
      detail = destination + " numbers are not among the profile's voice destinations "
          + profile.voiceDestinations();
    } else if (state.quarantined() && destination != CallDestination.EMERGENCY) {
      reason = RejectReason.DESTINATION_NOT_ALLOWED;
      detail = "a QUARANTINE response is in force: emergency calls only";
    }
    long atMillis = at.toEpochMilli();
    List<Finding> found = detectors.voiceCall(c.watch(), state.baseline(), window, atMillis, destination,
        call.seconds(), reason != null);
    Reaction reaction = Reaction.react(state, found, at, false);
    if (reason == null && reaction.suspendedBy() != null) {
      reason = RejectReason.SUSPENDED;
      detail = "SIM suspended by " + reaction.suspendedBy();
    }
    if (reason == null || !found.isEmpty()) {
      window.openAt(atMillis);
    }
    if (reason == null) {
      window.addCall(destination, call.seconds());
      return new NetworkDecision(reaction.events(), Verdict.OK.withDetections(reaction.detections()));
    }
    // Detections precede the refusal they judge, as for an attach.
    List<SimEvent> events = new ArrayList<>(reaction.events().size() + 1);
    events.addAll(reaction.events());
    events.add(new SimEvent.VoiceCallBlocked(at, destination, reason, detail, null));
    return new NetworkDecision(events, Verdict.refused(reason, detail).withDetections(reaction.detections()));
  }
}
