package io.simwarden.core.entity;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.simwarden.core.CborSerializable;
import io.simwarden.core.EventTime;
import io.simwarden.core.decision.NetworkDecider;
import io.simwarden.core.decision.NetworkDecision;
import io.simwarden.core.decision.OperatorDecider;
import io.simwarden.core.decision.OperatorDecision;
import io.simwarden.core.decision.Verdict;
import io.simwarden.core.event.EventChain;
import io.simwarden.core.event.SimEvent;
import io.simwarden.core.event.SimTags;
import io.simwarden.core.firewall.FirewallRule;
import io.simwarden.core.id.Apn;
import io.simwarden.core.id.Iccid;
import io.simwarden.core.id.Imei;
import io.simwarden.core.id.Imsi;
import io.simwarden.core.id.Plmn;
import io.simwarden.core.policy.ConnectivityProfile;
import io.simwarden.core.policy.DeviceFacts;
import io.simwarden.core.policy.FleetPolicy;
import io.simwarden.core.policy.ImeiLock;
import io.simwarden.core.policy.Rat;
import io.simwarden.core.policy.SmsDestination;
import io.simwarden.core.state.SimState;
import io.simwarden.core.traffic.Call;
import io.simwarden.core.traffic.Flow;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
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
 * <p>It decides nothing itself. Every command goes to {@link OperatorDecider} (through {@link OperatorCommands}) or
 * {@link NetworkDecider} (through {@link NetworkSide}, which keeps the network's working memory: usage window,
 * detector watch, compiled firewall); the entity seals their events into the tamper-evidence chain, persists them,
 * and replies. State only changes in the event handler ({@link SimState#apply}), which forensic replay runs too.
 * {@link KeyedDecisions} remembers the last {@link Idempotent} decision, so that a command sent again is decided once.
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

  /** An SMS sent at {@code at} to a number of class {@code to} ({@code null}: domestic). */
  public record SmsMo(Instant at, SmsDestination to, ActorRef<Verdict> replyTo) implements NetworkCommand {
    public SmsMo(Instant at, ActorRef<Verdict> replyTo) {
      this(at, null, replyTo);
    }
  }

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
    return init(system, settings, fleetPolicy, SimMetrics.NOOP, () -> true);
  }

  /**
   * As above, reporting to {@code metrics} (one per actor system); a SIM writes only while {@code writesAllowed} says so, and keeps its commands (stashed; reads are
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
    return create(imsi, settings, fleetPolicy, SimMetrics.NOOP, () -> true);
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

  private final String imsi;
  private final ActorContext<Command> context;
  private final SimSettings settings;
  private final SimMetrics metrics;
  private final WriteHold hold;
  private final NetworkSide network;
  /** Kept across restarts after a failed write (same instance), so that a re-sent keyed command finds it. */
  private final KeyedDecisions keyed = new KeyedDecisions();

  private SimEntity(String imsi, SimSettings settings, Supplier<FleetPolicy> fleetPolicy, SimMetrics metrics,
      BooleanSupplier writesAllowed, ActorContext<Command> context) {
    // A journal write that fails (Cassandra down, timeouts) stops the entity; it restarts with back-off and
    // recovers from the journal, so it resumes by itself once the journal answers again.
    super(persistenceId(imsi), SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(3),
        0.2));
    this.imsi = imsi;
    this.context = context;
    this.settings = settings;
    this.metrics = metrics;
    this.hold = new WriteHold(writesAllowed, context);
    this.network = new NetworkSide(settings, fleetPolicy, metrics);
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
      return hold.released() ? Effect().none().thenNoReply().thenUnstashAll() : Effect().noReply();
    }
    if (hold.keeps(command)) {
      return Effect().stash();
    }
    if (command instanceof Idempotent c) {
      return onIdempotent(state, c);
    }
    if (command instanceof CloseWindow c) {
      List<SimEvent> closed = network.closeWindow(c.at());
      if (closed.isEmpty()) {
        return reply(c.replyTo(), new WindowClosed(lastSequenceNumber(context), state.chain()));
      }
      keyed.answering(s -> new WindowClosed(lastSequenceNumber(context), s.chain()));
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

  private ReplyEffect<SimEvent, SimState> onIdempotent(SimState state, Idempotent c) {
    ReplyEffect<SimEvent, SimState> repeated = keyed.repeat(Effect(), state, c);
    return repeated != null ? repeated : keyed.decide(c.key(), state.chain(), () -> onCommand(state, c.command()));
  }

  /** Answers {@code value} now, remembering it for a keyed decision. */
  private <R> ReplyEffect<SimEvent, SimState> reply(ActorRef<R> replyTo, R value) {
    keyed.answered(value);
    return Effect().reply(replyTo, value);
  }

  private ReplyEffect<SimEvent, SimState> onNetworkCommand(SimState state, NetworkCommand c) {
    if (!EventTime.accepted(c.at())) {
      return Effect().reply(c.replyTo(), NetworkSide.outOfRange(c.at()));
    }
    NetworkDecision decision = network.decide(state, c);
    if (decision.events().isEmpty()) {
      return reply(c.replyTo(), decision.verdict());
    }
    keyed.answering(s -> decision.verdict());
    return journal(state, decision.events()).thenReply(c.replyTo(), s -> decision.verdict());
  }

  private ReplyEffect<SimEvent, SimState> onOperatorCommand(SimState state, OperatorCommand c) {
    OperatorDecision decision = OperatorCommands.decide(imsi, state, c);
    if (decision.refused()) {
      return reply(c.replyTo(), CommandResult.refused(decision, state));
    }
    keyed.answering(CommandResult::ok);
    return journal(state, decision.events()).thenReply(c.replyTo(), CommandResult::ok);
  }

  /** Decides the reports in order ({@link NetworkSide#decide(SimState, List)}), persists all events in one write. */
  private ReplyEffect<SimEvent, SimState> onReportTrafficBatch(SimState state, ReportTrafficBatch c) {
    NetworkSide.Batch batch = network.decide(state, c.reports() == null ? List.of() : c.reports());
    Verdicts answer = new Verdicts(batch.verdicts());
    if (batch.sealed().isEmpty()) {
      return reply(c.replyTo(), answer);
    }
    keyed.answering(s -> answer);
    return persistSealed(batch.sealed()).thenReply(c.replyTo(), s -> answer);
  }

  private ReplyEffect<SimEvent, SimState> onPassivate(SimState state) {
    List<SimEvent> closed = network.closeOnPassivation();
    if (closed.isEmpty()) {
      return Effect().stop().thenNoReply();
    }
    return journal(state, closed).thenStop().thenNoReply();
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
    KeyedDecisions.KeyedDecision keyedDecision = keyed.sealing(sealed);
    return Effect().persist(sealed).thenRun(s -> {
      metrics.persisted(count, System.nanoTime() - started);
      if (keyedDecision != null) {
        keyedDecision.written();
      }
    });
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
    return SimRetention.criteria(settings);
  }

  @Override
  public Recovery recovery() {
    return SimRetention.recovery(settings, super.recovery());
  }
}
