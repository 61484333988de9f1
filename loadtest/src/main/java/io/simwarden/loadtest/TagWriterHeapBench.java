package io.simwarden.loadtest;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.simwarden.core.decision.Verdict;
import io.simwarden.core.entity.SimEntity;
import io.simwarden.core.entity.SimEntity.CommandResult;
import io.simwarden.core.entity.SimFleet;
import io.simwarden.core.entity.SimSettings;
import io.simwarden.core.firewall.RuleAction;
import io.simwarden.core.id.Apn;
import io.simwarden.core.id.Iccid;
import io.simwarden.core.id.Imei;
import io.simwarden.core.id.Imsi;
import io.simwarden.core.id.IpAddress;
import io.simwarden.core.id.Luhn;
import io.simwarden.core.id.Plmn;
import io.simwarden.core.policy.ConnectivityProfile;
import io.simwarden.core.policy.EncryptionPolicy;
import io.simwarden.core.policy.FleetPolicy;
import io.simwarden.core.policy.ImeiLock;
import io.simwarden.core.policy.PlmnPolicy;
import io.simwarden.core.policy.PrivateNetwork;
import io.simwarden.core.policy.Rat;
import io.simwarden.core.policy.Service;
import io.simwarden.core.traffic.Direction;
import io.simwarden.core.traffic.Flow;
import io.simwarden.core.traffic.Protocol;
import io.simwarden.persistence.journal.EmbeddedCluster;
import io.simwarden.persistence.journal.JournalMode;
import io.simwarden.persistence.journal.OpenJournal;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * Heap of a node whose SIMs all wrote tagged events to Cassandra (pekko-persistence-cassandra issue
 * #410: the tag writer keeps a small record per persistence id). Each SIM is provisioned, activated,
 * attaches and sends one telnet probe that the firewall blocks (one {@code alert}-tagged event); the
 * heap after a full GC is printed at milestones while passivation keeps the resident SIMs bounded.
 *
 * <p>Usage: {@code TagWriterHeapBench <sims> <activeEntityLimit> [dataDir]}.
 */
public final class TagWriterHeapBench {

  public static void main(String[] args) throws Exception {
    int sims = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    int limit = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
    Path dataDir = Path.of(args.length > 2 ? args[2] : "var/bench-cassandra");
    PrintWriter out = new PrintWriter(System.out, true);
    try (OpenJournal journal = OpenJournal.open(JournalMode.CASSANDRA, null, null, dataDir, out)) {
      Config config = ConfigFactory.parseMap(Map.of(
          "pekko.cluster.sharding.passivation.default-strategy.active-entity-limit", limit,
          "simwarden.sim.snapshot-every", 0)).withFallback(journal.config());
      ActorSystem<Void> system = EmbeddedCluster.start("tag-heap", config);
      try {
        run(system, sims, limit, out);
      } finally {
        system.terminate();
        system.getWhenTerminated().toCompletableFuture().join();
      }
    }
    // The Cassandra driver leaves non-daemon threads behind; a benchmark must not linger after its report.
    System.exit(0);
  }

  private static void run(ActorSystem<Void> system, int sims, int limit, PrintWriter out) throws Exception {
    SimSettings settings = SimSettings.fromConfig(system.settings().config());
    SimEntity.init(system, settings, () -> FleetPolicy.EMPTY);
    SimFleet fleet = new SimFleet(system, Duration.ofSeconds(60));
    ConnectivityProfile profile = new ConnectivityProfile("bench", EnumSet.of(Service.DATA),
        EnumSet.of(Rat.NB_IOT), PlmnPolicy.ANY, Set.of(), PrivateNetwork.NONE, null, null, EncryptionPolicy.ALLOW,
        List.of(), RuleAction.DENY, Map.of());
    Instant t0 = Instant.parse("2026-01-05T00:00:00Z");
    Semaphore inFlight = new Semaphore(1000);
    long started = System.nanoTime();
    out.printf("sims=%d active-entity-limit=%d heap-max=%d MiB%n", sims, limit,
        Runtime.getRuntime().maxMemory() >> 20);
    out.println("sims_done,events_written,heap_after_gc_mib,elapsed_s");
    int milestone = Math.max(1, sims / 10);
    for (int i = 0; i < sims; i++) {
      inFlight.acquire();
      String imsi = String.format("20801%010d", i);
      String body = String.format("8933%014d", i);
      Iccid iccid = Iccid.of(body + Luhn.checkDigit(body));
      Imei imei = Imei.fromBody(String.format("35693803%06d", i % 1_000_000));
      CompletableFuture<?> history = fleet.<CommandResult>ask(imsi, r -> new SimEntity.Provision(Imsi.of(imsi),
              iccid, "bench", profile, ImeiLock.OFF, List.of(), null, "bench", t0, r)).toCompletableFuture()
          .thenCompose(x -> fleet.<CommandResult>ask(imsi, r -> new SimEntity.Activate("bench", t0, r)))
          .thenCompose(x -> fleet.<Verdict>ask(imsi, r -> new SimEntity.Attach(imei, Rat.NB_IOT, Plmn.of("20801"),
              Apn.of("bench"), t0.plusSeconds(1), r)))
          .thenCompose(x -> fleet.<Verdict>ask(imsi, r -> new SimEntity.ReportTraffic(List.of(new Flow(
              IpAddress.v4(0xCB007107), Protocol.TCP, 23, Direction.UPLINK, 60, 1, false)), t0.plusSeconds(2), r)))
          .toCompletableFuture();
      history.whenComplete((x, e) -> {
        inFlight.release();
        if (e != null) {
          System.err.println("SIM " + imsi + ": " + e);
        }
      });
      if ((i + 1) % milestone == 0) {
        inFlight.acquire(1000);
        inFlight.release(1000);
        out.printf("%d,%d,%d,%.0f%n", i + 1, 4L * (i + 1), heapAfterGcMib(),
            (System.nanoTime() - started) / 1e9);
      }
    }
  }

  private static long heapAfterGcMib() {
    System.gc();
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 20;
  }
}
