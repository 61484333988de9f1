package io.simwarden.core.decision;

import io.simwarden.core.CborSerializable;
import io.simwarden.core.event.RejectReason;

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
 * @param throttled    whether usage is throttled because a THROTTLE quota is used up
 */
public record Verdict(boolean accepted, RejectReason reason, String detail, int allowedFlows, int blockedFlows,
    boolean dataAllowed, boolean throttled) implements CborSerializable {

  public static final Verdict OK = new Verdict(true, null, null, 0, 0, true, false);

  public static Verdict refused(RejectReason reason, String detail) {
    return new Verdict(false, reason, detail, 0, 0, false, false);
  }

  public static Verdict refused(RejectReason reason) {
    return refused(reason, reason.description());
  }
}
