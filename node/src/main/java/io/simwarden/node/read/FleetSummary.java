package io.simwarden.node.read;

import io.simwarden.core.CborSerializable;
import io.simwarden.core.entity.SimEntity;
import io.simwarden.core.event.SimEvent;
import io.simwarden.core.policy.SimStatus;
import io.simwarden.core.state.SimState;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.cluster.typed.ClusterSingleton;
import org.apache.pekko.cluster.typed.SingletonActor;
import org.apache.pekko.persistence.cassandra.query.javadsl.CassandraReadJournal;
import org.apache.pekko.persistence.query.PersistenceQuery;

/**
 * SIM counts by organisation and status: one cluster singleton that recomputes them from the journal
 * every {@code refresh} and answers every node from its last result.
 *
 * <p>Each pass reads every SIM's events ({@code currentPersistenceIds}, then {@code
 * currentEventsByPersistenceId}) and folds them with the entity's own event handler, keeping only one
 * counter per organisation and status: memory stays bounded however large the fleet, the entities are not
 * woken, and the count is exact as of the pass. The price is a full journal read per pass, which suits
 * fleets up to some ten thousand SIMs. Provisioning and activation are not tagged, so no tag query can
 * follow them incrementally; with a lifecycle tag (asked of core) this becomes a projection that reads
 * only status changes.
 */
public final class FleetSummary {

  public sealed interface Command extends CborSerializable {}

  public record Get(ActorRef<Summary> replyTo) implements Command {}

  private enum Refresh implements Command {
    INSTANCE
  }

  private record Counted(Summary summary) implements Command {}

  private record CountFailed(String error) implements Command {}

  /**
   * @param asOf          when the pass that produced these counts started ({@code null}: none finished yet)
   * @param organisations counts by status, per organisation
   */
  public record Summary(Instant asOf, Map<String, Map<SimStatus, Long>> organisations) implements CborSerializable {
    static final Summary NONE = new Summary(null, Map.of());
  }

  private static final int SIMS_READ_IN_PARALLEL = 8;

  private FleetSummary() {}

  /** Starts (or proxies to) the singleton on this node. */
  public static ActorRef<Command> init(ActorSystem<?> system, Duration refresh) {
    return ClusterSingleton.get(system).init(SingletonActor.of(create(refresh), "fleet-summary"));
  }

  private static Behavior<Command> create(Duration refresh) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
      ctx.getSelf().tell(Refresh.INSTANCE);
      return running(ctx, timers, refresh, Summary.NONE);
    }));
  }

  private static Behavior<Command> running(ActorContext<Command> ctx, TimerScheduler<Command> timers,
      Duration refresh, Summary last) {
    return Behaviors.receive(Command.class)
        .onMessage(Get.class, get -> {
          get.replyTo().tell(last);
          return Behaviors.same();
        })
        .onMessageEquals(Refresh.INSTANCE, () -> {
          Instant started = Instant.now();
          ctx.pipeToSelf(count(ctx.getSystem()),
              (counts, error) -> error == null ? new Counted(new Summary(started, counts))
                  : new CountFailed(error.toString()));
          return Behaviors.same();
        })
        .onMessage(Counted.class, counted -> {
          timers.startSingleTimer(Refresh.INSTANCE, refresh);
          return running(ctx, timers, refresh, counted.summary());
        })
        .onMessage(CountFailed.class, failed -> {
          ctx.getLog().warn("fleet summary pass failed, keeping the previous counts: {}", failed.error());
          timers.startSingleTimer(Refresh.INSTANCE, refresh);
          return Behaviors.same();
        })
        .build();
  }

  private static java.util.concurrent.CompletionStage<TreeMap<String, Map<SimStatus, Long>>> count(
      ActorSystem<?> system) {
    CassandraReadJournal journal = PersistenceQuery.get(system).getReadJournalFor(CassandraReadJournal.class,
        CassandraReadJournal.Identifier());
    String prefix = SimEntity.ENTITY_TYPE_KEY.name() + "|";
    return journal.currentPersistenceIds()
        .filter(id -> id.startsWith(prefix))
        .mapAsyncUnordered(SIMS_READ_IN_PARALLEL, id -> journal.currentEventsByPersistenceId(id, 0, Long.MAX_VALUE)
            .runFold(SimState.EMPTY, (state, envelope) -> state.apply((SimEvent) envelope.event()), system))
        .filter(SimState::isProvisioned)
        .runFold(new TreeMap<String, Map<SimStatus, Long>>(), (counts, sim) -> {
          counts.computeIfAbsent(sim.organisation(), org -> new TreeMap<>()).merge(sim.status(), 1L, Long::sum);
          return counts;
        }, system);
  }
}
