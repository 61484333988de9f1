package io.simwarden.persistence.journal;

import static io.simwarden.core.testing.Sims.DEVICE;
import static io.simwarden.core.testing.Sims.HOME;
import static io.simwarden.core.testing.Sims.METER_APN;
import static io.simwarden.core.testing.Sims.T0;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.simwarden.core.decision.Verdict;
import io.simwarden.core.entity.SimEntity;
import io.simwarden.core.entity.SimProtocol.CommandResult;
import io.simwarden.core.entity.SimFleet;
import io.simwarden.core.entity.SimSettings;
import io.simwarden.core.event.SimEvent;
import io.simwarden.core.id.Imsi;
import io.simwarden.core.policy.FleetPolicy;
import io.simwarden.core.policy.ImeiLock;
import io.simwarden.core.policy.Rat;
import io.simwarden.core.state.SimState;
import io.simwarden.core.testing.Sims;
import io.simwarden.persistence.cassandra.CassandraExtension;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.persistence.cassandra.query.javadsl.CassandraReadJournal;
import org.apache.pekko.persistence.query.EventEnvelope;
import org.apache.pekko.persistence.query.PersistenceQuery;
import org.apache.pekko.stream.javadsl.Sink;

/** A fleet of SIM entities on the test Cassandra, and what the tests read back. */
final class CassandraJournalTestSupport {

  private CassandraJournalTestSupport() {}

  /** Journal on the test node, schema auto-created, tag buckets starting an hour ago. */
  static Config config(String extra) {
    return config(extra, CassandraExtension.cqlPort());
  }

  /** The same on the node listening on {@code cqlPort}. */
  static Config config(String extra, int cqlPort) {
    String firstBucket = DateTimeFormatter.ofPattern("yyyyMMdd'T'HH:mm").withZone(ZoneOffset.UTC)
        .format(Instant.now().minus(Duration.ofHours(1)));
    return ConfigFactory.parseString(extra)
        .withFallback(ConfigFactory.parseString(
            "pekko.persistence.cassandra.events-by-tag.first-time-bucket = \"" + firstBucket + "\""))
        .withFallback(CassandraContactPoints.config(List.of("127.0.0.1:" + cqlPort),
            CassandraExtension.LOCAL_DATACENTER))
        .withFallback(OpenJournal.localConfig())
        .withFallback(JournalMode.CASSANDRA.config());
  }

  /** A one-node cluster with SIM sharding on the test journal. */
  static Running start(String name, Config config) {
    ActorSystem<Void> system = EmbeddedCluster.start(name, config);
    SimSettings settings = SimSettings.fromConfig(system.settings().config());
    SimEntity.init(system, settings, () -> FleetPolicy.EMPTY);
    return new Running(system, new SimFleet(system, Duration.ofSeconds(30)));
  }

  record Running(ActorSystem<Void> system, SimFleet fleet) implements AutoCloseable {
    <R> R ask(Imsi imsi, Function<ActorRef<R>, SimEntity.Command> command) {
      return fleet.<R>ask(imsi.value(), command).toCompletableFuture().join();
    }

    <R> CompletableFuture<R> askAsync(Imsi imsi, Function<ActorRef<R>, SimEntity.Command> command) {
      return fleet.<R>ask(imsi.value(), command).toCompletableFuture();
    }

    /** Every event of a SIM, in order, as the read journal returns it. */
    List<EventEnvelope> eventsOf(Imsi imsi) {
      return readJournal().currentEventsByPersistenceId(SimEntity.persistenceId(imsi.value()).id(), 0,
          Long.MAX_VALUE).runWith(Sink.seq(), system).toCompletableFuture().join();
    }

    List<EventEnvelope> eventsByTag(String tag) {
      return readJournal().currentEventsByTag(tag, org.apache.pekko.persistence.query.Offset.noOffset())
          .runWith(Sink.seq(), system).toCompletableFuture().join();
    }

    CassandraReadJournal readJournal() {
      return PersistenceQuery.get(system).getReadJournalFor(CassandraReadJournal.class,
          CassandraReadJournal.Identifier());
    }

    @Override
    public void close() {
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().join();
    }
  }

  /**
   * Gives SIM {@code n} a realistic history: provisioning, attach, three hours of head-end traffic,
   * telnet probes (blocked, tagged alert) and, for odd SIMs, a suspension (tagged audit); then closes
   * the open usage window so the state is complete.
   */
  static SimState history(Running fleet, int n) {
    Imsi imsi = Sims.imsi(n);
    CommandResult provisioned = fleet.ask(imsi, r -> new SimEntity.Provision(imsi, Sims.iccid(n), "acme",
        Sims.meterProfile(), ImeiLock.firstSeen(ImeiLock.MismatchAction.REJECT_ATTACH, false), List.of(), null,
        "alice", T0, r));
    if (!provisioned.accepted()) {
      throw new AssertionError(provisioned.error());
    }
    fleet.<CommandResult>ask(imsi, r -> new SimEntity.Activate("alice", T0, r));
    fleet.<Verdict>ask(imsi, r -> new SimEntity.Attach(DEVICE, Rat.NB_IOT, HOME, METER_APN, T0.plusSeconds(30), r));
    for (int hour = 0; hour < 3; hour++) {
      Instant at = T0.plusSeconds(hour * 3600L + 600);
      fleet.<Verdict>ask(imsi, r -> new SimEntity.ReportTraffic(List.of(Sims.toHeadend(1_000 + n)), at, r));
    }
    Instant probe = T0.plusSeconds(3 * 3600 + 60);
    fleet.<Verdict>ask(imsi, r -> new SimEntity.ReportTraffic(List.of(Sims.telnetProbe(Sims.STRANGER)), probe, r));
    if (n % 2 == 1) {
      fleet.<CommandResult>ask(imsi, r -> new SimEntity.Suspend("soc", "probing", probe.plusSeconds(60), r));
    }
    fleet.<Verdict>ask(imsi, r -> new SimEntity.FlushUsage(T0.plusSeconds(5 * 3600), r));
    return fleet.ask(imsi, SimEntity.GetState::new);
  }

  /** The state folded from the read journal's events with the entity's own event handler. */
  static SimState fold(List<EventEnvelope> events) {
    SimState s = SimState.EMPTY;
    for (EventEnvelope e : events) {
      s = s.apply((SimEvent) e.event());
    }
    return s;
  }
}
