package io.simwarden.node.api;

import io.simwarden.core.firewall.FirewallRule;
import io.simwarden.core.policy.ConnectivityProfile;
import io.simwarden.core.policy.DeviceFacts;
import io.simwarden.core.policy.ImeiLock;
import io.simwarden.core.policy.SimStatus;
import io.simwarden.core.state.AttachContext;
import io.simwarden.core.state.QuotaCounter;
import io.simwarden.core.state.SimState;
import java.time.Instant;
import java.util.List;

/**
 * A SIM's state as the API shows it: everything an operator acts on, without the detectors' learned
 * baseline (working data of the detectors, large and not a decision).
 */
record SimView(String imsi, String iccid, String organisation, SimStatus status, ConnectivityProfile profile,
    ImeiLock imeiLock, List<FirewallRule> firewallRules, DeviceFacts device, String requestedFirmware,
    String vulnerableFirmware, AttachContext lastAttach, Usage data, Usage sms, String suspendedBy,
    boolean throttledByDetector, boolean quarantined, Instant lastEventAt, String chain) {

  /** Usage in the current quota period; {@code periodStart} is absent before the first usage. */
  record Usage(Instant periodStart, long used, boolean warned, boolean exhausted) {
    static Usage of(QuotaCounter c) {
      return new Usage(c.periodStart() == Long.MIN_VALUE ? null : Instant.ofEpochMilli(c.periodStart()), c.used(),
          c.warned(), c.exhausted());
    }
  }

  static SimView of(SimState s) {
    return new SimView(s.imsi().toString(), s.iccid().value(), s.organisation(), s.status(), s.profile(),
        s.imeiLock(), s.firewallRules(), s.device(), s.requestedFirmware(), s.vulnerableFirmware(), s.lastAttach(),
        Usage.of(s.data()), Usage.of(s.sms()), s.suspendedBy(), s.throttledByDetector(), s.quarantined(),
        s.lastEventAt(), s.chain());
  }
}
