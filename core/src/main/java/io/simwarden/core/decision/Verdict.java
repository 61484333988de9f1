package io.simwarden.core.decision;

import io.simwarden.core.CborSerializable;
import io.simwarden.core.detect.Detection;
import io.simwarden.core.event.RejectReason;
import java.util.List;

/**
 * The network's answer to an attach, traffic report, SMS or device report.
 *
 * @param accepted     whether the request as a whole was accepted (a traffic report is accepted even if
 *                     some of its flows were blocked)
 * @param reason       why it was refused ({@code null} when accepted)
 * @param detail       human-readable detail of the refusal ({@code null} when accepted)
 * @param allowedFlows flows carried (traffic reports)
 * @param blockedFlows flows refused (traffic reports)
 * @param dataAllowed  whether data may flow after this attach
 * @param throttled    whether usage is throttled (THROTTLE quota used up, or a THROTTLE response)
 * @param detections   anomalies this request made a detector report (usually empty)
 */
public record Verdict(boolean accepted, RejectReason reason, String detail, int allowedFlows, int blockedFlows,
    boolean dataAllowed, boolean throttled, List<Detection> detections) implements CborSerializable {

  public static final Verdict OK = new Verdict(true, null, null, 0, 0, true, false, List.of());

  public Verdict {
    detections = detections == null ? List.of() : detections;
  }

  public static Verdict refused(RejectReason reason, String detail) {
    return new Verdict(false, reason, detail, 0, 0, false, false, List.of());
  }

  /** The same verdict reporting {@code found}. */
  public Verdict withDetections(List<Detection> found) {
    return found.isEmpty() ? this
        : new Verdict(accepted, reason, detail, allowedFlows, blockedFlows, dataAllowed, throttled, found);
  }

  public static Verdict refused(RejectReason reason) {
    return refused(reason, reason.description());
  }
}
