package io.simwarden.core.entity;

import static io.simwarden.core.testing.Sims.DEVICE;
import static io.simwarden.core.testing.Sims.HOME;
import static io.simwarden.core.testing.Sims.METER_APN;
import static io.simwarden.core.testing.Sims.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.simwarden.core.decision.Verdict;
import io.simwarden.core.detect.AnomalyKind;
import io.simwarden.core.entity.SimProtocol.CommandResult;
import io.simwarden.core.event.RejectReason;
import io.simwarden.core.id.Imsi;
import io.simwarden.core.id.IpAddress;
import io.simwarden.core.policy.FleetPolicy;
import io.simwarden.core.policy.ImeiLock;
import io.simwarden.core.policy.Rat;
import io.simwarden.core.testing.Sims;
import io.simwarden.core.traffic.Flow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
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

/** What a SIM entity reports to {@link SimMetrics}: counted once per decision and per journal write. */
@ExtendWith(TestKitJUnit5Extension.class)
@ExtendWith(LogCapturingExtension.class)
class SimEntityMetricsTest {

  @JUnit5TestKit
  ActorTestKit testKit = new JUnit5TestKitBuilder()
      .withCustomConfig(EventSourcedBehaviorTestKit.config().withFallback(ConfigFactory.load()))
      .build();

  private static final Duration PATIENCE = Duration.ofSeconds(20);

  /** Counts what the entity reports, as a metrics library would. */
  static final class Recorded implements SimMetrics {
    final AtomicInteger resident = new AtomicInteger();
    final AtomicInteger reports = new AtomicInteger();
    final AtomicInteger accepted = new AtomicInteger();
    final List<RejectReason> refused = new ArrayList<>();
    final List<AnomalyKind> detected = new ArrayList<>();
    final AtomicInteger events = new AtomicInteger();
    final AtomicInteger writes = new AtomicInteger();
    final AtomicLong minNanos = new AtomicLong(Long.MAX_VALUE);

    @Override
    public void entityStarted() {
      resident.incrementAndGet();
    }

    @Override
    public void entityStopped() {
      resident.decrementAndGet();
    }

    @Override
    public void trafficReportProcessed() {
      reports.incrementAndGet();
    }

    @Override
    public synchronized void networkDecided(Verdict verdict) {
      if (verdict.accepted()) {
        accepted.incrementAndGet();
      } else {
        refused.add(verdict.reason());
      }
      verdict.detections().forEach(d -> detected.add(d.kind()));
    }

    @Override
    public void persisted(int count, long nanos) {
      events.addAndGet(count);
      writes.incrementAndGet();
      minNanos.accumulateAndGet(nanos, Math::min);
    }
  }

  @Test
  void decisionsDetectionsJournalWritesAndResidencyAreReported() {
    Recorded metrics = new Recorded();
    Imsi imsi = Sims.imsi(5);
    ActorRef<SimEntity.Command> entity = testKit.spawn(SimEntity.create(imsi.value(), SimEntityTest.SETTINGS,
        () -> FleetPolicy.EMPTY, metrics, () -> true));
    TestProbe<CommandResult> operator = testKit.createTestProbe();
    TestProbe<Verdict> network = testKit.createTestProbe();
    entity.tell(new SimEntity.Provision(imsi, Sims.iccid(5), "acme", Sims.meterProfile(), ImeiLock.OFF, List.of(),
        null, "alice", T0, operator.ref()));
    entity.tell(new SimEntity.Activate("alice", T0, operator.ref()));
    operator.receiveSeveralMessages(2, PATIENCE);
    entity.tell(new SimEntity.Attach(DEVICE, Rat.LTE_M, HOME, METER_APN, T0.plusSeconds(10), network.ref()));
    for (int hour = 0; hour < 7; hour++) {
      Instant at = T0.plus(Duration.ofHours(hour)).plusSeconds(600);
      entity.tell(new SimEntity.ReportTraffic(List.of(Sims.toHeadend(1_000)), at, network.ref()));
    }
    List<Flow> probes = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      probes.add(Sims.telnetProbe(IpAddress.v4(0x2D000000 + i * 977)));
    }
    entity.tell(new SimEntity.ReportTraffic(probes, T0.plus(Duration.ofHours(7)).plusSeconds(600), network.ref()));
    entity.tell(new SimEntity.Suspend("bob", "scan", T0.plus(Duration.ofHours(8)), operator.ref()));
    entity.tell(new SimEntity.ReportTraffic(List.of(Sims.toHeadend(1)), T0.plus(Duration.ofHours(9)), network.ref()));
    network.receiveSeveralMessages(10, PATIENCE);
    operator.receiveMessage(PATIENCE);

    assertEquals(1, metrics.resident.get());
    assertEquals(9, metrics.reports.get());
    assertEquals(9, metrics.accepted.get());
    assertEquals(List.of(RejectReason.SUSPENDED), metrics.refused);
    assertTrue(metrics.detected.contains(AnomalyKind.PORT_SCAN), metrics.detected.toString());
    int journaled = PersistenceTestKit.create(testKit.system()).persistedInStorage(
        SimEntity.persistenceId(imsi.value()).id()).size();
    assertEquals(journaled, metrics.events.get());
    assertTrue(metrics.writes.get() < journaled, "several events of one decision are one write");
    assertTrue(metrics.minNanos.get() > 0);

    testKit.stop(entity);
    assertEquals(0, metrics.resident.get());
  }
}
