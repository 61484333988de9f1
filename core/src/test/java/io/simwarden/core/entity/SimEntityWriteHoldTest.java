package io.simwarden.core.entity;

import static io.simwarden.core.testing.Sims.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.ConfigFactory;
import io.simwarden.core.entity.SimProtocol.CommandResult;
import io.simwarden.core.id.Imsi;
import io.simwarden.core.policy.FleetPolicy;
import io.simwarden.core.policy.ImeiLock;
import io.simwarden.core.policy.SimStatus;
import io.simwarden.core.state.SimState;
import io.simwarden.core.testing.Sims;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.JUnit5TestKitBuilder;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestKitJUnit5Extension;
import org.apache.pekko.actor.testkit.typed.annotations.JUnit5TestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.PersistenceTestKit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * While its node holds writes (it stood still and may have been downed), a SIM answers reads, keeps every other
 * command without writing, and handles the kept commands in order once writes are allowed again.
 */
@ExtendWith(TestKitJUnit5Extension.class)
@ExtendWith(LogCapturingExtension.class)
class SimEntityWriteHoldTest {

  @JUnit5TestKit
  ActorTestKit testKit = new JUnit5TestKitBuilder()
      .withCustomConfig(EventSourcedBehaviorTestKit.config().withFallback(ConfigFactory.load()))
      .build();

  private static final Duration PATIENCE = Duration.ofSeconds(20);

  @Test
  void heldCommandsAreNotWrittenUntilWritesAreAllowedThenHandledInOrder() {
    AtomicBoolean writable = new AtomicBoolean(true);
    Imsi imsi = Sims.imsi(7);
    ActorRef<SimEntity.Command> entity = testKit.spawn(SimEntity.create(imsi.value(), SimEntityTest.SETTINGS,
        () -> FleetPolicy.EMPTY, SimMetrics.NOOP, writable::get));
    TestProbe<CommandResult> operator = testKit.createTestProbe();
    TestProbe<SimState> reader = testKit.createTestProbe();
    entity.tell(new SimEntity.Provision(imsi, Sims.iccid(7), "acme", Sims.meterProfile(), ImeiLock.OFF, List.of(),
        null, "alice", T0, operator.ref()));
    operator.receiveMessage(PATIENCE);
    PersistenceTestKit journal = PersistenceTestKit.create(testKit.system());
    String pid = SimEntity.persistenceId(imsi.value()).id();
    int before = journal.persistedInStorage(pid).size();

    writable.set(false);
    entity.tell(new SimEntity.Activate("alice", T0.plusSeconds(1), operator.ref()));
    entity.tell(new SimEntity.Suspend("bob", "held", T0.plusSeconds(2), operator.ref()));
    entity.tell(new SimEntity.GetState(reader.ref()));
    assertEquals(SimStatus.ISSUED, reader.receiveMessage(PATIENCE).status(), "reads are answered");
    operator.expectNoMessage(Duration.ofMillis(1_500));
    assertEquals(before, journal.persistedInStorage(pid).size(), "nothing written while writes are held");

    writable.set(true);
    operator.receiveSeveralMessages(2, PATIENCE);
    entity.tell(new SimEntity.GetState(reader.ref()));
    assertEquals(SimStatus.SUSPENDED, reader.receiveMessage(PATIENCE).status(), "activated, then suspended");
    assertEquals(before + 2, journal.persistedInStorage(pid).size());
  }
}
