package io.simwarden.core.event;

import io.simwarden.core.CborSerializable;
import io.simwarden.core.decision.Verdict;
import io.simwarden.core.detect.AnomalyKind;
import io.simwarden.core.detect.Response;
import io.simwarden.core.firewall.FirewallRule;
import io.simwarden.core.id.Apn;
import io.simwarden.core.id.Iccid;
import io.simwarden.core.id.Imei;
import io.simwarden.core.id.Imsi;
import io.simwarden.core.id.Plmn;
import io.simwarden.core.policy.CallDestination;
import io.simwarden.core.policy.ConnectivityProfile;
import io.simwarden.core.policy.DeviceFacts;
import io.simwarden.core.policy.ImeiLock;
import io.simwarden.core.policy.QuotaAction;
import io.simwarden.core.policy.Rat;
import io.simwarden.core.policy.Service;
import io.simwarden.core.policy.SmsDestination;
import io.simwarden.core.traffic.CallUsage;
import io.simwarden.core.traffic.EndpointUsage;
import io.simwarden.core.traffic.SmsUsage;
import java.time.Instant;
import java.util.List;

/**
 * Everything that ever happened to a SIM, as journaled. Every event carries its event time {@code at}
 * (simulated or network time, never the wall clock of the deciding node) and {@code chain}, the
 * tamper-evidence value: SHA-256 over the previous event's chain value and this event's canonical
 * encoding (see {@link EventChain}).
 *
 * <p>Once written to a journal an event type is never renamed or reshaped silently: add a new type or a
 * Jackson migration, and keep the stored fixture that proves old bytes still load (docs/events.md).
 * Operator events record who ({@code by}); network events come from the network.
 */
public sealed interface SimEvent extends CborSerializable {

  Instant at();

  String chain();

  /** The same event carrying {@code chain}; the chain is computed over the event without it. */
  SimEvent withChain(String chain);

  // ---- operator commands --------------------------------------------------------------------

  record Provisioned(Instant at, String by, Imsi imsi, Iccid iccid, String organisation,
      ConnectivityProfile profile, ImeiLock imeiLock, List<FirewallRule> firewallRules, DeviceFacts device,
      String chain) implements SimEvent {
    public Provisioned withChain(String c) {
      return new Provisioned(at, by, imsi, iccid, organisation, profile, imeiLock, firewallRules, device, c);
    }
  }

  record Activated(Instant at, String by, String chain) implements SimEvent {
    public Activated withChain(String c) {
      return new Activated(at, by, c);
    }
  }

  /** Suspended by an operator or, with {@code by = "network:<detector>"}, by the network itself. */
  record Suspended(Instant at, String by, String reason, String chain) implements SimEvent {
    public Suspended withChain(String c) {
      return new Suspended(at, by, reason, c);
    }
  }

  record Resumed(Instant at, String by, String chain) implements SimEvent {
    public Resumed withChain(String c) {
      return new Resumed(at, by, c);
    }
  }

  record Terminated(Instant at, String by, String reason, String chain) implements SimEvent {
    public Terminated withChain(String c) {
      return new Terminated(at, by, reason, c);
    }
  }

  record ProfileChanged(Instant at, String by, ConnectivityProfile profile, String chain) implements SimEvent {
    public ProfileChanged withChain(String c) {
      return new ProfileChanged(at, by, profile, c);
    }
  }

  /** A new IMEI lock; a FIRST_SEEN lock set here starts unbound and binds at the next accepted attach. */
  record ImeiLockChanged(Instant at, String by, ImeiLock imeiLock, String chain) implements SimEvent {
    public ImeiLockChanged withChain(String c) {
      return new ImeiLockChanged(at, by, imeiLock, c);
    }
  }

  /** The SIM's own firewall rules (overrides) replaced as a whole. */
  record FirewallChanged(Instant at, String by, List<FirewallRule> rules, String chain) implements SimEvent {
    public FirewallChanged withChain(String c) {
      return new FirewallChanged(at, by, rules, c);
    }
  }

  record FirmwareUpdateRequested(Instant at, String by, String targetVersion, String chain) implements SimEvent {
    public FirmwareUpdateRequested withChain(String c) {
      return new FirmwareUpdateRequested(at, by, targetVersion, c);
    }
  }

  // ---- network decisions --------------------------------------------------------------------

  /** The device reported its firmware; {@code requestCompleted} when it matches a pending update request. */
  record FirmwareReported(Instant at, String previousVersion, String version, boolean requestCompleted,
      String chain) implements SimEvent {
    public FirmwareReported withChain(String c) {
      return new FirmwareReported(at, previousVersion, version, requestCompleted, c);
    }
  }

  /** The device runs firmware on the fleet's list of vulnerable versions. */
  record VulnerableFirmwareFlagged(Instant at, String version, String chain) implements SimEvent {
    public VulnerableFirmwareFlagged withChain(String c) {
      return new VulnerableFirmwareFlagged(at, version, c);
    }
  }

  /**
   * An attach in a new context (first attach, or another device, RAT, network or APN than the last
   * accepted one). Re-attaches in the same context are counted in {@link UsageRecorded#attaches()}.
   */
  record AttachAccepted(Instant at, Imei imei, Rat rat, Plmn plmn, Apn apn, boolean dataAllowed, boolean roaming,
      String chain) implements SimEvent {
    public AttachAccepted withChain(String c) {
      return new AttachAccepted(at, imei, rat, plmn, apn, dataAllowed, roaming, c);
    }
  }

  record AttachRejected(Instant at, Imei imei, Rat rat, Plmn plmn, Apn apn, RejectReason reason, String detail,
      String chain) implements SimEvent {
    public AttachRejected withChain(String c) {
      return new AttachRejected(at, imei, rat, plmn, apn, reason, detail, c);
    }
  }

  /** A FIRST_SEEN IMEI lock bound the SIM to this device. */
  record ImeiBound(Instant at, Imei imei, String chain) implements SimEvent {
    public ImeiBound withChain(String c) {
      return new ImeiBound(at, imei, c);
    }
  }

  /** A device the IMEI lock does not admit; {@code action} is what it got. */
  record ImeiMismatch(Instant at, String expected, Imei seen, ImeiLock.MismatchAction action, String chain)
      implements SimEvent {
    public ImeiMismatch withChain(String c) {
      return new ImeiMismatch(at, expected, seen, action, c);
    }
  }

  /**
   * Flows of one report interval refused for one reason. {@code ruleId} is the firewall rule that denied
   * them ({@code "default"} for the default action) or, for other reasons, the reason's name.
   */
  record FlowsBlocked(Instant at, RejectReason reason, String ruleId, long flows, long bytes,
      List<EndpointUsage> endpoints, String chain) implements SimEvent {
    public FlowsBlocked withChain(String c) {
      return new FlowsBlocked(at, reason, ruleId, flows, bytes, endpoints, c);
    }
  }

  /** Unencrypted flows left the private network under an ALERT encryption policy. */
  record UnencryptedTrafficDetected(Instant at, long flows, long bytes, List<EndpointUsage> endpoints,
      String chain) implements SimEvent {
    public UnencryptedTrafficDetected withChain(String c) {
      return new UnencryptedTrafficDetected(at, flows, bytes, endpoints, c);
    }
  }

  record SmsBlocked(Instant at, Service service, RejectReason reason, String chain) implements SimEvent {
    public SmsBlocked withChain(String c) {
      return new SmsBlocked(at, service, reason, c);
    }
  }

  record QuotaThresholdCrossed(Instant at, QuotaKind kind, long used, long limit, String chain)
      implements SimEvent {
    public QuotaThresholdCrossed withChain(String c) {
      return new QuotaThresholdCrossed(at, kind, used, limit, c);
    }
  }

  record QuotaExhausted(Instant at, QuotaKind kind, long used, long limit, QuotaAction action, String chain)
      implements SimEvent {
    public QuotaExhausted withChain(String c) {
      return new QuotaExhausted(at, kind, used, limit, action, c);
    }
  }

  /**
   * Totals of one usage window ({@code [windowStart, at)}), the only event a compliant SIM writes.
   * {@code partial} when the window was closed early (the entity was passivated or the run ended).
   * {@code endpoints} holds the busiest distinct endpoints up to the configured bound;
   * {@code endpointsDropped} counts the flows to endpoints that did not fit the bound.
   */
  record UsageRecorded(Instant at, Instant windowStart, boolean partial, long uplinkBytes, long downlinkBytes,
      long packets, long flows, long smsMo, long smsMt, long attaches, long detaches, boolean throttled,
      List<EndpointUsage> endpoints, long endpointsDropped, String chain) implements SimEvent {
    public UsageRecorded withChain(String c) {
      return new UsageRecorded(at, windowStart, partial, uplinkBytes, downlinkBytes, packets, flows, smsMo, smsMt,
          attaches, detaches, throttled, endpoints, endpointsDropped, c);
    }

    public long totalBytes() {
      return uplinkBytes + downlinkBytes;
    }
  }

  /**
   * A mobile-originated call refused: the profile has no VOICE, does not allow calls to numbers of
   * {@code destination}'s class, a QUARANTINE response allows emergency calls only, or a detector's
   * SUSPEND response suspended the SIM at this call. {@code detail} says which, for people.
   */
  record VoiceCallBlocked(Instant at, CallDestination destination, RejectReason reason, String detail, String chain)
      implements SimEvent {
    public VoiceCallBlocked withChain(String c) {
      return new VoiceCallBlocked(at, destination, reason, detail, c);
    }
  }

  /**
   * Voice totals of one usage window ({@code [windowStart, at)}), journaled just before the window's
   * {@link UsageRecorded} when the SIM made calls in it. A type of its own, so that the usage event of
   * every other window, and the tamper chain over it, keeps its shape. {@code destinations} has one
   * entry per class of number called, in {@link CallDestination} order.
   */
  record VoiceUsageRecorded(Instant at, Instant windowStart, boolean partial, long calls, long seconds,
      List<CallUsage> destinations, String chain) implements SimEvent {
    public VoiceUsageRecorded withChain(String c) {
      return new VoiceUsageRecorded(at, windowStart, partial, calls, seconds, destinations, c);
    }
  }

  /**
   * The mobile-originated SMS of one usage window by class of number, journaled just before the window's
   * {@link UsageRecorded} when some of them went to a class other than domestic (a window of domestic SMS only is
   * fully described by {@code UsageRecorded.smsMo}). A type of its own, like {@link VoiceUsageRecorded}, so that
   * every other window's events keep their shape. {@code destinations} has one entry per class, in
   * {@link SmsDestination} order.
   */
  record SmsUsageRecorded(Instant at, Instant windowStart, boolean partial, List<SmsUsage> destinations,
      String chain) implements SimEvent {
    public SmsUsageRecorded withChain(String c) {
      return new SmsUsageRecorded(at, windowStart, partial, destinations, c);
    }
  }

  // ---- detection ----------------------------------------------------------------------------------

  /**
   * A detector found the SIM's behaviour outside its learned baseline. {@code evidence} says what was
   * seen against what was expected, for people; {@code response} is what the profile said to do
   * (a SUSPEND response is followed by a {@link Suspended} event by {@code network:detector}).
   */
  record AnomalyDetected(Instant at, AnomalyKind kind, double score, String evidence, Response response,
      String chain) implements SimEvent {
    public AnomalyDetected withChain(String c) {
      return new AnomalyDetected(at, kind, score, evidence, response, c);
    }
  }

  /** An operator lifted the THROTTLE and QUARANTINE responses in force. */
  record ResponseCleared(Instant at, String by, String chain) implements SimEvent {
    public ResponseCleared withChain(String c) {
      return new ResponseCleared(at, by, c);
    }
  }

  // ---- clients' requests --------------------------------------------------------------------------

  /**
   * A client's request sent with an {@code Idempotency-Key} was decided. Journaled in the same write as the
   * events the request caused, after them (or alone when it caused none), so that the request sent again with
   * the key, even after a crash of the node that decided it, is answered as it was and not decided again.
   * {@code request} is a digest of the request the key was used with; the answer is {@code verdict} for a network
   * command, and for an operator command {@code refusal} and {@code field} when refused, neither when accepted.
   */
  record RequestKeyRecorded(Instant at, String key, String request, Verdict verdict, String refusal, String field,
      String chain) implements SimEvent {
    public RequestKeyRecorded withChain(String c) {
      return new RequestKeyRecorded(at, key, request, verdict, refusal, field, c);
    }
  }
}
