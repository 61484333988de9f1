package io.simwarden.core.decision;

import io.simwarden.core.detect.AnomalyKind;
import io.simwarden.core.detect.Baseline;
import io.simwarden.core.detect.Detection;
import io.simwarden.core.detect.Detectors;
import io.simwarden.core.detect.Finding;
import io.simwarden.core.detect.Response;
import io.simwarden.core.detect.WindowWatch;
import io.simwarden.core.event.QuotaKind;
import io.simwarden.core.event.RejectReason;
import io.simwarden.core.event.SimEvent;
import io.simwarden.core.firewall.Firewall;
import io.simwarden.core.id.Apn;
import io.simwarden.core.id.Imei;
import io.simwarden.core.id.Plmn;
import io.simwarden.core.policy.CallDestination;
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
import io.simwarden.core.traffic.Call;
import io.simwarden.core.traffic.Flow;
import io.simwarden.core.traffic.UsageAccumulator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Decides what the network does with a SIM's attach, traffic, SMS, voice calls and device reports: "why
 * was this attach rejected" is answered here and nowhere else.
 *
 * <p>Deterministic: a decision depends only on the SIM's state, the fleet policy, the open usage
 * window and the request, never on the wall clock. The usage window ({@link UsageAccumulator}) is the
 * one piece of working memory it updates: compliant usage is counted there and journaled once per
 * window instead of per report. Callers close a due window first ({@link UsageWindows}).
 *
 * <p>After deciding, it runs the anomaly {@link Detectors} against the SIM's learned baseline, with the
 * detectors' own working memory ({@link WindowWatch}), and applies the profile's response to what they
 * found: each finding is journaled as {@code AnomalyDetected}; SUSPEND suspends the SIM; THROTTLE and
 * QUARANTINE are folded into the state and shape later traffic.
 */
public final class NetworkDecider {

  /** Operator identity recorded when the network itself suspends a SIM. */
  public static final String IMEI_LOCK_ACTOR = "network:imei-lock";

  /** Prefix of the operator identity recorded when a detector's SUSPEND response suspends a SIM. */
  public static final String DETECTOR_ACTOR_PREFIX = "network:detector:";

  private final int maxBlockedEndpoints;
  private final Detectors detectors;

  /**
   * @param maxBlockedEndpoints how many distinct endpoints a {@code FlowsBlocked} event names
   * @param detectors           the anomaly detectors
   */
  public NetworkDecider(int maxBlockedEndpoints, Detectors detectors) {
    this.maxBlockedEndpoints = maxBlockedEndpoints;
    this.detectors = detectors;
  }

  /** The operator identity of a suspension by the detector of {@code kind}: {@code network:detector:port_scan}. */
  public static String detectorActor(AnomalyKind kind) {
    return DETECTOR_ACTOR_PREFIX + kind.name().toLowerCase(Locale.ROOT);
  }

  // ---- attach -------------------------------------------------------------------------------------

  public NetworkDecision attach(SimState state, FleetPolicy fleet, UsageAccumulator window, WindowWatch watch,
      Imei imei, Rat rat, Plmn plmn, Apn apn, Instant at) {
    if (!state.isProvisioned()) {
      return NetworkDecision.refused(Verdict.refused(RejectReason.SIM_NOT_PROVISIONED));
    }
    RejectReason statusReason = statusRefusal(state.status());
    if (statusReason != null) {
      return refuseAttach(List.of(), Reaction.NONE, at, imei, rat, plmn, apn, statusReason,
          statusReason.description());
    }
    ConnectivityProfile profile = state.profile();
    boolean plmnAllowed = profile.plmns().allows(plmn);
    RejectReason policy = null;
    String detail = null;
    if (fleet.isStolen(imei)) {
      policy = RejectReason.IMEI_BLOCKLISTED;
      detail = "IMEI " + imei + " is on the stolen-device blocklist";
    } else if (!profile.allows(rat)) {
      policy = RejectReason.RAT_NOT_ALLOWED;
      detail = rat + " not in the profile's RATs " + profile.rats();
    } else if (!plmnAllowed) {
      policy = RejectReason.PLMN_NOT_ALLOWED;
      detail = "network " + plmn + " is neither home nor on the roaming allowlist";
    } else if (!profile.allowsApn(apn)) {
      policy = RejectReason.APN_NOT_ALLOWED;
      detail = "APN " + apn + " not in the profile's APNs " + profile.apns();
    }
    if (policy != null) {
      Reaction reaction = detectAttach(state, window, watch, at, false, imei, plmn, plmnAllowed, false);
      return refuseAttach(List.of(), reaction, at, imei, rat, plmn, apn, policy, detail);
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
        String refusal = "device " + imei + " is not the one this SIM is locked to ("
            + lock.expectation() + ")" + (lock.suspendOnMismatch() ? "; SIM suspended" : "");
        Reaction reaction = detectAttach(state, window, watch, at, false, imei, plmn, true, lock.suspendOnMismatch());
        return refuseAttach(events, reaction, at, imei, rat, plmn, apn, RejectReason.IMEI_MISMATCH, refusal);
      }
      dataAllowed = false;
    } else if (lock.awaitsBinding()) {
      events.add(new SimEvent.ImeiBound(at, imei, null));
    }

    window.openAt(at.toEpochMilli());
    window.addAttach();
    AttachContext last = state.lastAttach();
    boolean newContext = last == null || !last.sameAs(imei, rat, plmn, apn) || last.dataAllowed() != dataAllowed
        || !events.isEmpty();
    Reaction reaction = detectAttach(state, window, watch, at, true, imei, plmn, true, false);
    if (reaction.suspendedBy() != null) {
      events.removeIf(SimEvent.ImeiBound.class::isInstance);
      return refuseAttach(events, reaction, at, imei, rat, plmn, apn, RejectReason.SUSPENDED,
          "SIM suspended by " + reaction.suspendedBy());
    }
    // Detections precede the attach they judge, so that the fold does not learn a flagged network or device.
    events.addAll(reaction.events());
    if (newContext) {
      events.add(new SimEvent.AttachAccepted(at, imei, rat, plmn, apn, dataAllowed, profile.plmns().isRoaming(plmn),
          null));
    }
    String firmware = state.device().firmwareVersion();
    if (fleet.isVulnerable(firmware) && !firmware.equals(state.vulnerableFirmware())) {
      events.add(new SimEvent.VulnerableFirmwareFlagged(at, firmware, null));
    }
    Verdict verdict = dataAllowed ? Verdict.OK
        : new Verdict(true, RejectReason.DATA_REFUSED, "attach accepted, data refused: IMEI lock mismatch", 0, 0,
            false, false, List.of());
    return new NetworkDecision(events, verdict.withDetections(reaction.detections()));
  }

  /**
   * Runs the attach detectors; a detection opens the usage window if the attach did not, so that it
   * belongs to a window. {@code suspending} when the attach already suspends the SIM.
   */
  private Reaction detectAttach(SimState state, UsageAccumulator window, WindowWatch watch, Instant at,
      boolean accepted, Imei imei, Plmn plmn, boolean plmnAllowed, boolean suspending) {
    List<Finding> found = detectors.attach(watch, state.baseline(), window, at.toEpochMilli(), accepted, imei, plmn,
        plmnAllowed);
    if (!found.isEmpty()) {
      window.openAt(at.toEpochMilli());
    }
    return react(state, found, at, suspending);
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
   * are journaled as one {@code FlowsBlocked} per rule or reason. Under a QUARANTINE response only flows
   * an explicit firewall ALLOW rule matches are carried. Evaluating a compliant flow allocates nothing,
   * detectors included.
   */
  public NetworkDecision traffic(SimState state, Firewall firewall, UsageAccumulator window, WindowWatch watch,
      List<Flow> flows, Instant at) {
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
    boolean quarantined = state.quarantined();
    Baseline baseline = state.baseline();
    boolean watching = detectors.watchingTraffic(baseline);
    if (watching) {
      detectors.startReport(watch, window.windowStart());
    }
    for (int i = 0, n = flows.size(); i < n; i++) {
      Flow f = flows.get(i);
      boolean leaves = privateNetwork.leaves(f.remote());
      RejectReason refused = null;
      String ruleId = null;
      boolean violation = false;
      if (leaves && privateNetwork.enabled() && !privateNetwork.internetBreakout()) {
        refused = RejectReason.PRIVATE_NETWORK;
        ruleId = "private-network";
        violation = true;
      } else {
        int rule = firewall.match(f.direction(), f.protocol(), f.remote(), f.port());
        if (quarantined && rule == Firewall.NO_MATCH) {
          refused = RejectReason.FIREWALL;
          ruleId = Detectors.QUARANTINE_RULE_ID;
        } else if (!firewall.allows(rule)) {
          refused = RejectReason.FIREWALL;
          ruleId = firewall.ruleId(rule);
          violation = true;
        } else if (leaves && !f.encrypted() && unencrypted != EncryptionPolicy.ALLOW) {
          if (unencrypted == EncryptionPolicy.BLOCK) {
            refused = RejectReason.UNENCRYPTED;
            ruleId = "encryption";
          } else {
            unencryptedAllowed = BlockedFlows.add(unencryptedAllowed, RejectReason.UNENCRYPTED, "encryption", f);
          }
        }
      }
      if (refused == null) {
        window.addFlow(f);
        allowed++;
      } else {
        blocked = BlockedFlows.add(blocked, refused, ruleId, f);
      }
      if (watching) {
        detectors.observe(watch, baseline, f, i, refused == null, violation);
      }
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
    boolean throttled = state.throttledByDetector();
    if (quota != null) {
      events = quotaEvents(events, QuotaKind.DATA, quota, counter, counter.used() + window.bytes(), at);
      throttled |= quota.onExhaustion() == QuotaAction.THROTTLE
          && (counter.exhausted() || counter.used() + window.bytes() >= quota.limit());
    }
    Reaction reaction = watching
        ? react(state, detectors.traffic(watch, baseline, window, flows), at, false) : Reaction.NONE;
    if (!reaction.events().isEmpty()) {
      events = new ArrayList<>(events);
      events.addAll(reaction.events());
    }
    throttled |= reaction.throttles();
    if (throttled) {
      window.markThrottled();
    }
    int blockedCount = flows.size() - allowed;
    return new NetworkDecision(events, new Verdict(true, null, null, allowed, blockedCount, true, throttled,
        reaction.detections()));
  }

  // ---- SMS ----------------------------------------------------------------------------------------

  /** An SMS sent ({@code SMS_MO}) or received ({@code SMS_MT}) by the SIM. */
  public NetworkDecision sms(SimState state, UsageAccumulator window, WindowWatch watch, Service direction,
      Instant at) {
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
    Reaction reaction = react(state, detectors.sms(watch, state.baseline(), window, at.toEpochMilli()), at, false);
    if (!reaction.events().isEmpty()) {
      events = new ArrayList<>(events);
      events.addAll(reaction.events());
    }
    return new NetworkDecision(events, Verdict.OK.withDetections(reaction.detections()));
  }

  // ---- voice --------------------------------------------------------------------------------------

  /**
   * A mobile-originated call attempt. Refused without a journal entry when the SIM is not provisioned,
   * not ACTIVE or not attached; otherwise refused as {@code VoiceCallBlocked} when the profile has no VOICE
   * ({@code SERVICE_NOT_ALLOWED}), does not allow the called number's class, or a QUARANTINE response is in
   * force and the call is not an emergency call ({@code DESTINATION_NOT_ALLOWED}). A carried call is
   * counted in the usage window with its connected seconds. The voice detector judges every attempt,
   * carried or refused; when its SUSPEND response suspends the SIM, the call is refused as well.
   */
  public NetworkDecision voiceCall(SimState state, UsageAccumulator window, WindowWatch watch, Call call,
      Instant at) {
    Verdict refusal = attachedRefusal(state);
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
    List<Finding> found = detectors.voiceCall(watch, state.baseline(), window, atMillis, destination, call.seconds(),
        reason != null);
    Reaction reaction = react(state, found, at, false);
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

  // ---- responses to detections ------------------------------------------------------------------

  /**
   * What the network does about findings.
   *
   * @param events      one {@code AnomalyDetected} per finding, and a {@code Suspended} after the first SUSPEND
   * @param detections  the findings as reported in the verdict
   * @param suspendedBy the detector identity that suspended the SIM, or {@code null}
   * @param throttles   whether a THROTTLE response applies from now on
   */
  private record Reaction(List<SimEvent> events, List<Detection> detections, String suspendedBy,
      boolean throttles) {
    static final Reaction NONE = new Reaction(List.of(), List.of(), null, false);
  }

  /** Applies the profile's response to each finding; {@code suspending} when the request already suspends the SIM. */
  private static Reaction react(SimState state, List<Finding> findings, Instant at, boolean suspending) {
    if (findings.isEmpty()) {
      return Reaction.NONE;
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
        suspendedBy = detectorActor(f.kind());
        events.add(new SimEvent.Suspended(at, suspendedBy, f.kind() + ": " + f.evidence(), null));
      }
    }
    return new Reaction(events, List.copyOf(detections), suspendedBy, throttles);
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

  /** An attach refused for {@code reason}, after the {@code before} events and what the detectors found. */
  private static NetworkDecision refuseAttach(List<SimEvent> before, Reaction reaction, Instant at, Imei imei,
      Rat rat, Plmn plmn, Apn apn, RejectReason reason, String detail) {
    List<SimEvent> events = new ArrayList<>(before.size() + reaction.events().size() + 1);
    events.addAll(before);
    events.addAll(reaction.events());
    events.add(new SimEvent.AttachRejected(at, imei, rat, plmn, apn, reason, detail, null));
    return new NetworkDecision(events, Verdict.refused(reason, detail).withDetections(reaction.detections()));
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
