package io.simwarden.core.detect;

import io.simwarden.core.decision.NetworkContext;
import io.simwarden.core.decision.NetworkDecider;
import io.simwarden.core.decision.NetworkDecision;
import io.simwarden.core.decision.OperatorDecider;
import io.simwarden.core.decision.OperatorDecision;
import io.simwarden.core.decision.UsageWindows;
import io.simwarden.core.decision.Verdict;
import io.simwarden.core.event.SimEvent;
import io.simwarden.core.firewall.Firewall;
import io.simwarden.core.firewall.FirewallRule;
import io.simwarden.core.id.Apn;
import io.simwarden.core.id.Imei;
import io.simwarden.core.id.Plmn;
import io.simwarden.core.policy.CallDestination;
import io.simwarden.core.policy.ConnectivityProfile;
import io.simwarden.core.policy.DeviceFacts;
import io.simwarden.core.policy.FleetPolicy;
import io.simwarden.core.policy.ImeiLock;
import io.simwarden.core.policy.Rat;
import io.simwarden.core.policy.Service;
import io.simwarden.core.policy.SmsDestination;
import io.simwarden.core.policy.SimStatus.Transition;
import io.simwarden.core.state.SimState;
import io.simwarden.core.testing.Sims;
import io.simwarden.core.traffic.Call;
import io.simwarden.core.traffic.Flow;
import io.simwarden.core.traffic.UsageAccumulator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * One SIM driven through the pure deciders the way {@code SimEntity} drives it: close the usage window
 * a request has passed, decide against the state, fold the events. No actor system, no chain values.
 */
final class Twin {

  static final long HOUR = 3_600_000L;

  final NetworkDecider decider;
  final UsageAccumulator window = new UsageAccumulator(HOUR, 16);
  final WindowWatch watch = new WindowWatch();
  final List<SimEvent> journal = new ArrayList<>();
  final List<Detection> detections = new ArrayList<>();
  FleetPolicy fleet = FleetPolicy.EMPTY;
  SimState state = SimState.EMPTY;
  private Firewall firewall;
  private ConnectivityProfile compiledProfile;
  private List<FirewallRule> compiledRules;

  Twin(ConnectivityProfile profile, ImeiLock lock, Instant at) {
    this(profile, lock, at, 6);
  }

  Twin(ConnectivityProfile profile, ImeiLock lock, Instant at, int learningWindows) {
    decider = new NetworkDecider(8, new Detectors(learningWindows, Duration.ofHours(1)));
    operator(OperatorDecider.provision(state, at, "ops", Sims.imsi(1), Sims.iccid(1), "acme", profile, lock,
        List.of(), DeviceFacts.UNKNOWN));
    operator(OperatorDecider.transition(state, Transition.ACTIVATE, at, "ops", null));
  }

  Verdict attach(Imei imei, Rat rat, Plmn plmn, Apn apn, Instant at) {
    return network(at, s -> decider.attach(context(s, at), imei, rat, plmn, apn));
  }

  Verdict traffic(List<Flow> flows, Instant at) {
    return network(at, s -> decider.traffic(context(s, at), firewallFor(s), flows));
  }

  Verdict sms(Service direction, Instant at) {
    return network(at, s -> decider.sms(context(s, at), direction));
  }

  /** An SMS sent to a number of class {@code to}. */
  Verdict sms(SmsDestination to, Instant at) {
    return network(at, s -> decider.sms(context(s, at), Service.SMS_MO, to));
  }

  Verdict call(CallDestination destination, long seconds, Instant at) {
    return network(at, s -> decider.voiceCall(context(s, at), new Call(destination, seconds)));
  }

  Verdict detach(Instant at) {
    return network(at, s -> decider.detach(context(s, at)));
  }

  /** Journals the open window now, as {@code FlushUsage} does. */
  void flush(Instant at) {
    UsageWindows.closeNow(window, at).forEach(this::record);
  }

  /** Applies an operator decision's events; returns it for its refusal. */
  OperatorDecision operator(OperatorDecision decision) {
    decision.events().forEach(this::record);
    return decision;
  }

  List<SimEvent.AnomalyDetected> anomalies() {
    List<SimEvent.AnomalyDetected> out = new ArrayList<>();
    for (SimEvent e : journal) {
      if (e instanceof SimEvent.AnomalyDetected a) {
        out.add(a);
      }
    }
    return out;
  }

  List<AnomalyKind> kinds() {
    List<AnomalyKind> out = new ArrayList<>();
    for (SimEvent.AnomalyDetected a : anomalies()) {
      out.add(a.kind());
    }
    return out;
  }

  private Verdict network(Instant at, Function<SimState, NetworkDecision> decide) {
    UsageWindows.closeIfDue(window, at).forEach(this::record);
    NetworkDecision decision = decide.apply(state);
    decision.events().forEach(this::record);
    detections.addAll(decision.verdict().detections());
    return decision.verdict();
  }

  private NetworkContext context(SimState s, Instant at) {
    return new NetworkContext(s, fleet, window, watch, at);
  }

  private void record(SimEvent e) {
    journal.add(e);
    state = state.apply(e);
  }

  private Firewall firewallFor(SimState s) {
    if (firewall == null || compiledProfile != s.profile() || compiledRules != s.firewallRules()) {
      compiledProfile = s.profile();
      compiledRules = s.firewallRules();
      firewall = Firewall.compile(compiledProfile.firewallRules(), compiledRules, compiledProfile.defaultAction());
    }
    return firewall;
  }
}
