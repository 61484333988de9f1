package io.simwarden.core.decision;

import io.simwarden.core.detect.Detectors;
import io.simwarden.core.detect.Finding;
import io.simwarden.core.event.RejectReason;
import io.simwarden.core.event.SimEvent;
import io.simwarden.core.id.Apn;
import io.simwarden.core.id.Imei;
import io.simwarden.core.id.Plmn;
import io.simwarden.core.policy.ConnectivityProfile;
import io.simwarden.core.policy.FleetPolicy;
import io.simwarden.core.policy.ImeiLock;
import io.simwarden.core.policy.Rat;
import io.simwarden.core.state.AttachContext;
import io.simwarden.core.state.SimState;
import io.simwarden.core.traffic.UsageAccumulator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Decides attaches and detaches: "why was this attach rejected" is answered here. An attach is judged by the
 * SIM's status, the stolen-device blocklist, the profile's RATs, networks and APNs, and the IMEI lock; the attach
 * detectors judge it whatever the policy made of it.
 */
final class AttachDecider {

  private final Detectors detectors;

  AttachDecider(Detectors detectors) {
    this.detectors = detectors;
  }

  /** One attach request: where it is decided, and what it asks for. */
  private record Request(NetworkContext c, Imei imei, Rat rat, Plmn plmn, Apn apn) {

    /** The attach refused for {@code reason}, after the {@code before} events and what the detectors found. */
    NetworkDecision refuse(List<SimEvent> before, Reaction reaction, RejectReason reason, String detail) {
      List<SimEvent> events = new ArrayList<>(before.size() + reaction.events().size() + 1);
      events.addAll(before);
      events.addAll(reaction.events());
      events.add(new SimEvent.AttachRejected(c.at(), imei, rat, plmn, apn, reason, detail, null));
      return new NetworkDecision(events, Verdict.refused(reason, detail).withDetections(reaction.detections()));
    }
  }

  NetworkDecision attach(NetworkContext c, Imei imei, Rat rat, Plmn plmn, Apn apn) {
    SimState state = c.state();
    FleetPolicy fleet = c.fleet();
    UsageAccumulator window = c.window();
    Instant at = c.at();
    Request request = new Request(c, imei, rat, plmn, apn);
    if (!state.isProvisioned()) {
      return NetworkDecision.refused(Verdict.refused(RejectReason.SIM_NOT_PROVISIONED));
    }
    RejectReason statusReason = NetworkChecks.statusRefusal(state.status());
    if (statusReason != null) {
      return request.refuse(List.of(), Reaction.NONE, statusReason, statusReason.description());
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
      Reaction reaction = detect(request, false, plmnAllowed, false);
      return request.refuse(List.of(), reaction, policy, detail);
    }

    List<SimEvent> events = new ArrayList<>(3);
    ImeiLock lock = state.imeiLock();
    boolean dataAllowed = true;
    if (!lock.admits(imei)) {
      ImeiLock.MismatchAction action = lock.suspendOnMismatch() ? ImeiLock.MismatchAction.REJECT_ATTACH
          : lock.onMismatch();
      events.add(new SimEvent.ImeiMismatch(at, lock.expectation(), imei, action, null));
      if (lock.suspendOnMismatch()) {
        events.add(new SimEvent.Suspended(at, NetworkDecider.IMEI_LOCK_ACTOR,
            "IMEI mismatch: expected " + lock.expectation() + ", seen " + imei, null));
      }
      if (lock.onMismatch() == ImeiLock.MismatchAction.REJECT_ATTACH || lock.suspendOnMismatch()) {
        String refusal = "device " + imei + " is not the one this SIM is locked to ("
            + lock.expectation() + ")" + (lock.suspendOnMismatch() ? "; SIM suspended" : "");
        Reaction reaction = detect(request, false, true, lock.suspendOnMismatch());
        return request.refuse(events, reaction, RejectReason.IMEI_MISMATCH, refusal);
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
    Reaction reaction = detect(request, true, true, false);
    if (reaction.suspendedBy() != null) {
      events.removeIf(SimEvent.ImeiBound.class::isInstance);
      return request.refuse(events, reaction, RejectReason.SUSPENDED, "SIM suspended by " + reaction.suspendedBy());
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
  private Reaction detect(Request r, boolean accepted, boolean plmnAllowed, boolean suspending) {
    NetworkContext c = r.c();
    List<Finding> found = detectors.attach(c.watch(), c.state().baseline(), c.window(), c.at().toEpochMilli(),
        accepted, r.imei(), r.plmn(), plmnAllowed);
    if (!found.isEmpty()) {
      c.window().openAt(c.at().toEpochMilli());
    }
    return Reaction.react(c.state(), found, c.at(), suspending);
  }

  NetworkDecision detach(NetworkContext c) {
    if (!c.state().isProvisioned()) {
      return NetworkDecision.refused(Verdict.refused(RejectReason.SIM_NOT_PROVISIONED));
    }
    c.window().openAt(c.at().toEpochMilli());
    c.window().addDetach();
    return new NetworkDecision(List.of(), Verdict.OK);
  }
}
