package io.simwarden.persistence.forensics;

import io.simwarden.core.event.SimEvent;
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
import io.simwarden.core.policy.ImeiLock;
import io.simwarden.core.traffic.CallUsage;
import io.simwarden.core.traffic.EndpointUsage;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Who did what and why, in one line per event, for people reading a SIM's history. Operator events name
 * their operator ({@code by}); everything else was decided by the network.
 */
public final class EventNarrative {

  /** Who caused a network event. */
  public static final String NETWORK = "network";

  private EventNarrative() {}

  /** The operator ({@code by}) of an operator event, else {@value #NETWORK}. */
  public static String who(SimEvent e) {
    if (e instanceof Provisioned x) {
      return x.by();
    } else if (e instanceof Activated x) {
      return x.by();
    } else if (e instanceof Suspended x) {
      return x.by();
    } else if (e instanceof Resumed x) {
      return x.by();
    } else if (e instanceof Terminated x) {
      return x.by();
    } else if (e instanceof ProfileChanged x) {
      return x.by();
    } else if (e instanceof ImeiLockChanged x) {
      return x.by();
    } else if (e instanceof FirewallChanged x) {
      return x.by();
    } else if (e instanceof FirmwareUpdateRequested x) {
      return x.by();
    } else if (e instanceof ResponseCleared x) {
      return x.by();
    }
    return NETWORK;
  }

  /** The event's type, e.g. {@code AnomalyDetected}. */
  public static String what(SimEvent e) {
    return e.getClass().getSimpleName();
  }

  /** One readable line saying what happened and why. */
  public static String why(SimEvent e) {
    if (e instanceof Provisioned x) {
      return "provisioned for " + x.organisation() + " with profile " + x.profile().name() + ", IMEI lock "
          + lock(x.imeiLock()) + ", " + x.firewallRules().size() + " own firewall rules";
    } else if (e instanceof Activated) {
      return "activated";
    } else if (e instanceof Suspended x) {
      return "suspended: " + x.reason();
    } else if (e instanceof Resumed) {
      return "resumed";
    } else if (e instanceof Terminated x) {
      return "terminated: " + x.reason();
    } else if (e instanceof ProfileChanged x) {
      return "connectivity profile set to " + x.profile().name();
    } else if (e instanceof ImeiLockChanged x) {
      return "IMEI lock set to " + lock(x.imeiLock());
    } else if (e instanceof FirewallChanged x) {
      return "own firewall rules replaced: " + x.rules().size() + " rules";
    } else if (e instanceof FirmwareUpdateRequested x) {
      return "firmware update to " + x.targetVersion() + " requested";
    } else if (e instanceof FirmwareReported x) {
      return "device reports firmware " + x.version() + " (was " + x.previousVersion() + ")"
          + (x.requestCompleted() ? ", completing the requested update" : "");
    } else if (e instanceof VulnerableFirmwareFlagged x) {
      return "firmware " + x.version() + " is on the vulnerable list";
    } else if (e instanceof AttachAccepted x) {
      return "attach accepted: IMEI " + x.imei() + " on " + x.plmn() + " " + x.rat() + " APN " + x.apn()
          + (x.roaming() ? ", roaming" : "") + (x.dataAllowed() ? "" : ", no data");
    } else if (e instanceof AttachRejected x) {
      return "attach rejected (" + x.reason() + "): IMEI " + x.imei() + " on " + x.plmn() + " " + x.rat() + ": "
          + x.detail();
    } else if (e instanceof ImeiBound x) {
      return "IMEI lock bound to " + x.imei();
    } else if (e instanceof ImeiMismatch x) {
      return "device " + x.seen() + " where the lock expects " + x.expected() + ": " + x.action();
    } else if (e instanceof FlowsBlocked x) {
      return x.flows() + " flows (" + x.bytes() + " B) blocked (" + x.reason() + ", rule " + x.ruleId() + ")"
          + endpoints(x.endpoints());
    } else if (e instanceof UnencryptedTrafficDetected x) {
      return x.flows() + " unencrypted flows (" + x.bytes() + " B) left the private network" + endpoints(x.endpoints());
    } else if (e instanceof SmsBlocked x) {
      return x.service() + " blocked (" + x.reason() + ")";
    } else if (e instanceof QuotaThresholdCrossed x) {
      return x.kind() + " quota warning: " + x.used() + " of " + x.limit() + " used";
    } else if (e instanceof QuotaExhausted x) {
      return x.kind() + " quota exhausted: " + x.used() + " of " + x.limit() + " used, " + x.action();
    } else if (e instanceof UsageRecorded x) {
      return "usage since " + x.windowStart() + (x.partial() ? " (partial)" : "") + ": " + x.uplinkBytes() + " B up, "
          + x.downlinkBytes() + " B down, " + x.flows() + " flows, " + (x.smsMo() + x.smsMt()) + " SMS, "
          + x.attaches() + " attaches" + (x.throttled() ? ", throttled" : "") + endpoints(x.endpoints());
    } else if (e instanceof VoiceCallBlocked x) {
      return "call to " + x.destination() + " refused (" + x.reason() + "): " + x.detail();
    } else if (e instanceof VoiceUsageRecorded x) {
      return "calls since " + x.windowStart() + (x.partial() ? " (partial)" : "") + ": " + calls(x.calls(), x.seconds())
          + calls(x.destinations());
    } else if (e instanceof SmsUsageRecorded x) {
      return "SMS sent since " + x.windowStart() + (x.partial() ? " (partial)" : "") + ": " + x.destinations().stream()
          .map(u -> u.sms() + " to " + u.destination()).collect(Collectors.joining(", "));
    } else if (e instanceof AnomalyDetected x) {
      return kindId(x.kind().name()) + String.format(Locale.ROOT, " (score %.1f): ", x.score()) + x.evidence()
          + "; response " + x.response();
    } else if (e instanceof ResponseCleared) {
      return "throttle and quarantine responses lifted";
    } else if (e instanceof RequestKeyRecorded x) {
      return "request with Idempotency-Key " + x.key() + " answered "
          + (x.verdict() != null ? (x.verdict().accepted() ? "accepted" : "refused (" + x.verdict().reason() + ")")
          : x.refusal() == null ? "accepted" : "refused: " + x.refusal());
    }
    throw new IllegalStateException("no narrative for event " + e.getClass().getName());
  }

  /** {@code PORT_SCAN} as users write it: {@code port-scan}. */
  public static String kindId(String enumName) {
    return enumName.toLowerCase(Locale.ROOT).replace('_', '-');
  }

  private static String lock(ImeiLock lock) {
    if (lock == null || lock.mode() == ImeiLock.Mode.OFF) {
      return "off";
    }
    String expected = lock.mode() == ImeiLock.Mode.TAC_ALLOWLIST || lock.imei() != null ? " " + lock.expectation()
        : " (binds at the next attach)";
    return lock.mode() + expected + ", on mismatch " + lock.onMismatch();
  }

  private static String calls(long calls, long seconds) {
    return calls + (calls == 1 ? " call, " : " calls, ") + String.format(Locale.ROOT, "%.1f min", seconds / 60.0);
  }

  private static String calls(List<CallUsage> destinations) {
    return destinations.isEmpty() ? "" : "; " + destinations.stream()
        .map(u -> u.destination() + " " + calls(u.calls(), u.seconds())).collect(Collectors.joining(", "));
  }

  private static String endpoints(List<EndpointUsage> endpoints) {
    if (endpoints == null || endpoints.isEmpty()) {
      return "";
    }
    int shown = Math.min(3, endpoints.size());
    String list = endpoints.subList(0, shown).stream()
        .map(u -> u.remote() + ":" + u.port() + "/" + u.protocol())
        .collect(Collectors.joining(", "));
    return "; to " + list + (endpoints.size() > shown ? " and " + (endpoints.size() - shown) + " more" : "");
  }
}
