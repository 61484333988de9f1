package io.simwarden.core.decision;

import io.simwarden.core.ValidationException;
import io.simwarden.core.event.SimEvent;
import io.simwarden.core.firewall.Firewall;
import io.simwarden.core.firewall.FirewallRule;
import io.simwarden.core.id.Iccid;
import io.simwarden.core.id.Imsi;
import io.simwarden.core.policy.ConnectivityProfile;
import io.simwarden.core.policy.DeviceFacts;
import io.simwarden.core.policy.FirmwareVersions;
import io.simwarden.core.policy.ImeiLock;
import io.simwarden.core.policy.SimStatus;
import io.simwarden.core.policy.SimStatus.Transition;
import io.simwarden.core.state.SimState;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Decides operator commands: provisioning, lifecycle transitions and configuration changes. Pure: the
 * same state and command always give the same decision.
 */
public final class OperatorDecider {

  private static final Pattern ORGANISATION = Pattern.compile("[a-z0-9][a-z0-9\\-]{0,62}");
  private static final int MAX_REASON = 500;

  private OperatorDecider() {}

  /** Checks an operator identity ({@code by}) as commands carry it. */
  public static String checkOperator(String by) {
    if (by == null || by.isBlank() || by.length() > 128) {
      throw new ValidationException("by", "the operator's identity is required (1-128 characters)");
    }
    return by.trim();
  }

  /** Checks an organisation (tenant) id: lower-case letters, digits and '-', up to 63 characters. */
  public static String checkOrganisation(String organisation) {
    if (organisation == null || !ORGANISATION.matcher(organisation).matches()) {
      throw new ValidationException("organisation", "must be 1-63 lower-case letters, digits or '-' starting with "
          + "a letter or digit, e.g. \"acme-utilities\"; got " + ValidationException.quote(organisation));
    }
    return organisation;
  }

  public static OperatorDecision provision(SimState state, Instant at, String by, Imsi imsi, Iccid iccid,
      String organisation, ConnectivityProfile profile, ImeiLock imeiLock, List<FirewallRule> rules,
      DeviceFacts device) {
    if (state.isProvisioned()) {
      return OperatorDecision.refuse("SIM " + state.imsi() + " is already provisioned (status " + state.status()
          + ", organisation " + state.organisation() + ")");
    }
    ValidationException invalid = firewallConflict(profile, rules);
    try {
      checkOrganisation(organisation);
    } catch (ValidationException e) {
      invalid = e;
    }
    if (invalid != null) {
      return OperatorDecision.invalid(invalid);
    }
    ImeiLock lock = imeiLock == null ? ImeiLock.OFF : imeiLock.mode() == ImeiLock.Mode.FIRST_SEEN
        ? imeiLock.boundTo(null) : imeiLock;
    return OperatorDecision.accept(new SimEvent.Provisioned(at, by, imsi, iccid, organisation, profile, lock,
        List.copyOf(rules), device == null ? DeviceFacts.UNKNOWN : device, null));
  }

  public static OperatorDecision transition(SimState state, Transition transition, Instant at, String by,
      String reason) {
    String notReady = notProvisioned(state);
    if (notReady != null) {
      return OperatorDecision.refuse(notReady);
    }
    String refusal = state.status().refusal(transition);
    if (refusal != null) {
      return OperatorDecision.refuse(refusal);
    }
    String why = reason == null || reason.isBlank() ? "by operator" : truncate(reason.trim());
    switch (transition) {
      case ACTIVATE:
        return OperatorDecision.accept(new SimEvent.Activated(at, by, null));
      case SUSPEND:
        return OperatorDecision.accept(new SimEvent.Suspended(at, by, why, null));
      case RESUME:
        return OperatorDecision.accept(new SimEvent.Resumed(at, by, null));
      case TERMINATE:
        return OperatorDecision.accept(new SimEvent.Terminated(at, by, why, null));
      default:
        throw new IllegalStateException("unknown transition " + transition);
    }
  }

  public static OperatorDecision setProfile(SimState state, Instant at, String by, ConnectivityProfile profile) {
    String refusal = notChangeable(state);
    if (refusal != null) {
      return OperatorDecision.refuse(refusal);
    }
    ValidationException invalid = firewallConflict(profile, state.firewallRules());
    return invalid != null ? OperatorDecision.invalid(invalid)
        : OperatorDecision.accept(new SimEvent.ProfileChanged(at, by, profile, null));
  }

  public static OperatorDecision setImeiLock(SimState state, Instant at, String by, ImeiLock lock) {
    String refusal = notChangeable(state);
    if (refusal != null) {
      return OperatorDecision.refuse(refusal);
    }
    ImeiLock armed = lock.mode() == ImeiLock.Mode.FIRST_SEEN ? lock.boundTo(null) : lock;
    return OperatorDecision.accept(new SimEvent.ImeiLockChanged(at, by, armed, null));
  }

  public static OperatorDecision setFirewall(SimState state, Instant at, String by, List<FirewallRule> rules) {
    String refusal = notChangeable(state);
    if (refusal != null) {
      return OperatorDecision.refuse(refusal);
    }
    ValidationException invalid = firewallConflict(state.profile(), rules);
    return invalid != null ? OperatorDecision.invalid(invalid)
        : OperatorDecision.accept(new SimEvent.FirewallChanged(at, by, List.copyOf(rules), null));
  }

  public static OperatorDecision requestFirmwareUpdate(SimState state, Instant at, String by, String version) {
    String refusal = notChangeable(state);
    if (refusal != null) {
      return OperatorDecision.refuse(refusal);
    }
    String target = FirmwareVersions.check("targetVersion", version);
    if (target.equals(state.device().firmwareVersion())) {
      return OperatorDecision.refuse("device already runs firmware " + target);
    }
    return OperatorDecision.accept(new SimEvent.FirmwareUpdateRequested(at, by, target, null));
  }

  /** Lifts the THROTTLE and QUARANTINE responses in force; a SUSPEND response is lifted by resuming. */
  public static OperatorDecision clearResponse(SimState state, Instant at, String by) {
    String refusal = notChangeable(state);
    if (refusal == null && !state.throttledByDetector() && !state.quarantined()) {
      refusal = "no THROTTLE or QUARANTINE response is in force"
          + (state.status() == SimStatus.SUSPENDED ? "; a suspended SIM is resumed with Resume" : "");
    }
    return refusal != null ? OperatorDecision.refuse(refusal)
        : OperatorDecision.accept(new SimEvent.ResponseCleared(at, by, null));
  }

  private static String notProvisioned(SimState state) {
    return state.isProvisioned() ? null : "SIM is not provisioned";
  }

  private static String notChangeable(SimState state) {
    String refusal = notProvisioned(state);
    if (refusal == null && state.status() == SimStatus.TERMINATED) {
      refusal = "SIM is TERMINATED; its configuration can no longer change";
    }
    return refusal;
  }

  /** Why the profile's and the SIM's rules cannot form one firewall, or {@code null} when they can. */
  private static ValidationException firewallConflict(ConnectivityProfile profile, List<FirewallRule> rules) {
    try {
      Firewall.compile(profile.firewallRules(), rules, profile.defaultAction());
      return null;
    } catch (ValidationException e) {
      return e;
    }
  }

  private static String truncate(String reason) {
    return reason.length() <= MAX_REASON ? reason : reason.substring(0, MAX_REASON);
  }
}
