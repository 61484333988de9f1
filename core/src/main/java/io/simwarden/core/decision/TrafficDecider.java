package io.simwarden.core.decision;

import io.simwarden.core.detect.Baseline;
import io.simwarden.core.detect.Detectors;
import io.simwarden.core.detect.WindowWatch;
import io.simwarden.core.event.QuotaKind;
import io.simwarden.core.event.RejectReason;
import io.simwarden.core.event.SimEvent;
import io.simwarden.core.firewall.Firewall;
import io.simwarden.core.policy.ConnectivityProfile;
import io.simwarden.core.policy.EncryptionPolicy;
import io.simwarden.core.policy.PrivateNetwork;
import io.simwarden.core.policy.Quota;
import io.simwarden.core.policy.QuotaAction;
import io.simwarden.core.state.QuotaCounter;
import io.simwarden.core.state.SimState;
import io.simwarden.core.traffic.Flow;
import io.simwarden.core.traffic.UsageAccumulator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Decides a SIM's data traffic, one report of flow summaries at a time: the private network, the firewall, the
 * encryption policy, the data quota, QUARANTINE and THROTTLE responses, and the traffic detectors.
 */
final class TrafficDecider {

  private final int maxBlockedEndpoints;
  private final Detectors detectors;

  TrafficDecider(int maxBlockedEndpoints, Detectors detectors) {
    this.maxBlockedEndpoints = maxBlockedEndpoints;
    this.detectors = detectors;
  }

  /**
   * One report interval of flow summaries. Allowed flows are counted in the usage window; refused ones
   * are journaled as one {@code FlowsBlocked} per rule or reason. Under a QUARANTINE response only flows
   * an explicit firewall ALLOW rule matches are carried. Evaluating a compliant flow allocates nothing,
   * detectors included.
   */
  NetworkDecision traffic(NetworkContext c, Firewall firewall, List<Flow> flows) {
    SimState state = c.state();
    UsageAccumulator window = c.window();
    WindowWatch watch = c.watch();
    Instant at = c.at();
    Verdict refusal = NetworkChecks.dataRefusal(state);
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
      boolean declared = false;
      if (leaves && privateNetwork.enabled() && !privateNetwork.internetBreakout()) {
        refused = RejectReason.PRIVATE_NETWORK;
        ruleId = "private-network";
        violation = true;
      } else {
        int rule = firewall.match(f.direction(), f.protocol(), f.remote(), f.port());
        declared = firewall.declares(rule);
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
        detectors.observe(watch, baseline, f, i, refused == null, violation, declared && refused == null);
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
      events = NetworkChecks.quotaEvents(events, QuotaKind.DATA, quota, counter, counter.used() + window.bytes(),
          at);
      throttled |= quota.onExhaustion() == QuotaAction.THROTTLE
          && (counter.exhausted() || counter.used() + window.bytes() >= quota.limit());
    }
    Reaction reaction = watching
        ? Reaction.react(state, detectors.traffic(watch, baseline, window, flows), at, false) : Reaction.NONE;
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
}
