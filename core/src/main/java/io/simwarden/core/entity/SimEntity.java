package io.simwarden.core.entity;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.simwarden.core.CborSerializable;
import io.simwarden.core.EventTime;
import io.simwarden.core.ValidationException;
import io.simwarden.core.decision.NetworkDecider;
import io.simwarden.core.decision.NetworkDecision;
import io.simwarden.core.decision.OperatorDecider;
import io.simwarden.core.decision.OperatorDecision;
import io.simwarden.core.decision.UsageWindows;
import io.simwarden.core.decision.Verdict;
import io.simwarden.core.detect.Detectors;
import io.simwarden.core.detect.WindowWatch;
import io.simwarden.core.event.EventChain;
import io.simwarden.core.event.RejectReason;
import io.simwarden.core.event.SimEvent;
import io.simwarden.core.event.SimTags;
import io.simwarden.core.firewall.Firewall;
import io.simwarden.core.firewall.FirewallRule;
import io.simwarden.core.id.Apn;
import io.simwarden.core.id.Iccid;
import io.simwarden.core.id.Imei;
import io.simwarden.core.id.Imsi;
import io.simwarden.core.id.Plmn;
import io.simwarden.core.policy.ConnectivityProfile;
import io.simwarden.core.policy.DeviceFacts;
import io.simwarden.core.policy.FirmwareVersions;
import io.simwarden.core.policy.FleetPolicy;
import io.simwarden.core.policy.ImeiLock;
import io.simwarden.core.policy.Rat;
import io.simwarden.core.policy.Service;
import io.simwarden.core.policy.SimStatus.Transition;
import io.simwarden.core.state.SimState;
import io.simwarden.core.traffic.Call;
import io.simwarden.core.traffic.Flow;
import io.simwarden.core.traffic.UsageAccumulator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.cluster.sharding.typed.ShardingEnvelope;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.SnapshotSelectionCriteria;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EffectBuilder;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.Recovery;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;

/**
 * One SIM's security twin: a sharded, event-sourced entity with persistence id {@code Sim|<imsi>}.
 *
 * <p>It decides nothing itself. Every command goes to {@link OperatorDecider} or {@link NetworkDecider};
 * the entity seals their events into the tamper-evidence chain, persists them, and replies. State only
 * changes in the event handler ({@link SimState#apply}), which forensic replay runs too. The open usage
 * window, the detectors' {@link WindowWatch} and the compiled firewall are working memory, not state: the
 * window is journaled once per window (or as a partial window on passivation), the watch only remembers
 * what the open window showed, the firewall is recompiled from state.
 */
public final class SimEntity extends EventSourcedBehaviorWithEnforcedReplies<SimEntity.Command, SimEvent, SimState> {

  public static final EntityTypeKey<Command> ENTITY_TYPE_KEY = EntityTypeKey.create(Command.class, "Sim");

  // Command ------------------------------------------------------------------------------------------

  public sealed interface Command extends CborSerializable {}

  /** Commands an operator gives; each records who gave it. */
  public sealed interface OperatorCommand extends Command {
    String by();

    Instant at();

    ActorRef<CommandResult> replyTo();
  }

  public record Provision(Imsi imsi, Iccid iccid, String organisation, ConnectivityProfile profile,
      ImeiLock imeiLock, List<FirewallRule> firewallRules, DeviceFacts device, String by, Instant at,
      ActorRef<CommandResult> replyTo) implements OperatorCommand {}

  public record Activate(String by, Instant at, ActorRef<CommandResult> replyTo) implements OperatorCommand {}

  public record Suspend(String by, String reason, Instant at, ActorRef<CommandResult> replyTo)
      implements OperatorCommand {}

  public record Resume(String by, Instant at, ActorRef<CommandResult> replyTo) implements OperatorCommand {}

  public record Terminate(String by, String reason, Instant at, ActorRef<CommandResult> replyTo)
      implements OperatorCommand {}

  public record SetProfile(ConnectivityProfile profile, String by, Instant at, ActorRef<CommandResult> replyTo)
      implements OperatorCommand {}

  public record SetImeiLock(ImeiLock imeiLock, String by, Instant at, ActorRef<CommandResult> replyTo)
      implements OperatorCommand {}

  public record SetFirewall(List<FirewallRule> rules, String by, Instant at, ActorRef<CommandResult> replyTo)
      implements OperatorCommand {}

  public record RequestFirmwareUpdate(String targetVersion, String by, Instant at,
      ActorRef<CommandResult> replyTo) implements OperatorCommand {}

  /** Lifts the THROTTLE and QUARANTINE responses of the anomaly detectors. */
  public record ClearResponse(String by, Instant at, ActorRef<CommandResult> replyTo) implements OperatorCommand {}

  public record GetState(ActorRef<SimState> replyTo) implements Command {}

  /** Commands the network sends; answered with a {@link Verdict}. */
  public sealed interface NetworkCommand extends Command {
    Instant at();

    ActorRef<Verdict> replyTo();
  }

  public record Attach(Imei imei, Rat rat, Plmn plmn, Apn apn, Instant at, ActorRef<Verdict> replyTo)
      implements NetworkCommand {}

  public record Detach(Instant at, ActorRef<Verdict> replyTo) implements NetworkCommand {}

  /** One report interval of flow summaries. */
  public record ReportTraffic(List<Flow> flows, Instant at, ActorRef<Verdict> replyTo) implements NetworkCommand {}

  /**
   * A SIM's traffic reports collected over a stretch of event time (as a gateway's usage records arrive),
   * oldest first. Each is decided exactly as a {@link ReportTraffic} of its own would be, one after the other,
   * and the events of all of them are journaled in one write; the answer holds one verdict per report, in
   * order.
   */
  public record ReportTrafficBatch(List<TrafficReport> reports, ActorRef<Verdicts> replyTo) implements Command {}

  /** One report interval of a {@link ReportTrafficBatch}. */
  public record TrafficReport(List<Flow> flows, Instant at) implements CborSerializable {}

  public record SmsMo(Instant at, ActorRef<Verdict> replyTo) implements NetworkCommand {}

  public record SmsMt(Instant at, ActorRef<Verdict> replyTo) implements NetworkCommand {}

  /** A mobile-originated call attempt set up at {@code at}. */
  public record VoiceCall(Call call, Instant at, ActorRef<Verdict> replyTo) implements NetworkCommand {}

  public record ReportFirmware(String version, Instant at, ActorRef<Verdict> replyTo) implements NetworkCommand {}

  /** Journals the open usage window now (e.g. at the end of a simulation). */
  public record FlushUsage(Instant at, ActorRef<Verdict> replyTo) implements NetworkCommand {}

  /**
   * {@code command}, made safe to send again: a caller that did not get an answer (an ask timeout while the journal
   * stalled, an entity restarted after a failed write) re-sends it with the same {@code key}, and it is decided
   * once. The entity remembers its last keyed decision: the key, the chain value before it, the events it sealed
   * and its answer. A re-sent command with that key gets the same answer without being decided again; if its events
   * never reached the journal (the write failed, the entity restarted and recovered without them) exactly those
   * events are persisted first. The working memory (usage window, detector watch) was updated by the one decision
   * and is not touched again. A caller gives each of a SIM's commands its own key and sends them one after the
   * other, so only the last one can be re-sent; a key never seen before is decided as {@code command} alone.
   */
  public record Idempotent(String key,
      @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
      @JsonSubTypes({
      @JsonSubTypes.Type(value = Attach.class, name = "Attach"),
      @JsonSubTypes.Type(value = Detach.class, name = "Detach"),
      @JsonSubTypes.Type(value = ReportTraffic.class, name = "ReportTraffic"),
      @JsonSubTypes.Type(value = SmsMo.class, name = "SmsMo"),
      @JsonSubTypes.Type(value = SmsMt.class, name = "SmsMt"),
      @JsonSubTypes.Type(value = VoiceCall.class, name = "VoiceCall"),
      @JsonSubTypes.Type(value = ReportFirmware.class, name = "ReportFirmware"),
      @JsonSubTypes.Type(value = FlushUsage.class, name = "FlushUsage"),
      @JsonSubTypes.Type(value = Provision.class, name = "Provision"),
      @JsonSubTypes.Type(value = Activate.class, name = "Activate"),
      @JsonSubTypes.Type(value = Suspend.class, name = "Suspend"),
      @JsonSubTypes.Type(value = Resume.class, name = "Resume"),
      @JsonSubTypes.Type(value = Terminate.class, name = "Terminate"),
      @JsonSubTypes.Type(value = SetProfile.class, name = "SetProfile"),
      @JsonSubTypes.Type(value = SetImeiLock.class, name = "SetImeiLock"),
      @JsonSubTypes.Type(value = SetFirewall.class, name = "SetFirewall"),
      @JsonSubTypes.Type(value = RequestFirmwareUpdate.class, name = "RequestFirmwareUpdate"),
      @JsonSubTypes.Type(value = ClearResponse.class, name = "ClearResponse"),
      @JsonSubTypes.Type(value = ReportTrafficBatch.class, name = "ReportTrafficBatch"),
      @JsonSubTypes.Type(value = CloseWindow.class, name = "CloseWindow")})
      Command command) implements Command {}

  /**
   * Closes the open usage window at {@code at} (journaled as {@link #FlushUsage} does: a window that ended by
   * then is journaled exactly as the next command would have closed it) and answers with the SIM's journal
   * position: a simulation's checkpoint, after which the journal holds everything the SIM has seen.
   */
  public record CloseWindow(Instant at, ActorRef<WindowClosed> replyTo) implements Command {}

  /** Stop message used by sharding: journals the open window as a partial window, then stops. */
  public enum Passivate implements Command {
    INSTANCE
  }

  /** To itself, while its node holds writes ({@code writesAllowed}): handle the kept commands once it may write. */
  public enum ResumeWrites implements Command {
    INSTANCE
  }

  // Reply --------------------------------------------------------------------------------------------

  /**
   * Answer to an operator command: accepted with the resulting state, or refused with the reason. A refusal
   * of bad input names the rejected {@code field} (and {@code error} reads {@code "<field>: <problem>"}); a
   * refusal because of the SIM's state has no field.
   */
  public record CommandResult(boolean accepted, String error, String field, SimState state)
      implements CborSerializable {
    static CommandResult ok(SimState state) {
      return new CommandResult(true, null, null, state);
    }

    static CommandResult refused(OperatorDecision decision, SimState state) {
      return new CommandResult(false, decision.refusal(), decision.field(), state);
    }
  }

  /** Answer to {@link CloseWindow}: the sequence number and chain value of the SIM's last journaled event. */
  public record WindowClosed(long sequenceNr, String chain) implements CborSerializable {}

  /** Answer to a {@link ReportTrafficBatch}: one verdict per report, in the order of the reports. */
  public record Verdicts(List<Verdict> verdicts) implements CborSerializable {}

  /** The cluster role of the members that host SIM entities. */
  public static final String HOST_ROLE = "sim-host";

  // init / create ------------------------------------------------------------------------------------

  /**
   * Starts sharding of SIM entities on this node; returns the region to send envelopes to. Entities live
   * only on members with the {@link #HOST_ROLE} role (every member has it by default, see reference.conf);
   * a member without it, such as a simulator driving a running cluster, gets a proxy that only routes.
   */
  public static ActorRef<ShardingEnvelope<Command>> init(ActorSystem<?> system, SimSettings settings,
      Supplier<FleetPolicy> fleetPolicy) {
    return init(system, settings, fleetPolicy, SimMetrics.NOOP);
  }

  /** As above, reporting to {@code metrics} (one per actor system). */
  public static ActorRef<ShardingEnvelope<Command>> init(ActorSystem<?> system, SimSettings settings,
      Supplier<FleetPolicy> fleetPolicy, SimMetrics metrics) {
    return init(system, settings, fleetPolicy, metrics, () -> true);
  }

  /**
   * As above; a SIM writes only while {@code writesAllowed} says so, and keeps its commands (stashed; reads are
   * answered) while it does not: a node that stood still and may have been downed meanwhile must not write before it
   * knows (the node's StallWatch).
   */
  public static ActorRef<ShardingEnvelope<Command>> init(ActorSystem<?> system, SimSettings settings,
      Supplier<FleetPolicy> fleetPolicy, SimMetrics metrics, BooleanSupplier writesAllowed) {
    return ClusterSharding.get(system).init(
        Entity.of(ENTITY_TYPE_KEY, ctx -> create(ctx.getEntityId(), settings, fleetPolicy, metrics, writesAllowed))
            .withRole(HOST_ROLE)
            .withStopMessage(Passivate.INSTANCE));
  }

  public static Behavior<Command> create(String imsi, SimSettings settings, Supplier<FleetPolicy> fleetPolicy) {
    return create(imsi, settings, fleetPolicy, SimMetrics.NOOP);
  }

  public static Behavior<Command> create(String imsi, SimSettings settings, Supplier<FleetPolicy> fleetPolicy,
      SimMetrics metrics) {
    return create(imsi, settings, fleetPolicy, metrics, () -> true);
  }

  public static Behavior<Command> create(String imsi, SimSettings settings, Supplier<FleetPolicy> fleetPolicy,
      SimMetrics metrics, BooleanSupplier writesAllowed) {
    return Behaviors.setup(ctx -> {
      metrics.entityStarted();
      return new SimEntity(imsi, settings, fleetPolicy, metrics, writesAllowed, ctx);
    });
  }

  /** The persistence id of a SIM's journal: {@code Sim|<imsi>}. */
  public static PersistenceId persistenceId(String imsi) {
    return PersistenceId.of(ENTITY_TYPE_KEY.name(), imsi);
  }

  /** How often a SIM whose node holds writes looks again. */
  private static final Duration RESUME_CHECK = Duration.ofMillis(500);

  private final String imsi;
  private final ActorContext<Command> context;
  private final SimSettings settings;
  private final Supplier<FleetPolicy> fleetPolicy;
  private final SimMetrics metrics;
  private final BooleanSupplier writesAllowed;
  /** A {@link ResumeWrites} is on its way to this SIM. */
  private boolean resumeScheduled;
  private final NetworkDecider network;
  private final UsageAccumulator window;
  private final WindowWatch watch = new WindowWatch();
  private Firewall firewall;
  private ConnectivityProfile firewallProfile;
  private List<FirewallRule> firewallRules;
  private Instant lastNetworkAt;
  /** The last {@link Idempotent} decision (kept across restarts after a failed write: same instance). */
  private KeyedDecision lastKeyed;
  /** The keyed decision being made, while its command is handled. */
  private KeyedDecision deciding;

  /** What {@link Idempotent} remembers of a decision. */
  private static final class KeyedDecision {
    final String key;
    final String chainBefore;
    String chainAfter;
    /** The events to write again while their write has not succeeded (dropped once it has: memory per SIM). */
    List<SimEvent> sealed = List.of();
    Function<SimState, Object> answer;

    KeyedDecision(String key, String chainBefore) {
      this.key = key;
      this.chainBefore = chainBefore;
      this.chainAfter = chainBefore;
    }

    String chainAfter() {
      return chainAfter;
    }

    void sealed(List<SimEvent> events) {
      sealed = events;
      chainAfter = events.isEmpty() ? chainBefore : events.get(events.size() - 1).chain();
    }
  }

  private SimEntity(String imsi, SimSettings settings, Supplier<FleetPolicy> fleetPolicy, SimMetrics metrics,
      BooleanSupplier writesAllowed, ActorContext<Command> context) {
    // A journal write that fails (Cassandra down, timeouts) stops the entity; it restarts with back-off and
    // recovers from the journal, so it resumes by itself once the journal answers again.
    super(persistenceId(imsi), SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(3),
        0.2));
    this.imsi = imsi;
    this.context = context;
    this.settings = settings;
    this.fleetPolicy = fleetPolicy;
    this.metrics = metrics;
    this.writesAllowed = writesAllowed;
    this.network = new NetworkDecider(settings.maxBlockedEndpoints(),
        new Detectors(settings.learningWindows(), settings.usageWindow(), settings.detect()));
    this.window = new UsageAccumulator(settings.usageWindow().toMillis(), settings.maxWindowEndpoints());
  }

  @Override
  public SimState emptyState() {
    return SimState.EMPTY;
  }

  // commandHandler -----------------------------------------------------------------------------------

  /**
   * One handler for every command, dispatched by type. The builder DSL would build a case and two lambdas per
   * command type for every entity (some sixty objects, ~1 kB) and try the cases in turn; a node holds a hundred
   * thousand SIM entities and a simulation creates millions.
   */
  @Override
  public CommandHandlerWithReply<Command, SimEvent, SimState> commandHandler() {
    return this::onCommand;
  }

  private ReplyEffect<SimEvent, SimState> onCommand(SimState state, Command command) {
    if (command instanceof ResumeWrites) {
      resumeScheduled = false;
      if (writesAllowed.getAsBoolean()) {
        return Effect().none().thenNoReply().thenUnstashAll();
      }
      resumeLater();
      return Effect().noReply();
    }
    if (!(command instanceof GetState) && !writesAllowed.getAsBoolean()) {
      // Any other command may write (even a passivation: the open usage window): kept until writes are allowed.
      resumeLater();
      return Effect().stash();
    }
    if (command instanceof Idempotent c) {
      return onIdempotent(state, c);
    }
    if (command instanceof CloseWindow c) {
      List<SimEvent> closed = UsageWindows.closeNow(window, c.at());
      if (closed.isEmpty()) {
        return reply(c.replyTo(), new WindowClosed(lastSequenceNumber(context), state.chain()));
      }
      answering(s -> new WindowClosed(lastSequenceNumber(context), s.chain()));
      return journal(state, closed).thenReply(c.replyTo(), s -> new WindowClosed(lastSequenceNumber(context),
          s.chain()));
    }
    if (command instanceof ReportTrafficBatch c) {
      return onReportTrafficBatch(state, c);
    }
    if (command instanceof NetworkCommand c) {
      return onNetworkCommand(state, c);
    }
    if (command instanceof OperatorCommand c) {
      return onOperatorCommand(state, c);
    }
    if (command instanceof GetState c) {
      return Effect().reply(c.replyTo(), state);
    }
    if (command instanceof Passivate) {
      return onPassivate(state);
    }
    throw new IllegalStateException("unhandled command " + command.getClass().getName());
  }

  private void resumeLater() {
    if (!resumeScheduled) {
      resumeScheduled = true;
      context.scheduleOnce(RESUME_CHECK, context.getSelf(), ResumeWrites.INSTANCE);
    }
  }

  private ReplyEffect<SimEvent, SimState> onIdempotent(SimState state, Idempotent c) {
    KeyedDecision last = lastKeyed;
    if (last != null && last.key.equals(c.key())) {
      ActorRef<Object> replyTo = replyTo(c.command());
      if (state.chain().equals(last.chainAfter())) {
        return Effect().reply(replyTo, last.answer.apply(state));
      }
      if (state.chain().equals(last.chainBefore) && !last.sealed.isEmpty()) {
        List<SimEvent> again = last.sealed;
        return Effect().persist(again).thenRun(s -> last.sealed = List.of())
            .thenReply(replyTo, s -> last.answer.apply(s));
      }
    }
    deciding = new KeyedDecision(c.key(), state.chain());
    try {
      ReplyEffect<SimEvent, SimState> effect = onCommand(state, c.command());
      if (deciding.answer != null) {
        lastKeyed = deciding;
      }
      return effect;
    } finally {
      deciding = null;
    }
  }

  /** The reply address of a command that {@link Idempotent} may wrap. */
  @SuppressWarnings("unchecked")
  private static ActorRef<Object> replyTo(Command command) {
    ActorRef<?> to;
    if (command instanceof NetworkCommand n) {
      to = n.replyTo();
    } else if (command instanceof OperatorCommand o) {
      to = o.replyTo();
    } else if (command instanceof ReportTrafficBatch b) {
      to = b.replyTo();
    } else if (command instanceof CloseWindow w) {
      to = w.replyTo();
    } else {
      throw new IllegalStateException("not an idempotent command: " + command.getClass().getName());
    }
    return (ActorRef<Object>) to;
  }

  /** Answers {@code value} now, remembering it for a keyed decision. */
  private <R> ReplyEffect<SimEvent, SimState> reply(ActorRef<R> replyTo, R value) {
    if (deciding != null) {
      deciding.answer = s -> value;
    }
    return Effect().reply(replyTo, value);
  }

  /** For a keyed decision that persists: how its answer follows from the state after the write. */
  private void answering(Function<SimState, Object> answer) {
    if (deciding != null) {
      deciding.answer = answer;
    }
  }

  private ReplyEffect<SimEvent, SimState> onNetworkCommand(SimState s, NetworkCommand command) {
    if (!EventTime.accepted(command.at())) {
      return Effect().reply(command.replyTo(), outOfRange(command.at()));
    }
    if (command instanceof ReportTraffic c) {
      return onReportTraffic(s, c);
    }
    if (command instanceof Attach c) {
      return onAttach(s, c);
    }
    if (command instanceof Detach c) {
      return network(s, c, now -> network.detach(now, window, c.at()));
    }
    if (command instanceof SmsMo c) {
      return network(s, c, now -> network.sms(now, window, watch, Service.SMS_MO, c.at()));
    }
    if (command instanceof SmsMt c) {
      return network(s, c, now -> network.sms(now, window, watch, Service.SMS_MT, c.at()));
    }
    if (command instanceof VoiceCall c) {
      return network(s, c, now -> network.voiceCall(now, window, watch, c.call(), c.at()));
    }
    if (command instanceof ReportFirmware c) {
      return onReportFirmware(s, c);
    }
    if (command instanceof FlushUsage c) {
      return onFlushUsage(s, c);
    }
    throw new IllegalStateException("unhandled network command " + command.getClass().getName());
  }

  private ReplyEffect<SimEvent, SimState> onOperatorCommand(SimState s, OperatorCommand command) {
    if (command instanceof Provision c) {
      return onProvision(s, c);
    }
    if (command instanceof Activate c) {
      return operator(s, c, () -> OperatorDecider.transition(s, Transition.ACTIVATE, c.at(), c.by(), null));
    }
    if (command instanceof Suspend c) {
      return operator(s, c, () -> OperatorDecider.transition(s, Transition.SUSPEND, c.at(), c.by(), c.reason()));
    }
    if (command instanceof Resume c) {
      return operator(s, c, () -> OperatorDecider.transition(s, Transition.RESUME, c.at(), c.by(), null));
    }
    if (command instanceof Terminate c) {
      return operator(s, c, () -> OperatorDecider.transition(s, Transition.TERMINATE, c.at(), c.by(), c.reason()));
    }
    if (command instanceof SetProfile c) {
      return operator(s, c, () -> OperatorDecider.setProfile(s, c.at(), c.by(), c.profile()));
    }
    if (command instanceof SetImeiLock c) {
      return operator(s, c, () -> OperatorDecider.setImeiLock(s, c.at(), c.by(), c.imeiLock()));
    }
    if (command instanceof SetFirewall c) {
      return operator(s, c, () -> OperatorDecider.setFirewall(s, c.at(), c.by(), c.rules()));
    }
    if (command instanceof RequestFirmwareUpdate c) {
      return operator(s, c, () -> OperatorDecider.requestFirmwareUpdate(s, c.at(), c.by(), c.targetVersion()));
    }
    if (command instanceof ClearResponse c) {
      return operator(s, c, () -> OperatorDecider.clearResponse(s, c.at(), c.by()));
    }
    throw new IllegalStateException("unhandled operator command " + command.getClass().getName());
  }

  private ReplyEffect<SimEvent, SimState> onReportTraffic(SimState state, ReportTraffic c) {
    metrics.trafficReportProcessed();
    return network(state, c, now -> network.traffic(now, firewallFor(now), window, watch, c.flows(), c.at()));
  }

  /**
   * Decides the reports in order, each against the state the previous ones left (their events sealed and
   * applied as the journal will apply them), then persists all events in one write and answers once.
   */
  private ReplyEffect<SimEvent, SimState> onReportTrafficBatch(SimState state, ReportTrafficBatch c) {
    List<TrafficReport> reports = c.reports() == null ? List.of() : c.reports();
    List<Verdict> verdicts = new ArrayList<>(reports.size());
    List<SimEvent> sealed = new ArrayList<>();
    SimState current = state;
    for (TrafficReport r : reports) {
      metrics.trafficReportProcessed();
      if (!EventTime.accepted(r.at())) {
        verdicts.add(outOfRange(r.at()));
        continue;
      }
      NetworkDecision d = decide(current, r.at(),
          now -> network.traffic(now, firewallFor(now), window, watch, r.flows(), r.at()));
      verdicts.add(d.verdict());
      for (SimEvent e : EventChain.seal(current.chain(), d.events())) {
        sealed.add(e);
        current = current.apply(e);
      }
    }
    Verdicts answer = new Verdicts(verdicts);
    if (sealed.isEmpty()) {
      return reply(c.replyTo(), answer);
    }
    answering(s -> answer);
    return persistSealed(sealed).thenReply(c.replyTo(), s -> answer);
  }

  private ReplyEffect<SimEvent, SimState> onAttach(SimState state, Attach c) {
    return network(state, c,
        now -> network.attach(now, fleetPolicy.get(), window, watch, c.imei(), c.rat(), c.plmn(), c.apn(),
            c.at()));
  }

  private ReplyEffect<SimEvent, SimState> onReportFirmware(SimState state, ReportFirmware c) {
    String version;
    try {
      version = FirmwareVersions.check("version", c.version());
    } catch (ValidationException e) {
      return reply(c.replyTo(), Verdict.refused(RejectReason.INVALID_REQUEST, e.getMessage()));
    }
    return network(state, c, now -> network.firmwareReported(now, fleetPolicy.get(), version, c.at()));
  }

  private ReplyEffect<SimEvent, SimState> onFlushUsage(SimState state, FlushUsage c) {
    return persistThenReply(state, UsageWindows.closeNow(window, c.at()), c.replyTo(), Verdict.OK);
  }

  private ReplyEffect<SimEvent, SimState> onPassivate(SimState state) {
    List<SimEvent> closed = lastNetworkAt == null ? List.of() : UsageWindows.closeNow(window, lastNetworkAt);
    if (closed.isEmpty()) {
      return Effect().stop().thenNoReply();
    }
    return journal(state, closed).thenStop().thenNoReply();
  }

  private ReplyEffect<SimEvent, SimState> onProvision(SimState state, Provision c) {
    if (c.imsi() == null || !imsi.equals(c.imsi().value())) {
      return reply(c.replyTo(), CommandResult.refused(OperatorDecision.invalid(new ValidationException("imsi",
          "command for " + c.imsi() + " was routed to SIM " + imsi)), state));
    }
    return operator(state, c, () -> OperatorDecider.provision(state, c.at(), c.by(), c.imsi(), c.iccid(),
        c.organisation(), c.profile(), c.imeiLock(), c.firewallRules() == null ? List.of() : c.firewallRules(),
        c.device()));
  }

  /** Runs a network decision ({@link #decide}), journals what it produced, and answers. */
  private ReplyEffect<SimEvent, SimState> network(SimState state, NetworkCommand c,
      Function<SimState, NetworkDecision> decider) {
    NetworkDecision decision = decide(state, c.at(), decider);
    return persistThenReply(state, decision.events(), c.replyTo(), decision.verdict());
  }

  /**
   * Closes a usage window that {@code at} has passed and decides against the state including that window;
   * the closed window's events (data, and voice when calls were made) come first among the decision's events
   * (none is sealed yet).
   */
  private NetworkDecision decide(SimState state, Instant at, Function<SimState, NetworkDecision> decider) {
    List<SimEvent> closed = state.isProvisioned() ? UsageWindows.closeIfDue(window, at) : List.of();
    SimState current = closed.isEmpty() ? state : state.applyAll(closed);
    NetworkDecision decision = decider.apply(current);
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

  private ReplyEffect<SimEvent, SimState> operator(SimState state, OperatorCommand c,
      Supplier<OperatorDecision> decide) {
    OperatorDecision decision;
    try {
      OperatorDecider.checkOperator(c.by());
      if (!EventTime.accepted(c.at())) {
        throw new ValidationException("at", EventTime.outOfRange(c.at()));
      }
      decision = decide.get();
    } catch (ValidationException e) {
      decision = OperatorDecision.invalid(e);
    }
    if (decision.refused()) {
      return reply(c.replyTo(), CommandResult.refused(decision, state));
    }
    answering(CommandResult::ok);
    return journal(state, decision.events()).thenReply(c.replyTo(), CommandResult::ok);
  }

  /** Event time the window arithmetic cannot take (the edges refuse it first); decided without an event. */
  private static Verdict outOfRange(Instant at) {
    return Verdict.refused(RejectReason.INVALID_REQUEST, "at: " + EventTime.outOfRange(at));
  }

  private <R> ReplyEffect<SimEvent, SimState> persistThenReply(SimState state, List<SimEvent> events,
      ActorRef<R> replyTo, R reply) {
    if (events.isEmpty()) {
      return reply(replyTo, reply);
    }
    answering(s -> reply);
    return journal(state, events).thenReply(replyTo, s -> reply);
  }

  /** Seals and persists {@code events}. */
  private EffectBuilder<SimEvent, SimState> journal(SimState state, List<SimEvent> events) {
    return persistSealed(EventChain.seal(state.chain(), events));
  }

  /** Persists events already sealed into the chain, timing the journal write for {@link SimMetrics#persisted}. */
  private EffectBuilder<SimEvent, SimState> persistSealed(List<SimEvent> sealed) {
    // A monotonic clock for monitoring only; decisions never read it.
    long started = System.nanoTime();
    int count = sealed.size();
    KeyedDecision keyed = deciding;
    if (keyed != null) {
      keyed.sealed(sealed);
    }
    return Effect().persist(sealed).thenRun(s -> {
      metrics.persisted(count, System.nanoTime() - started);
      if (keyed != null) {
        keyed.sealed = List.of();
      }
    });
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

  // eventHandler -------------------------------------------------------------------------------------

  @Override
  public EventHandler<SimState, SimEvent> eventHandler() {
    return SimState::apply;
  }

  /** Only the events fleet-wide queries and the read side need are tagged (see {@link SimTags}). */
  @Override
  public Set<String> tagsFor(SimEvent event) {
    return SimTags.tagsFor(imsi, event, settings.sliceTags());
  }

  @Override
  public SignalHandler<SimState> signalHandler() {
    return newSignalHandlerBuilder().onSignal(PostStop.instance(), s -> metrics.entityStopped()).build();
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    if (settings.snapshotEvery() == 0) {
      return RetentionCriteria.disabled();
    }
    if (settings.deleteEventsOnSnapshot()) {
      return RetentionCriteria.snapshotEvery(settings.snapshotEvery(), 1).withDeleteEventsOnSnapshot();
    }
    return RetentionCriteria.snapshotEvery(settings.snapshotEvery(), 2);
  }

  /**
   * With snapshots off the recovery replays every event without asking the snapshot store first: on Cassandra
   * that ask is a query (and a stream) per SIM start that can only find snapshots an earlier configuration took.
   */
  @Override
  public Recovery recovery() {
    return settings.snapshotEvery() == 0 ? Recovery.withSnapshotSelectionCriteria(SnapshotSelectionCriteria.none())
        : super.recovery();
  }
}
