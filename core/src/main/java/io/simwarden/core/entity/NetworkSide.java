package io.simwarden.core.entity;

import io.simwarden.core.EventTime;
import io.simwarden.core.ValidationException;
import io.simwarden.core.decision.NetworkContext;
import io.simwarden.core.decision.NetworkDecider;
import io.simwarden.core.decision.NetworkDecision;
import io.simwarden.core.decision.UsageWindows;
import io.simwarden.core.decision.Verdict;
import io.simwarden.core.detect.Detectors;
import io.simwarden.core.detect.WindowWatch;
import io.simwarden.core.entity.SimProtocol.Attach;
import io.simwarden.core.entity.SimProtocol.Detach;
import io.simwarden.core.entity.SimProtocol.FlushUsage;
import io.simwarden.core.entity.SimProtocol.NetworkCommand;
import io.simwarden.core.entity.SimProtocol.ReportFirmware;
import io.simwarden.core.entity.SimProtocol.ReportTraffic;
import io.simwarden.core.entity.SimProtocol.SmsMo;
import io.simwarden.core.entity.SimProtocol.SmsMt;
import io.simwarden.core.entity.SimProtocol.TrafficReport;
import io.simwarden.core.entity.SimProtocol.VoiceCall;
import io.simwarden.core.event.EventChain;
import io.simwarden.core.event.RejectReason;
import io.simwarden.core.event.SimEvent;
import io.simwarden.core.firewall.Firewall;
import io.simwarden.core.firewall.FirewallRule;
import io.simwarden.core.policy.ConnectivityProfile;
import io.simwarden.core.policy.FirmwareVersions;
import io.simwarden.core.policy.FleetPolicy;
import io.simwarden.core.policy.Service;
import io.simwarden.core.state.SimState;
import io.simwarden.core.traffic.UsageAccumulator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A SIM entity's network side: decides each network command with the {@link NetworkDecider}, against the SIM's
 * working memory of the network. That memory is the open usage window ({@link UsageAccumulator}), the detectors'
 * {@link WindowWatch}, the compiled firewall and the event time of the latest network request. None of it is
 * state: the window is journaled once per window (or as a partial window on passivation), the watch only remembers
 * what the open window showed, the firewall is recompiled from state.
 */
final class NetworkSide {

  /** The decisions on a {@link SimEntity.ReportTrafficBatch}: one verdict per report, and all events, sealed. */
  record Batch(List<Verdict> verdicts, List<SimEvent> sealed) {}

  private final NetworkDecider network;
  private final Supplier<FleetPolicy> fleetPolicy;
  private final SimMetrics metrics;
  private final UsageAccumulator window;
  private final WindowWatch watch = new WindowWatch();
  private Firewall firewall;
  private ConnectivityProfile firewallProfile;
  private List<FirewallRule> firewallRules;
  private Instant lastNetworkAt;

  NetworkSide(SimSettings settings, Supplier<FleetPolicy> fleetPolicy, SimMetrics metrics) {
    this.network = new NetworkDecider(settings.maxBlockedEndpoints(),
        new Detectors(settings.learningWindows(), settings.usageWindow(), settings.detect()));
    this.fleetPolicy = fleetPolicy;
    this.metrics = metrics;
    this.window = new UsageAccumulator(settings.usageWindow().toMillis(), settings.maxWindowEndpoints());
  }

  /** The decision on {@code command}, whose event time the entity accepted, for a SIM in {@code state}. */
  NetworkDecision decide(SimState state, NetworkCommand command) {
    if (command instanceof ReportTraffic c) {
      metrics.trafficReportProcessed();
      return decide(state, c.at(), ctx -> network.traffic(ctx, firewallFor(ctx.state()), c.flows()));
    }
    if (command instanceof Attach c) {
      return decide(state, c.at(), ctx -> network.attach(ctx, c.imei(), c.rat(), c.plmn(), c.apn()));
    }
    if (command instanceof Detach c) {
      return decide(state, c.at(), network::detach);
    }
    if (command instanceof SmsMo c) {
      return decide(state, c.at(), ctx -> network.sms(ctx, Service.SMS_MO, c.to()));
    }
    if (command instanceof SmsMt c) {
      return decide(state, c.at(), ctx -> network.sms(ctx, Service.SMS_MT, null));
    }
    if (command instanceof VoiceCall c) {
      return decide(state, c.at(), ctx -> network.voiceCall(ctx, c.call()));
    }
    if (command instanceof ReportFirmware c) {
      String version;
      try {
        version = FirmwareVersions.check("version", c.version());
      } catch (ValidationException e) {
        return NetworkDecision.refused(Verdict.refused(RejectReason.INVALID_REQUEST, e.getMessage()));
      }
      return decide(state, c.at(), ctx -> network.firmwareReported(ctx, version));
    }
    if (command instanceof FlushUsage c) {
      return new NetworkDecision(closeWindow(c.at()), Verdict.OK);
    }
    throw new IllegalStateException("unhandled network command " + command.getClass().getName());
  }

  /**
   * Decides the reports in order, each against the state the previous ones left (their events sealed and
   * applied as the journal will apply them).
   */
  Batch decide(SimState state, List<TrafficReport> reports) {
    List<Verdict> verdicts = new ArrayList<>(reports.size());
    List<SimEvent> sealed = new ArrayList<>();
    SimState current = state;
    for (TrafficReport r : reports) {
      metrics.trafficReportProcessed();
      if (!EventTime.accepted(r.at())) {
        verdicts.add(outOfRange(r.at()));
        continue;
      }
      NetworkDecision d = decide(current, r.at(), ctx -> network.traffic(ctx, firewallFor(ctx.state()), r.flows()));
      verdicts.add(d.verdict());
      for (SimEvent e : EventChain.seal(current.chain(), d.events())) {
        sealed.add(e);
        current = current.apply(e);
      }
    }
    return new Batch(verdicts, sealed);
  }

  /** Closes the open usage window at {@code at}: its events, none when no window is open. */
  List<SimEvent> closeWindow(Instant at) {
    return UsageWindows.closeNow(window, at);
  }

  /** Closes the open usage window at the latest network request's time, as a SIM is passivated. */
  List<SimEvent> closeOnPassivation() {
    return lastNetworkAt == null ? List.of() : UsageWindows.closeNow(window, lastNetworkAt);
  }

  /** Event time the window arithmetic cannot take (the edges refuse it first); decided without an event. */
  static Verdict outOfRange(Instant at) {
    return Verdict.refused(RejectReason.INVALID_REQUEST, "at: " + EventTime.outOfRange(at));
  }

  /**
   * Closes a usage window that {@code at} has passed and decides against the state including that window;
   * the closed window's events (data, and voice when calls were made) come first among the decision's events
   * (none is sealed yet).
   */
  private NetworkDecision decide(SimState state, Instant at, Function<NetworkContext, NetworkDecision> decider) {
    List<SimEvent> closed = state.isProvisioned() ? UsageWindows.closeIfDue(window, at) : List.of();
    SimState current = closed.isEmpty() ? state : state.applyAll(closed);
    NetworkDecision decision = decider.apply(new NetworkContext(current, fleetPolicy.get(), window, watch, at));
    metrics.networkDecided(decision.verdict());
    if (lastNetworkAt == null || at.isAfter(lastNetworkAt)) {
      lastNetworkAt = at;
    }
    if (closed.isEmpty()) {
      return decision;
    }
    List<SimEvent> events = new ArrayList<>(closed.size() + decision.events().size());
    events.addAll(closed);
    events.addAll(decision.events());
    return new NetworkDecision(events, decision.verdict());
  }

  /** The compiled firewall for {@code state}, recompiled only when the profile or the SIM's rules changed. */
  private Firewall firewallFor(SimState state) {
    if (firewall == null || firewallProfile != state.profile() || firewallRules != state.firewallRules()) {
      firewallProfile = state.profile();
      firewallRules = state.firewallRules();
      firewall = Firewall.compile(firewallProfile.firewallRules(), firewallRules, firewallProfile.defaultAction());
    }
    return firewall;
  }
}
