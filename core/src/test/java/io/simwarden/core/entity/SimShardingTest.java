package io.simwarden.core.entity;

import static io.simwarden.core.testing.Sims.DEVICE;
import static io.simwarden.core.testing.Sims.HOME;
import static io.simwarden.core.testing.Sims.METER_APN;
import static io.simwarden.core.testing.Sims.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.simwarden.core.decision.Verdict;
import io.simwarden.core.entity.SimProtocol.CommandResult;
import io.simwarden.core.event.SimEvent;
import io.simwarden.core.id.Imsi;
import io.simwarden.core.policy.FleetPolicy;
import io.simwarden.core.policy.ImeiLock;
import io.simwarden.core.policy.Rat;
import io.simwarden.core.policy.SimStatus;
import io.simwarden.core.state.SimState;
import io.simwarden.core.testing.Sims;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.JUnit5TestKitBuilder;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestKitJUnit5Extension;
import org.apache.pekko.actor.testkit.typed.annotations.JUnit5TestKit;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.persistence.testkit.PersistenceTestKitPlugin;
import org.apache.pekko.persistence.testkit.javadsl.PersistenceTestKit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** SIM entities through Cluster Sharding on a self-joined single-node cluster, with passivation. */
@ExtendWith(TestKitJUnit5Extension.class)
@ExtendWith(LogCapturingExtension.class)
class SimShardingTest {

  static final Config CONFIG = ConfigFactory.parseString("""
      pekko.actor.provider = cluster
      pekko.remote.artery.canonical.hostname = 127.0.0.1
      pekko.remote.artery.canonical.port = 0
      pekko.cluster.jmx.multi-mbeans-in-same-jvm = on
      pekko.cluster.sharding.number-of-shards = 3
      pekko.cluster.sharding.passivation.default-strategy.active-entity-limit = 3
      pekko.actor.serialize-messages = on
      """).withFallback(PersistenceTestKitPlugin.getInstance().config()).withFallback(ConfigFactory.load());

  @JUnit5TestKit
  ActorTestKit testKit = new JUnit5TestKitBuilder().withCustomConfig(CONFIG).build();

  static final SimSettings SETTINGS = new SimSettings(Duration.ofHours(1), 16, 8, 100, Duration.ofSeconds(5));
  static final Duration TIMEOUT = Duration.ofSeconds(10);

  ClusterSharding sharding;

  @BeforeEach
  void joinAndStartSharding() {
    Cluster cluster = Cluster.get(testKit.system());
    cluster.manager().tell(Join.create(cluster.selfMember().address()));
    SimEntity.init(testKit.system(), SETTINGS, () -> FleetPolicy.EMPTY);
    sharding = ClusterSharding.get(testKit.system());
  }

  private EntityRef<SimEntity.Command> sim(Imsi imsi) {
    return sharding.entityRefFor(SimEntity.ENTITY_TYPE_KEY, imsi.value());
  }

  private <R> R ask(Imsi imsi, java.util.function.Function<org.apache.pekko.actor.typed.ActorRef<R>,
      SimEntity.Command> command) {
    return sim(imsi).<R>ask(command::apply, TIMEOUT).toCompletableFuture().join();
  }

  @Test
  void simsAreReachableThroughShardingAndSurvivePassivation() {
    int sims = 12;
    for (int i = 0; i < sims; i++) {
      Imsi imsi = Sims.imsi(1000 + i);
      int n = i;
      CommandResult provisioned = ask(imsi, replyTo -> new SimEntity.Provision(imsi, Sims.iccid(1000 + n), "acme",
          Sims.meterProfile(), ImeiLock.firstSeen(ImeiLock.MismatchAction.REJECT_ATTACH, false), List.of(), null,
          "alice", T0, replyTo));
      assertTrue(provisioned.accepted(), provisioned.error());
      assertTrue(this.<CommandResult>ask(imsi, replyTo -> new SimEntity.Activate("alice", T0, replyTo)).accepted());
      Verdict attached = ask(imsi, replyTo -> new SimEntity.Attach(DEVICE, Rat.NB_IOT, HOME, METER_APN,
          T0.plusSeconds(5), replyTo));
      assertTrue(attached.accepted());
      Verdict traffic = ask(imsi, replyTo -> new SimEntity.ReportTraffic(List.of(Sims.toHeadend(100 + n)),
          T0.plusSeconds(60), replyTo));
      assertEquals(1, traffic.allowedFlows());
    }
    // With at most 3 resident entities the first SIMs were passivated (writing their partial window) and
    // come back from the journal when asked again.
    PersistenceTestKit journal = PersistenceTestKit.create(testKit.system());
    for (int i = 0; i < sims; i++) {
      Imsi imsi = Sims.imsi(1000 + i);
      SimState state = ask(imsi, SimEntity.GetState::new);
      assertEquals(SimStatus.ACTIVE, state.status(), imsi.value());
      assertEquals(DEVICE, state.imeiLock().imei());
      assertEquals(imsi, state.imsi());
    }
    Imsi first = Sims.imsi(1000);
    List<Object> events = journal.persistedInStorage(SimEntity.persistenceId(first.value()).id());
    SimEvent.UsageRecorded usage = (SimEvent.UsageRecorded) events.get(events.size() - 1);
    assertTrue(usage.partial());
    assertEquals(100, usage.uplinkBytes());
  }

  @Test
  void stagesChainedOnAFleetAskRunOnTheActorSystemsDispatcher() {
    SimFleet fleet = new SimFleet(testKit.system(), TIMEOUT);
    Imsi imsi = Sims.imsi(2000);
    // Chained directly on Pekko's ask this would run on a thread of the JDK's choosing: the common pool, or on a
    // machine with two cores a thread started for this one stage.
    String thread = fleet.<SimState>ask(imsi.value(), SimEntity.GetState::new)
        .thenApply(state -> Thread.currentThread().getName()).toCompletableFuture().join();
    assertTrue(thread.contains("pekko.actor.default-dispatcher"), thread);
  }
}
