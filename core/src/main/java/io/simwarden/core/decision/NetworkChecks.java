package io.simwarden.core.decision;

import io.simwarden.core.event.QuotaKind;
import io.simwarden.core.event.RejectReason;
import io.simwarden.core.event.SimEvent;
import io.simwarden.core.policy.Quota;
import io.simwarden.core.policy.Service;
import io.simwarden.core.policy.SimStatus;
import io.simwarden.core.state.QuotaCounter;
import io.simwarden.core.state.SimState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The checks several kinds of network request share: the SIM's status, its attachment, and quota crossings. */
final class NetworkChecks {

  private NetworkChecks() {}

  static RejectReason statusRefusal(SimStatus status) {
    switch (status) {
      case ACTIVE:
        return null;
      case ISSUED:
        return RejectReason.NOT_ACTIVATED;
      case SUSPENDED:
        return RejectReason.SUSPENDED;
      default:
        return RejectReason.TERMINATED;
    }
  }

  static Verdict attachedRefusal(SimState state) {
    if (!state.isProvisioned()) {
      return Verdict.refused(RejectReason.SIM_NOT_PROVISIONED);
    }
    RejectReason status = statusRefusal(state.status());
    if (status != null) {
      return Verdict.refused(status);
    }
    return state.lastAttach() == null ? Verdict.refused(RejectReason.NOT_ATTACHED) : null;
  }

  static Verdict dataRefusal(SimState state) {
    Verdict refusal = attachedRefusal(state);
    if (refusal != null) {
      return refusal;
    }
    if (!state.lastAttach().dataAllowed()) {
      return Verdict.refused(RejectReason.DATA_REFUSED);
    }
    return state.profile().allows(Service.DATA) ? null
        : Verdict.refused(RejectReason.SERVICE_NOT_ALLOWED, "DATA is not allowed by the profile");
  }

  /** {@code events} followed by the warning and exhaustion {@code used} crosses in the counter's period. */
  static List<SimEvent> quotaEvents(List<SimEvent> events, QuotaKind kind, Quota quota, QuotaCounter counter,
      long used, Instant at) {
    boolean warn = !counter.warned() && used >= quota.warningLevel();
    boolean exhaust = !counter.exhausted() && used >= quota.limit();
    if (!warn && !exhaust) {
      return events;
    }
    List<SimEvent> out = new ArrayList<>(events);
    if (warn) {
      out.add(new SimEvent.QuotaThresholdCrossed(at, kind, used, quota.limit(), null));
    }
    if (exhaust) {
      out.add(new SimEvent.QuotaExhausted(at, kind, used, quota.limit(), quota.onExhaustion(), null));
    }
    return out;
  }
}
