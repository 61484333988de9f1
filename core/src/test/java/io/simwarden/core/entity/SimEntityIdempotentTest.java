package io.simwarden.core.entity;

import static io.simwarden.core.testing.Sims.DEVICE;
import static io.simwarden.core.testing.Sims.HOME;
import static io.simwarden.core.testing.Sims.METER_APN;
import static io.simwarden.core.testing.Sims.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.simwarden.core.decision.Verdict;
import io.simwarden.core.entity.SimProtocol.CommandResult;
import io.simwarden.core.event.SimEvent;
import io.simwarden.core.id.Imsi;
import io.simwarden.core.policy.FleetPolicy;
import io.simwarden.core.policy.ImeiLock;
import io.simwarden.core.policy.Rat;
import io.simwarden.core.testing.Sims;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.persistence.testkit.PersistenceTestKitPlugin;
import org.apache.pekko.persistence.testkit.javadsl.PersistenceTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A command sent again under the same {@link SimEntity.Idempotent} key, as the simulator's driver does when an answer
 * is late or lost, is decided once: same answer, its events journaled once, its usage counted once.
 */
class SimEntityIdempotentTest {

  private static final ActorTestKit TEST_KIT = ActorTestKit.create(PersistenceTestKitPlugin.getInstance().config()
      .withFallback(ConfigFactory.parseString("pekko.actor.serialize-messages = on"))
      .withFallback(ConfigFactory.load()));
  private static final SimSettings SETTINGS = new SimSettings(Duration.ofHours(1), 16, 8, 0, Duration.ofSeconds(5));
  private static int next = 100;

  private final PersistenceTestKit journal = PersistenceTestKit.create(TEST_KIT.system());
  private Imsi imsi;
  private ActorRef<SimEntity.Command> sim;

  @AfterAll
  static void stop() {
    TEST_KIT.shutdownTestKit();
  }

  @BeforeEach
  void provisionAndActivate() {
    journal.clearAll();
    int n = next++;
    imsi = Sims.imsi(n);
    sim = TEST_KIT.spawn(SimEntity.create(imsi.value(), SETTINGS, () -> FleetPolicy.EMPTY));
    TestProbe<CommandResult> ok = TEST_KIT.createTestProbe();
    sim.tell(new SimEntity.Idempotent("c0.0", new SimEntity.Provision(imsi, Sims.iccid(n), "acme",
        Sims.meterProfile(), ImeiLock.OFF, List.of(), null, "alice", T0, ok.getRef())));
    // Generous: the first entity of the JVM starts the journal, on a box that may be busy.
    assertTrue(ok.receiveMessage(Duration.ofSeconds(30)).accepted());
    sim.tell(new SimEntity.Idempotent("c0.1", new SimEntity.Activate("alice", T0, ok.getRef())));
    assertTrue(ok.receiveMessage(Duration.ofSeconds(30)).accepted());
  }

  private SimEntity.Command attach(String key, Instant at, ActorRef<Verdict> replyTo) {
    return new SimEntity.Idempotent(key, new SimEntity.Attach(DEVICE, Rat.LTE_M, HOME, METER_APN, at, replyTo));
  }

  private List<SimEvent> events() {
    return journal.persistedInStorage(SimEntity.persistenceId(imsi.value()).id()).stream()
        .map(SimEvent.class::cast).toList();
  }

  private SimEvent.UsageRecorded closeWindow(Instant at) {
    TestProbe<SimEntity.WindowClosed> closed = TEST_KIT.createTestProbe();
    sim.tell(new SimEntity.CloseWindow(at, closed.getRef()));
    SimEntity.WindowClosed w = closed.receiveMessage();
    List<SimEvent> all = events();
    assertEquals(all.size(), w.sequenceNr(), "the answer names the last sequence number");
    assertEquals(all.get(all.size() - 1).chain(), w.chain());
    return all.stream().filter(SimEvent.UsageRecorded.class::isInstance).map(SimEvent.UsageRecorded.class::cast)
        .reduce((a, b) -> b).orElseThrow();
  }

  @Test
  void aCommandSentAgainWithItsKeyIsAnsweredAgainButDecidedOnce() {
    TestProbe<Verdict> probe = TEST_KIT.createTestProbe();
    Instant at = T0.plusSeconds(60);
    sim.tell(attach("c1.0", at, probe.getRef()));
    Verdict first = probe.receiveMessage();
    int journaled = events().size();
    sim.tell(attach("c1.0", at, probe.getRef()));
    assertEquals(first, probe.receiveMessage(), "the same answer");
    assertEquals(journaled, events().size(), "nothing journaled twice");
    // The same command under another key is another command: the network sees a second attach.
    sim.tell(attach("c1.1", at, probe.getRef()));
    probe.receiveMessage();
    assertEquals(2, closeWindow(T0.plus(Duration.ofHours(1))).attaches(), "two attaches counted, not three");
  }

  @Test
  void aCommandWhoseWriteFailedIsJournaledOnceWhenSentAgain() {
    TestProbe<Verdict> probe = TEST_KIT.createTestProbe();
    sim.tell(attach("c0.2", T0.plusSeconds(1), probe.getRef()));
    assertTrue(probe.receiveMessage().accepted());
    // Counted in the open usage window only (nothing journaled): working memory the restart must keep.
    sim.tell(new SimEntity.Idempotent("r1", new SimEntity.ReportTraffic(List.of(Sims.toHeadend(1_000)),
        T0.plusSeconds(30), probe.getRef())));
    assertTrue(probe.receiveMessage().accepted());
    int before = events().size();

    TestProbe<SimEntity.WindowClosed> closed = TEST_KIT.createTestProbe();
    SimEntity.Command close = new SimEntity.Idempotent("w1", new SimEntity.CloseWindow(T0.plus(Duration.ofHours(1)),
        closed.getRef()));
    journal.failNextPersisted();
    sim.tell(close);
    closed.expectNoMessage(Duration.ofMillis(500));
    assertEquals(before, events().size(), "the failed write journaled nothing");
    // The entity restarted (back-off from 200 ms) and recovered without the window; the re-sent command journals
    // the same window, although the decision had already taken it out of working memory.
    sim.tell(close);
    SimEntity.WindowClosed answer = closed.receiveMessage(Duration.ofSeconds(10));
    List<SimEvent.UsageRecorded> windows = events().stream().filter(SimEvent.UsageRecorded.class::isInstance)
        .map(SimEvent.UsageRecorded.class::cast).toList();
    assertEquals(1, windows.size(), "one window: " + events());
    assertEquals(1_000, windows.get(0).uplinkBytes(), "with what it counted before the failed write");
    assertEquals(1, windows.get(0).attaches());
    assertEquals(events().size(), answer.sequenceNr());
    sim.tell(close);
    assertEquals(answer, closed.receiveMessage(), "answered again, journaled once");
    assertEquals(before + 1, events().size());
  }
}
