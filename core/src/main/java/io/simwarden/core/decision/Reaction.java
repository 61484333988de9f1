package io.simwarden.core.decision;

import io.simwarden.core.detect.Detection;
import io.simwarden.core.detect.Finding;
import io.simwarden.core.detect.Response;
import io.simwarden.core.event.SimEvent;
import io.simwarden.core.policy.SimStatus;
import io.simwarden.core.state.SimState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What the network does about the detectors' findings: the profile's response to each.
 *
 * @param events      one {@code AnomalyDetected} per finding, and a {@code Suspended} after the first SUSPEND
 * @param detections  the findings as reported in the verdict
 * @param suspendedBy the detector identity that suspended the SIM, or {@code null}
 * @param throttles   whether a THROTTLE response applies from now on
 */
record Reaction(List<SimEvent> events, List<Detection> detections, String suspendedBy, boolean throttles) {

  static final Reaction NONE = new Reaction(List.of(), List.of(), null, false);

  /** Applies the profile's response to each finding; {@code suspending} when the request already suspends the SIM. */
  static Reaction react(SimState state, List<Finding> findings, Instant at, boolean suspending) {
    if (findings.isEmpty()) {
      return NONE;
    }
    List<SimEvent> events = new ArrayList<>(findings.size() + 1);
    List<Detection> detections = new ArrayList<>(findings.size());
    String suspendedBy = null;
    boolean throttles = false;
    for (Finding f : findings) {
      Response response = state.profile().responseTo(f.kind());
      events.add(new SimEvent.AnomalyDetected(at, f.kind(), f.score(), f.evidence(), response, null));
      detections.add(new Detection(f.kind(), f.score(), response));
      throttles |= response == Response.THROTTLE;
      if (response == Response.SUSPEND && suspendedBy == null && !suspending && state.status() == SimStatus.ACTIVE) {
        suspendedBy = NetworkDecider.detectorActor(f.kind());
        events.add(new SimEvent.Suspended(at, suspendedBy, f.kind() + ": " + f.evidence(), null));
      }
    }
    return new Reaction(events, List.copyOf(detections), suspendedBy, throttles);
  }
}
