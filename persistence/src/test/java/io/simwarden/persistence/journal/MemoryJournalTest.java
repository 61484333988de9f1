package io.simwarden.persistence.journal;

import static io.simwarden.core.testing.Sims.DEVICE;
import static io.simwarden.core.testing.Sims.HOME;
import static io.simwarden.core.testing.Sims.METER_APN;
import static io.simwarden.core.testing.Sims.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.simwarden.core.decision.Verdict;
import io.simwarden.core.entity.SimEntity;
import io.simwarden.core.entity.SimProtocol.CommandResult;
import io.simwarden.core.entity.SimSettings;
import io.simwarden.core.id.Imsi;
import io.simwarden.core.policy.FleetPolicy;
import io.simwarden.core.policy.ImeiLock;
import io.simwarden.core.policy.Rat;
import io.simwarden.core.state.SimState;
import io.simwarden.core.testing.Sims;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.persistence.journal.Tagged;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The memory journal's bounded retention: a SIM keeps its newest snapshot and the events after it. */
class MemoryJournalTest {

  private static final ActorTestKit KIT = ActorTestKit.create("memory-journal",
      JournalMode.MEMORY.config().withFallback(ConfigFactory.load()));
  /** Generous: the CI box may be busy; nothing here measures time. */
  private static final Duration PATIENCE = Duration.ofSeconds(30);
  private static final SimSettings SETTINGS = SimSettings.fromConfig(KIT.system().settings().config());

  @AfterAll
  static void stop() {
    KIT.shutdownTestKit();
  }

  @Test
  void aSimWithALongHistoryKeepsFewEventsAndRecoversItsExactState() {
    Imsi imsi = Sims.imsi(501);
    int hours = 40;
    ActorRef<SimEntity.Command> sim = KIT.spawn(entity(imsi));
    TestProbe<CommandResult> operator = KIT.createTestProbe();
    TestProbe<Verdict> network = KIT.createTestProbe();
    TestProbe<SimState> state = KIT.createTestProbe();
    sim.tell(new SimEntity.Provision(imsi, Sims.iccid(501), "acme", Sims.meterProfile(), ImeiLock.OFF, List.of(), null,
        "alice", T0, operator.ref()));
    sim.tell(new SimEntity.Activate("alice", T0, operator.ref()));
    sim.tell(new SimEntity.Attach(DEVICE, Rat.LTE_M, HOME, METER_APN, T0.plusSeconds(10), network.ref()));
    for (int hour = 0; hour < hours; hour++) {
      Instant at = T0.plusSeconds(hour * 3600L + 600);
      sim.tell(new SimEntity.ReportTraffic(List.of(Sims.toHeadend(1_000 + hour)), at, network.ref()));
    }
    sim.tell(new SimEntity.FlushUsage(T0.plusSeconds(hours * 3600L + 60), network.ref()));
    sim.tell(new SimEntity.GetState(state.ref()));
    SimState before = state.receiveMessage(PATIENCE);
    assertTrue(operator.receiveSeveralMessages(2, PATIENCE).stream().allMatch(CommandResult::accepted));
    assertTrue(network.receiveSeveralMessages(hours + 2, PATIENCE).stream().allMatch(Verdict::accepted));
    // provisioned, activated, attach accepted, one usage window per hour
    assertTrue(before.lastEventAt().isAfter(T0.plusSeconds((hours - 1) * 3600L)), "every window was journaled");

    sim.tell(SimEntity.Passivate.INSTANCE);
    state.expectTerminated(sim, PATIENCE);
    ActorRef<SimEntity.Command> recovered = KIT.spawn(entity(imsi));
    recovered.tell(new SimEntity.GetState(state.ref()));
    assertEquals(before, state.receiveMessage(PATIENCE), "recovered from the newest snapshot and the events after it");

    TestProbe<Integer> count = KIT.createTestProbe();
    KIT.spawn(JournalCount.of(SimEntity.persistenceId(imsi.value()))).tell(count.ref());
    int kept = count.receiveMessage(PATIENCE);
    int every = SETTINGS.snapshotEvery();
    assertTrue(kept >= 1 && kept < 2 * every, kept + " events kept of " + (hours + 3) + ", snapshot every " + every);
  }

  @Test
  void sequenceNumbersGoOnAfterTheEventsBeforeASnapshotAreDeletedAndTaggedEventsReplayUntagged() {
    PersistenceId id = PersistenceId.ofUniqueId("counter-1");
    TestProbe<Long> reply = KIT.createTestProbe();
    ActorRef<Add> counter = KIT.spawn(Counter.of(id));
    for (long n = 1; n <= 10; n++) {
      counter.tell(new Add(n, reply.ref()));
      assertEquals(n, reply.receiveMessage(PATIENCE), "sequence number of event " + n);
    }
    counter.tell(new Add(0, reply.ref()));
    long sum = reply.receiveMessage(PATIENCE);
    assertEquals(55, sum);
    KIT.stop(counter, PATIENCE);

    // Snapshots every 2 events, events before the last 2 deleted: 9 and 10 are left, replayed as plain Longs.
    TestProbe<Integer> count = KIT.createTestProbe();
    KIT.spawn(JournalCount.of(id)).tell(count.ref());
    assertEquals(2, count.receiveMessage(PATIENCE), "events left in the journal");

    ActorRef<Add> recovered = KIT.spawn(Counter.of(id));
    recovered.tell(new Add(0, reply.ref()));
    assertEquals(sum, reply.receiveMessage(PATIENCE), "recovered from the snapshot at 10 and nothing after it");
    recovered.tell(new Add(100, reply.ref()));
    assertEquals(11L, reply.receiveMessage(PATIENCE), "the next event continues the sequence");
  }

  private static Behavior<SimEntity.Command> entity(Imsi imsi) {
    return SimEntity.create(imsi.value(), SETTINGS, () -> FleetPolicy.EMPTY);
  }

  /** Told to add {@code n}, a counter answers the sequence number of the event; told 0, it answers the sum. */
  private record Add(long n, ActorRef<Long> replyTo) {
  }

  /**
   * Journals each number it adds as a tagged event; snapshots every 2 events and deletes the events before the
   * previous snapshot.
   */
  private static final class Counter extends EventSourcedBehavior<Add, Long, Long> {
    private final ActorContext<Add> context;

    static Behavior<Add> of(PersistenceId id) {
      return Behaviors.setup(ctx -> new Counter(id, ctx));
    }

    private Counter(PersistenceId id, ActorContext<Add> context) {
      super(id);
      this.context = context;
    }

    @Override
    public Long emptyState() {
      return 0L;
    }

    @Override
    public CommandHandler<Add, Long, Long> commandHandler() {
      return (sum, add) -> add.n() == 0 ? Effect().none().thenRun(s -> add.replyTo().tell(s))
          : Effect().persist(add.n()).thenRun(s -> add.replyTo().tell(lastSequenceNumber(context)));
    }

    @Override
    public EventHandler<Long, Long> eventHandler() {
      return (sum, n) -> sum + n;
    }

    @Override
    public Set<String> tagsFor(Long event) {
      return Set.of("counted");
    }

    @Override
    public RetentionCriteria retentionCriteria() {
      return RetentionCriteria.snapshotEvery(2, 1).withDeleteEventsOnSnapshot();
    }
  }

  /** Replays a persistence id's journal without its snapshot and answers how many events it holds. */
  private static final class JournalCount extends EventSourcedBehavior<ActorRef<Integer>, Object, Integer> {
    static Behavior<ActorRef<Integer>> of(PersistenceId id) {
      return new JournalCount(id);
    }

    private JournalCount(PersistenceId id) {
      super(id);
    }

    @Override
    public Integer emptyState() {
      return 0;
    }

    @Override
    public String snapshotPluginId() {
      return "pekko.persistence.no-snapshot-store";
    }

    @Override
    public CommandHandler<ActorRef<Integer>, Object, Integer> commandHandler() {
      return (n, replyTo) -> Effect().none().thenRun(s -> replyTo.tell(s));
    }

    @Override
    public EventHandler<Integer, Object> eventHandler() {
      return (n, e) -> {
        if (e instanceof Tagged) {
          throw new IllegalStateException("replayed with its tags: " + e);
        }
        return n + 1;
      };
    }
  }
}
