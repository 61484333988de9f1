package io.simwarden.core.decision;

import io.simwarden.core.detect.Detectors;
import io.simwarden.core.event.QuotaKind;
import io.simwarden.core.event.RejectReason;
import io.simwarden.core.event.SimEvent;
import io.simwarden.core.policy.Quota;
import io.simwarden.core.policy.QuotaAction;
import io.simwarden.core.policy.Service;
import io.simwarden.core.policy.SmsDestination;
import io.simwarden.core.state.QuotaCounter;
import io.simwarden.core.state.SimState;
import io.simwarden.core.traffic.UsageAccumulator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Decides a SIM's SMS, sent or received: the profile's services, the SMS quota, and the SMS detector. */
final class SmsDecider {

  private final Detectors detectors;

  SmsDecider(Detectors detectors) {
    this.detectors = detectors;
  }

  /**
   * An SMS sent ({@code SMS_MO}) to a number of class {@code to} ({@code null}: domestic), or received
   * ({@code SMS_MT}) by the SIM.
   */
  NetworkDecision sms(NetworkContext c, Service direction, SmsDestination to) {
    SimState state = c.state();
    UsageAccumulator window = c.window();
    Instant at = c.at();
    if (direction != Service.SMS_MO && direction != Service.SMS_MT) {
      throw new IllegalArgumentException("not an SMS direction: " + direction);
    }
    Verdict refusal = NetworkChecks.attachedRefusal(state);
    if (refusal != null) {
      return NetworkDecision.refused(refusal);
    }
    if (!state.profile().allows(direction)) {
      return new NetworkDecision(List.of(new SimEvent.SmsBlocked(at, direction, RejectReason.SERVICE_NOT_ALLOWED,
          null)), Verdict.refused(RejectReason.SERVICE_NOT_ALLOWED, direction + " is not allowed by the profile"));
    }
    Quota quota = state.profile().smsQuota();
    QuotaCounter counter = SimState.count(state.sms(), quota, at);
    if (quota != null && counter.exhausted() && quota.onExhaustion() == QuotaAction.BLOCK) {
      return new NetworkDecision(List.of(new SimEvent.SmsBlocked(at, direction, RejectReason.QUOTA_EXHAUSTED, null)),
          Verdict.refused(RejectReason.QUOTA_EXHAUSTED, "SMS quota of " + quota.limit() + " used up"));
    }
    window.openAt(at.toEpochMilli());
    SmsDestination mo = direction != Service.SMS_MO ? null : to == null ? SmsDestination.DOMESTIC : to;
    if (direction == Service.SMS_MO) {
      window.addSmsMo(mo);
    } else {
      window.addSmsMt();
    }
    List<SimEvent> events = quota == null ? List.of()
        : NetworkChecks.quotaEvents(List.of(), QuotaKind.SMS, quota, counter, counter.used() + window.sms(), at);
    Reaction reaction = Reaction.react(state, detectors.sms(c.watch(), state.baseline(), window, at.toEpochMilli(), mo),
        at, false);
    if (!reaction.events().isEmpty()) {
      events = new ArrayList<>(events);
      events.addAll(reaction.events());
    }
    return new NetworkDecision(events, Verdict.OK.withDetections(reaction.detections()));
  }
}
