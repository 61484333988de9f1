package io.simwarden.core.decision;

import io.simwarden.core.event.QuotaKind;
import io.simwarden.core.event.RejectReason;
import io.simwarden.core.event.SimEvent;
import io.simwarden.core.firewall.Firewall;
import io.simwarden.core.id.Apn;
import io.simwarden.core.id.Imei;
import io.simwarden.core.id.Plmn;
import io.simwarden.core.policy.ConnectivityProfile;
import io.simwarden.core.policy.EncryptionPolicy;
import io.simwarden.core.policy.FleetPolicy;
import io.simwarden.core.policy.ImeiLock;
import io.simwarden.core.policy.PrivateNetwork;
import io.simwarden.core.policy.Quota;
import io.simwarden.core.policy.QuotaAction;
import io.simwarden.core.policy.Rat;
import io.simwarden.core.policy.Service;
import io.simwarden.core.policy.SimStatus;
import io.simwarden.core.state.AttachContext;
import io.simwarden.core.state.QuotaCounter;
import io.simwarden.core.state.SimState;
import io.simwarden.core.traffic.Flow;
import io.simwarden.core.traffic.UsageAccumulator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Decides what the network does with a SIM's attach, traffic, SMS and device reports: "why was this
 * attach rejected" is answered here and nowhere else.
 *
 * <p>Deterministic: a decision depends only on the SIM's state, the fleet policy, the open usage
 * window and the request, never on the wall clock. The usage window ({@link UsageAccumulator}) is the
 * one piece of working memory it updates: compliant usage is counted there and journaled once per
 * window instead of per report. Callers close a due window first ({@link UsageWindows}).
 */
public final class NetworkDecider {

  /** Operator identity recorded when the network itself suspends a SIM. */
  public static final String IMEI_LOCK_ACTOR = "network:imei-lock";

  private final int maxBlockedEndpoints;

  /** @param maxBlockedEndpoints how many distinct endpoints a {@code FlowsBlocked} event names */
  public NetworkDecider(int maxBlockedEndpoints) {
    this.maxBlockedEndpoints = maxBlockedEndpoints;
  }

  // ---- attach -------------------------------------------------------------------------------------

  public NetworkDecision attach(SimState state, FleetPolicy fleet, UsageAccumulator window, Imei imei, Rat rat,
      Plmn plmn, Apn apn, Instant at) {
    if (!state.isProvisioned()) {
      return NetworkDecision.refused(Verdict.refused(RejectReason.SIM_NOT_PROVISIONED));
    }
    RejectReason statusReason = statusRefusal(state.status());
    if (statusReason != null) {
      return rejectAttach(at, imei, rat, plmn, apn, statusReason, statusReason.description());
    }
    if (fleet.isStolen(imei)) {
      return rejectAttach(at, imei, rat, plmn, apn, RejectReason.IMEI_BLOCKLISTED,
          "IMEI " + imei + " is on the stolen-device blocklist");
    }
    ConnectivityProfile profile = state.profile();
    if (!profile.allows(rat)) {
      return rejectAttach(at, imei, rat, plmn, apn, RejectReason.RAT_NOT_ALLOWED,
          rat + " not in the profile's RATs " + profile.rats());
    }
    if (!profile.plmns().allows(plmn)) {
      return rejectAttach(at, imei, rat, plmn, apn, RejectReason.PLMN_NOT_ALLOWED,
          "network " + plmn + " is neither home nor on the roaming allowlist");
    }
    if (!profile.allowsApn(apn)) {
      return rejectAttach(at, imei, rat, plmn, apn, RejectReason.APN_NOT_ALLOWED,
          "APN " + apn + " not in the profile's APNs " + profile.apns());
    }

    List<SimEvent> events = new ArrayList<>(3);
    ImeiLock lock = state.imeiLock();
    boolean dataAllowed = true;
    if (!lock.admits(imei)) {
      ImeiLock.MismatchAction action = lock.suspendOnMismatch() ? ImeiLock.MismatchAction.REJECT_ATTACH
          : lock.onMismatch();
      events.add(new SimEvent.ImeiMismatch(at, lock.expectation(), imei, action, null));
      if (lock.suspendOnMismatch()) {
        events.add(new SimEvent.Suspended(at, IMEI_LOCK_ACTOR,
            "IMEI mismatch: expected " + lock.expectation() + ", seen " + imei, null));
      }
      if (lock.onMismatch() == ImeiLock.MismatchAction.REJECT_ATTACH || lock.suspendOnMismatch()) {
        String detail = "device " + imei + " is not the one this SIM is locked to ("
            + lock.expectation() + ")" + (lock.suspendOnMismatch() ? "; SIM suspended" : "");
        events.add(new SimEvent.AttachRejected(at, imei, rat, plmn, apn, RejectReason.IMEI_MISMATCH, detail, null));
        return new NetworkDecision(events, Verdict.refused(RejectReason.IMEI_MISMATCH, detail));
      }
      dataAllowed = false;
    } else if (lock.awaitsBinding()) {
      events.add(new SimEvent.ImeiBound(at, imei, null));
    }

    window.openAt(at.toEpochMilli());
    window.addAttach();
    boolean roaming = profile.plmns().isRoaming(plmn);
    AttachContext last = state.lastAttach();
    if (last == null || !last.sameAs(imei, rat, plmn, apn) || last.dataAllowed() != dataAllowed
        || !events.isEmpty()) {
      events.add(new SimEvent.AttachAccepted(at, imei, rat, plmn, apn, dataAllowed, roaming, null));
    }
    String firmware = state.device().firmwareVersion();
    if (fleet.isVulnerable(firmware) && !firmware.equals(state.vulnerableFirmware())) {
      events.add(new SimEvent.VulnerableFirmwareFlagged(at, firmware, null));
    }
    Verdict verdict = dataAllowed ? Verdict.OK
        : new Verdict(true, RejectReason.DATA_REFUSED, "attach accepted, data refused: IMEI lock mismatch", 0, 0,
            false, false, List.of());
    return new NetworkDecision(events, verdict);
  }

  public NetworkDecision detach(SimState state, UsageAccumulator window, Instant at) {
    if (!state.isProvisioned()) {
      return NetworkDecision.refused(Verdict.refused(RejectReason.SIM_NOT_PROVISIONED));
    }
    window.openAt(at.toEpochMilli());
    window.addDetach();
    return new NetworkDecision(List.of(), Verdict.OK);
  }

  // ---- traffic ------------------------------------------------------------------------------------

  /**
   * One report interval of flow summaries. Allowed flows are counted in the usage window; refused ones
   * are journaled as one {@code FlowsBlocked} per rule or reason. Evaluating a compliant flow allocates
   * nothing.
   */
  public NetworkDecision traffic(SimState state, Firewall firewall, UsageAccumulator window, List<Flow> flows,
      Instant at) {
    Verdict refusal = dataRefusal(state);
    if (refusal != null) {
      return NetworkDecision.refused(refusal);
    }
    ConnectivityProfile profile = state.profile();
    Quota quota = profile.dataQuota();
    QuotaCounter counter = SimState.count(state.data(), quota, at);
    if (quota != null && counter.exhausted() && quota.onExhaustion() == QuotaAction.BLOCK) {
      return NetworkDecision.refused(new Verdict(false, RejectReason.QUOTA_EXHAUSTED,
          "data quota of " + quota.limit() + " bytes used up for this period", 0, flows.size(), true, false,
          List.of()));
    }
    window.openAt(at.toEpochMilli());
    PrivateNetwork privateNetwork = profile.privateNetwork();
    EncryptionPolicy unencrypted = profile.unencrypted();
    BlockedFlows blocked = null;
    BlockedFlows unencryptedAllowed = null;
    int allowed = 0;
    for (int i = 0, n = flows.size(); i < n; i++) {
      Flow f = flows.get(i);
      boolean leaves = privateNetwork.leaves(f.remote());
      if (leaves && privateNetwork.enabled() && !privateNetwork.internetBreakout()) {
        blocked = BlockedFlows.add(blocked, RejectReason.PRIVATE_NETWORK, "private-network", f);
        continue;
      }
      int rule = firewall.match(f.direction(), f.protocol(), f.remote(), f.port());
      if (!firewall.allows(rule)) {
        blocked = BlockedFlows.add(blocked, RejectReason.FIREWALL, firewall.ruleId(rule), f);
        continue;
      }
      if (leaves && !f.encrypted() && unencrypted != EncryptionPolicy.ALLOW) {
        if (unencrypted == EncryptionPolicy.BLOCK) {
          blocked = BlockedFlows.add(blocked, RejectReason.UNENCRYPTED, "encryption", f);
          continue;
        }
        unencryptedAllowed = BlockedFlows.add(unencryptedAllowed, RejectReason.UNENCRYPTED, "encryption", f);
      }
      window.addFlow(f);
      allowed++;
    }

    List<SimEvent> events = List.of();
    if (blocked != null || unencryptedAllowed != null) {
      events = new ArrayList<>();
      for (BlockedFlows b = blocked; b != null; b = b.next) {
        events.add(new SimEvent.FlowsBlocked(at, b.reason, b.ruleId, b.flows, b.bytes,
            b.endpoints(maxBlockedEndpoints), null));
      }
      if (unencryptedAllowed != null) {
        events.add(new SimEvent.UnencryptedTrafficDetected(at, unencryptedAllowed.flows, unencryptedAllowed.bytes,
            unencryptedAllowed.endpoints(maxBlockedEndpoints), null));
      }
    }
    boolean throttled = false;
    if (quota != null) {
      events = quotaEvents(events, QuotaKind.DATA, quota, counter, counter.used() + window.bytes(), at);
      throttled = quota.onExhaustion() == QuotaAction.THROTTLE
          && (counter.exhausted() || counter.used() + window.bytes() >= quota.limit());
      if (throttled) {
        window.markThrottled();
      }
    }
    int blockedCount = flows.size() - allowed;
    return new NetworkDecision(events, new Verdict(true, null, null, allowed, blockedCount, true, throttled,
        List.of()));
  }

  // ---- SMS ----------------------------------------------------------------------------------------

  /** An SMS sent ({@code SMS_MO}) or received ({@code SMS_MT}) by the SIM. */
  public NetworkDecision sms(SimState state, UsageAccumulator window, Service direction, Instant at) {
    if (direction != Service.SMS_MO && direction != Service.SMS_MT) {
      throw new IllegalArgumentException("not an SMS direction: " + direction);
    }
    Verdict refusal = attachedRefusal(state);
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
    if (direction == Service.SMS_MO) {
      window.addSmsMo();
    } else {
      window.addSmsMt();
    }
    List<SimEvent> events = quota == null ? List.of()
        : quotaEvents(List.of(), QuotaKind.SMS, quota, counter, counter.used() + window.sms(), at);
    return new NetworkDecision(events, Verdict.OK);
  }

  // ---- device reports -----------------------------------------------------------------------------

  public NetworkDecision firmwareReported(SimState state, FleetPolicy fleet, String version, Instant at) {
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

  // ---- shared -------------------------------------------------------------------------------------

  private static RejectReason statusRefusal(SimStatus status) {
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

  private static Verdict attachedRefusal(SimState state) {
    if (!state.isProvisioned()) {
      return Verdict.refused(RejectReason.SIM_NOT_PROVISIONED);
    }
    RejectReason status = statusRefusal(state.status());
    if (status != null) {
      return Verdict.refused(status);
    }
    return state.lastAttach() == null ? Verdict.refused(RejectReason.NOT_ATTACHED) : null;
  }

  private static Verdict dataRefusal(SimState state) {
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

  private static NetworkDecision rejectAttach(Instant at, Imei imei, Rat rat, Plmn plmn, Apn apn,
      RejectReason reason, String detail) {
    return new NetworkDecision(List.of(new SimEvent.AttachRejected(at, imei, rat, plmn, apn, reason, detail, null)),
        Verdict.refused(reason, detail));
  }

  private static List<SimEvent> quotaEvents(List<SimEvent> events, QuotaKind kind, Quota quota,
      QuotaCounter counter, long used, Instant at) {
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
