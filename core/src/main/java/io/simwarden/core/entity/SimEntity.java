package io.simwarden.core.entity;

import io.simwarden.core.EventTime;
import io.simwarden.core.decision.NetworkDecider;
import io.simwarden.core.decision.NetworkDecision;
import io.simwarden.core.decision.OperatorDecider;
import io.simwarden.core.decision.OperatorDecision;
import io.simwarden.core.event.EventChain;
import io.simwarden.core.event.SimEvent;
import io.simwarden.core.event.SimTags;
import io.simwarden.core.policy.FleetPolicy;
import io.simwarden.core.state.SimState;
import java.time.Duration;
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
public final class SimEntity extends EventSourcedBehaviorWithEnforcedReplies<SimEntity.Command, SimEvent, SimState>
    implements SimProtocol {

  public static final EntityTypeKey<Command> ENTITY_TYPE_KEY = EntityTypeKey.create(Command.class, "Sim");


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
