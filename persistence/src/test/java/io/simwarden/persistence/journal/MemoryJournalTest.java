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
import io.simwarden.core.entity.SimEntity.CommandResult;
import io.simwarden.core.entity.SimSettings;
import io.simwarden.core.event.SimEvent;
import io.simwarden.core.id.Imsi;
import io.simwarden.core.policy.FleetPolicy;
import io.simwarden.core.policy.ImeiLock;
import io.simwarden.core.policy.Rat;
import io.simwarden.core.state.SimState;
import io.simwarden.core.testing.Sims;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
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

  private static Behavior<SimEntity.Command> entity(Imsi imsi) {
    return SimEntity.create(imsi.value(), SETTINGS, () -> FleetPolicy.EMPTY);
  }

  /** Replays a persistence id's journal without its snapshot and answers how many events it holds. */
  private static final class JournalCount extends EventSourcedBehavior<ActorRef<Integer>, SimEvent, Integer> {
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
    public CommandHandler<ActorRef<Integer>, SimEvent, Integer> commandHandler() {
      return (n, replyTo) -> Effect().none().thenRun(s -> replyTo.tell(s));
    }

    @Override
    public EventHandler<Integer, SimEvent> eventHandler() {
      return (n, e) -> n + 1;
    }
  }
}
