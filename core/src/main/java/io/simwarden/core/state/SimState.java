package io.simwarden.core.state;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.simwarden.core.CborSerializable;
import io.simwarden.core.detect.Baseline;
import io.simwarden.core.detect.Response;
import io.simwarden.core.event.EventChain;
import io.simwarden.core.event.QuotaKind;
import io.simwarden.core.event.SimEvent.Activated;
import io.simwarden.core.event.SimEvent.AnomalyDetected;
import io.simwarden.core.event.SimEvent.AttachAccepted;
import io.simwarden.core.event.SimEvent.AttachRejected;
import io.simwarden.core.event.SimEvent.FirewallChanged;
import io.simwarden.core.event.SimEvent.FirmwareReported;
import io.simwarden.core.event.SimEvent.FirmwareUpdateRequested;
import io.simwarden.core.event.SimEvent.FlowsBlocked;
import io.simwarden.core.event.SimEvent.ImeiBound;
import io.simwarden.core.event.SimEvent.ImeiLockChanged;
import io.simwarden.core.event.SimEvent.ImeiMismatch;
import io.simwarden.core.event.SimEvent.ProfileChanged;
import io.simwarden.core.event.SimEvent.Provisioned;
import io.simwarden.core.event.SimEvent.QuotaExhausted;
import io.simwarden.core.event.SimEvent.QuotaThresholdCrossed;
import io.simwarden.core.event.SimEvent.RequestKeyRecorded;
import io.simwarden.core.event.SimEvent.ResponseCleared;
import io.simwarden.core.event.SimEvent.Resumed;
import io.simwarden.core.event.SimEvent.SmsBlocked;
import io.simwarden.core.event.SimEvent.SmsUsageRecorded;
import io.simwarden.core.event.SimEvent.Suspended;
import io.simwarden.core.event.SimEvent.Terminated;
import io.simwarden.core.event.SimEvent.UnencryptedTrafficDetected;
import io.simwarden.core.event.SimEvent.UsageRecorded;
import io.simwarden.core.event.SimEvent.VoiceCallBlocked;
import io.simwarden.core.event.SimEvent.VoiceUsageRecorded;
import io.simwarden.core.event.SimEvent.VulnerableFirmwareFlagged;
import io.simwarden.core.event.SimEvent;
import io.simwarden.core.firewall.Firewall;
import io.simwarden.core.firewall.FirewallRule;
import io.simwarden.core.id.Iccid;
import io.simwarden.core.id.Imsi;
import io.simwarden.core.policy.ConnectivityProfile;
import io.simwarden.core.policy.DeviceFacts;
import io.simwarden.core.policy.ImeiLock;
import io.simwarden.core.policy.Quota;
import io.simwarden.core.policy.QuotaPeriod;
import io.simwarden.core.policy.SimStatus;
import io.simwarden.core.traffic.Direction;
import io.simwarden.core.traffic.EndpointUsage;

import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;

/**
 * The security state of one SIM, folded from its events by {@link #apply}: the one event handler that
 * both the live entity and forensic replay run. Immutable.
 *
 * @param imsi              the SIM ({@code null} until provisioned)
 * @param iccid             the card
 * @param organisation      the tenant the SIM belongs to
 * @param status            lifecycle status
 * @param profile           connectivity profile
 * @param imeiLock          IMEI lock (with the bound IMEI for FIRST_SEEN)
 * @param firewallRules     the SIM's own firewall rules (overrides of the profile's)
 * @param device            device facts (form factor, firmware)
 * @param requestedFirmware firmware version an operator asked for and the device has not reported yet
 * @param vulnerableFirmware firmware version flagged as vulnerable ({@code null} when none)
 * @param lastAttach        last accepted attach ({@code null} before the first)
 * @param data              data usage in the current quota period
 * @param sms               SMS usage in the current quota period
 * @param suspendedBy       who suspended the SIM, while it is suspended
 * @param baseline          what the SIM normally does, learned from its events (see {@link Baseline})
 * @param throttledByDetector a THROTTLE response is in force: traffic is carried and marked throttled
 * @param quarantined       a QUARANTINE response is in force: only flows an explicit firewall ALLOW rule
 *                          matches are carried
 * @param lastEventAt       event time of the last event
 * @param chain             tamper-evidence value of the last event
 * @param requests          the clients' keyed requests the SIM remembers ({@code null} when none; never written
 *                          then, so a snapshot of a SIM without any keeps its old bytes)
 */
public record SimState(Imsi imsi, Iccid iccid, String organisation, SimStatus status, ConnectivityProfile profile,
    ImeiLock imeiLock, List<FirewallRule> firewallRules, DeviceFacts device, String requestedFirmware,
    String vulnerableFirmware, AttachContext lastAttach, QuotaCounter data, QuotaCounter sms, String suspendedBy,
    Baseline baseline, boolean throttledByDetector, boolean quarantined, Instant lastEventAt, String chain,
    @JsonInclude(JsonInclude.Include.NON_NULL) RequestKeys requests) implements CborSerializable {

  /** A SIM nobody has provisioned. */
  public static final SimState EMPTY = new SimState(null, null, null, null, null, null, List.of(), null, null, null,
      null, QuotaCounter.NONE, QuotaCounter.NONE, null, Baseline.EMPTY, false, false, null, EventChain.GENESIS);

  public SimState {
    baseline = baseline == null ? Baseline.EMPTY : baseline;
  }

  /** A state without remembered requests: {@link #apply} adds the ones this state remembered last. */
  private SimState(Imsi imsi, Iccid iccid, String organisation, SimStatus status, ConnectivityProfile profile,
      ImeiLock imeiLock, List<FirewallRule> firewallRules, DeviceFacts device, String requestedFirmware,
      String vulnerableFirmware, AttachContext lastAttach, QuotaCounter data, QuotaCounter sms, String suspendedBy,
      Baseline baseline, boolean throttledByDetector, boolean quarantined, Instant lastEventAt, String chain) {
    this(imsi, iccid, organisation, status, profile, imeiLock, firewallRules, device, requestedFirmware,
        vulnerableFirmware, lastAttach, data, sms, suspendedBy, baseline, throttledByDetector, quarantined,
        lastEventAt, chain, null);
  }

  public boolean isProvisioned() {
    return imsi != null;
  }

  /** Folds one event, remembering keyed requests within the default {@link RequestKeys.Bounds}. */
  public SimState apply(SimEvent event) {
    return apply(event, RequestKeys.Bounds.DEFAULT);
  }

  /** Folds one event, remembering keyed requests within {@code keyBounds}. */
  public SimState apply(SimEvent event, RequestKeys.Bounds keyBounds) {
    SimState s = this;
    if (event instanceof Provisioned e) {
      s = new SimState(e.imsi(), e.iccid(), e.organisation(), SimStatus.ISSUED, e.profile(), e.imeiLock(),
          e.firewallRules(), e.device(), null, null, null, QuotaCounter.NONE, QuotaCounter.NONE, null,
          Baseline.EMPTY, false, false, lastEventAt, chain);
    } else if (event instanceof Activated) {
      s = withStatus(SimStatus.ACTIVE, null);
    } else if (event instanceof Suspended e) {
      s = withStatus(SimStatus.SUSPENDED, e.by());
    } else if (event instanceof Resumed) {
      s = withStatus(SimStatus.ACTIVE, null);
    } else if (event instanceof Terminated) {
      s = withStatus(SimStatus.TERMINATED, null);
    } else if (event instanceof ProfileChanged e) {
      s = new SimState(imsi, iccid, organisation, status, e.profile(), imeiLock, firewallRules, device,
          requestedFirmware, vulnerableFirmware, lastAttach, data, sms, suspendedBy, baseline, throttledByDetector,
          quarantined, lastEventAt, chain);
    } else if (event instanceof ImeiLockChanged e) {
      s = withImeiLock(e.imeiLock());
    } else if (event instanceof ImeiBound e) {
      s = withImeiLock(imeiLock.boundTo(e.imei()));
    } else if (event instanceof FirewallChanged e) {
      s = new SimState(imsi, iccid, organisation, status, profile, imeiLock, e.rules(), device, requestedFirmware,
          vulnerableFirmware, lastAttach, data, sms, suspendedBy, baseline, throttledByDetector, quarantined,
          lastEventAt, chain);
    } else if (event instanceof FirmwareUpdateRequested e) {
      s = new SimState(imsi, iccid, organisation, status, profile, imeiLock, firewallRules, device,
          e.targetVersion(), vulnerableFirmware, lastAttach, data, sms, suspendedBy, baseline, throttledByDetector,
          quarantined, lastEventAt, chain);
    } else if (event instanceof FirmwareReported e) {
      s = new SimState(imsi, iccid, organisation, status, profile, imeiLock, firewallRules,
          device.withFirmware(e.version()), e.requestCompleted() ? null : requestedFirmware, null, lastAttach,
          data, sms, suspendedBy, baseline, throttledByDetector, quarantined, lastEventAt, chain);
    } else if (event instanceof VulnerableFirmwareFlagged e) {
      s = new SimState(imsi, iccid, organisation, status, profile, imeiLock, firewallRules, device,
          requestedFirmware, e.version(), lastAttach, data, sms, suspendedBy, baseline, throttledByDetector,
          quarantined, lastEventAt, chain);
    } else if (event instanceof AttachAccepted e) {
      s = new SimState(imsi, iccid, organisation, status, profile, imeiLock, firewallRules, device,
          requestedFirmware, vulnerableFirmware,
          new AttachContext(e.at(), e.imei(), e.rat(), e.plmn(), e.apn(), e.dataAllowed(), e.roaming()),
          data, sms, suspendedBy, baseline.afterAttach(e), throttledByDetector, quarantined, lastEventAt, chain);
    } else if (event instanceof UsageRecorded e) {
      s = withCounters(
          count(data, profile.dataQuota(), e.windowStart()).plus(e.totalBytes()),
          count(sms, profile.smsQuota(), e.windowStart()).plus(e.smsMo() + e.smsMt()))
          .withDetection(baseline.afterWindow(e, throttledByDetector || quarantined, declaredDestinations()),
              throttledByDetector,
              quarantined);
    } else if (event instanceof QuotaThresholdCrossed e) {
      s = e.kind() == QuotaKind.DATA
          ? withCounters(count(data, profile.dataQuota(), e.at()).warn(), sms)
          : withCounters(data, count(sms, profile.smsQuota(), e.at()).warn());
    } else if (event instanceof QuotaExhausted e) {
      s = e.kind() == QuotaKind.DATA
          ? withCounters(count(data, profile.dataQuota(), e.at()).exhaust(), sms)
          : withCounters(data, count(sms, profile.smsQuota(), e.at()).exhaust());
    } else if (event instanceof VoiceUsageRecorded e) {
      s = withDetection(baseline.afterVoiceWindow(e, throttledByDetector || quarantined), throttledByDetector,
          quarantined);
    } else if (event instanceof SmsUsageRecorded e) {
      s = withDetection(baseline.afterSmsWindow(e, throttledByDetector || quarantined), throttledByDetector,
          quarantined);
    } else if (event instanceof VoiceCallBlocked e) {
      s = withDetection(baseline.afterVoiceRefused(e), throttledByDetector, quarantined);
    } else if (event instanceof FlowsBlocked e) {
      s = withDetection(baseline.afterBlocked(e), throttledByDetector, quarantined);
    } else if (event instanceof AnomalyDetected e) {
      s = withDetection(baseline.afterAnomaly(e.kind()), throttledByDetector || e.response() == Response.THROTTLE,
          quarantined || e.response() == Response.QUARANTINE);
    } else if (event instanceof ResponseCleared) {
      s = withDetection(baseline, false, false);
    } else if (event instanceof AttachRejected) {
      // A refused attach ends whatever session the SIM had: the card is in the device that was refused,
      // so nothing more is carried until an attach is accepted again.
      s = new SimState(imsi, iccid, organisation, status, profile, imeiLock, firewallRules, device,
          requestedFirmware, vulnerableFirmware, null, data, sms, suspendedBy, baseline, throttledByDetector,
          quarantined, lastEventAt, chain);
    } else if (!(event instanceof ImeiMismatch || event instanceof RequestKeyRecorded
        || event instanceof UnencryptedTrafficDetected || event instanceof SmsBlocked)) {
      throw new IllegalStateException("no fold for event " + event.getClass().getName());
    }
    return s.stamped(event, event instanceof RequestKeyRecorded e
        ? RequestKeys.remember(requests, e, keyBounds) : requests);
  }

  /** Folds events in order, starting from this state. */
  public SimState applyAll(Iterable<? extends SimEvent> events) {
    SimState s = this;
    for (SimEvent e : events) {
      s = s.apply(e);
    }
    return s;
  }

  /** The counter of {@code quota} for the period containing {@code at} (unlimited quotas count by day). */
  public static QuotaCounter count(QuotaCounter counter, Quota quota, Instant at) {
    long start = quota == null
        ? QuotaPeriod.DAY.periodStart(at)
        : quota.period().periodStart(at);
    return counter.in(start);
  }

  private SimState withStatus(SimStatus newStatus, String by) {
    return new SimState(imsi, iccid, organisation, newStatus, profile, imeiLock, firewallRules, device,
        requestedFirmware, vulnerableFirmware, lastAttach, data, sms, by, baseline, throttledByDetector, quarantined,
        lastEventAt, chain);
  }

  private SimState withImeiLock(ImeiLock lock) {
    return new SimState(imsi, iccid, organisation, status, profile, lock, firewallRules, device, requestedFirmware,
        vulnerableFirmware, lastAttach, data, sms, suspendedBy, baseline, throttledByDetector, quarantined,
        lastEventAt, chain);
  }

  /**
   * Whether the operator declared an endpoint: an explicit firewall ALLOW of the profile or the SIM naming it
   * ({@link Firewall#declares}). The firewall is compiled only when asked (rarely: for never-seen endpoints).
   */
  private Predicate<EndpointUsage> declaredDestinations() {
    Firewall[] compiled = new Firewall[1];
    return u -> {
      if (profile == null) {
        return false;
      }
      if (compiled[0] == null) {
        compiled[0] = Firewall.compile(profile.firewallRules(), firewallRules == null ? List.of() : firewallRules,
            profile.defaultAction());
      }
      return compiled[0].declares(compiled[0].match(Direction.UPLINK, u.protocol(), u.remote(), u.port()));
    };
  }

  private SimState withCounters(QuotaCounter newData, QuotaCounter newSms) {
    return new SimState(imsi, iccid, organisation, status, profile, imeiLock, firewallRules, device,
        requestedFirmware, vulnerableFirmware, lastAttach, newData, newSms, suspendedBy, baseline,
        throttledByDetector, quarantined, lastEventAt, chain);
  }

  private SimState withDetection(Baseline newBaseline, boolean throttle, boolean quarantine) {
    return new SimState(imsi, iccid, organisation, status, profile, imeiLock, firewallRules, device,
        requestedFirmware, vulnerableFirmware, lastAttach, data, sms, suspendedBy, newBaseline, throttle, quarantine,
        lastEventAt, chain);
  }

  private SimState stamped(SimEvent event, RequestKeys remembered) {
    return new SimState(imsi, iccid, organisation, status, profile, imeiLock, firewallRules, device,
        requestedFirmware, vulnerableFirmware, lastAttach, data, sms, suspendedBy, baseline, throttledByDetector,
        quarantined, event.at(), event.chain(), remembered);
  }
}
