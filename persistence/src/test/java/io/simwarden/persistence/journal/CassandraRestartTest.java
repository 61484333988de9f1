package io.simwarden.persistence.journal;

import static io.simwarden.core.testing.Sims.T0;
import static io.simwarden.persistence.journal.CassandraJournalTestSupport.config;
import static io.simwarden.persistence.journal.CassandraJournalTestSupport.start;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simwarden.core.entity.SimEntity;
import io.simwarden.core.entity.SimProtocol.CommandResult;
import io.simwarden.core.event.SimEvent;
import io.simwarden.core.id.Imsi;
import io.simwarden.core.policy.ImeiLock;
import io.simwarden.core.testing.Sims;
import io.simwarden.persistence.cassandra.CassandraExtension;
import io.simwarden.persistence.cassandra.LocalCassandra;
import io.simwarden.persistence.journal.CassandraJournalTestSupport.Running;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.persistence.query.EventEnvelope;
import org.junit.jupiter.api.Test;

/**
 * Cassandra stops while SIM entities are writing and comes back: entities back off and resume by
 * themselves, and every event whose persist was acknowledged is in the journal afterwards.
 */
class CassandraRestartTest {

  private static final int SIMS = 20;

  @Test
  void noAcknowledgedEventIsLostWhenCassandraRestartsMidWrite() throws Exception {
    String extra = "simwarden.sim.ask-timeout = 3s\n"
        + "datastax-java-driver.basic.request.timeout = 2s";
    // Its own node: restarting the node the other test classes share would change it under their feet.
    LocalCassandra node = CassandraExtension.privateNode("cassandra-restart");
    try (Running fleet = start("restart", config(extra, node.settings().cqlPort()))) {
      List<Imsi> sims = new ArrayList<>();
      for (int i = 0; i < SIMS; i++) {
        Imsi imsi = Sims.imsi(40_000 + i);
        int n = 40_000 + i;
        CommandResult r = fleet.ask(imsi, replyTo -> new SimEntity.Provision(imsi, Sims.iccid(n), "acme",
            Sims.meterProfile(), ImeiLock.OFF, List.of(), null, "alice", T0, replyTo));
        assertTrue(r.accepted(), r.error());
        sims.add(imsi);
      }

      // Writers: each SIM asks for firmware updates v1, v2, … one after another; an accepted reply means
      // its FirmwareUpdateRequested event was persisted.
      Set<String> acknowledged = ConcurrentHashMap.newKeySet();
      AtomicInteger failedAsks = new AtomicInteger();
      AtomicBoolean writing = new AtomicBoolean(true);
      List<CompletableFuture<Void>> writers = new ArrayList<>();
      ExecutorService threads = Executors.newFixedThreadPool(SIMS);
      for (Imsi imsi : sims) {
        writers.add(CompletableFuture.runAsync(() -> {
          int version = 0;
          while (writing.get()) {
            String target = "v" + (++version);
            try {
              CommandResult r = fleet.<CommandResult>askAsync(imsi, replyTo -> new SimEntity.RequestFirmwareUpdate(
                  target, "ops", T0.plusSeconds(60), replyTo)).get(10, TimeUnit.SECONDS);
              if (r.accepted()) {
                acknowledged.add(imsi.value() + "/" + target);
              }
            } catch (Exception e) {
              failedAsks.incrementAndGet();
            }
          }
        }, threads));
      }

      Thread.sleep(1500);
      int beforeStop = acknowledged.size();
      node.stop();
      Thread.sleep(1500);
      int whileDown = acknowledged.size();
      node.start();
      // Writers resume once the entities' back-off lets them recover from the journal again.
      int resumedFrom = acknowledged.size();
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (acknowledged.size() < resumedFrom + SIMS * 5 && System.nanoTime() < deadline) {
        Thread.sleep(200);
      }
      writing.set(false);
      CompletableFuture.allOf(writers.toArray(new CompletableFuture[0])).get(60, TimeUnit.SECONDS);
      threads.shutdown();

      Set<String> journaled = new HashSet<>();
      for (Imsi imsi : sims) {
        for (EventEnvelope e : fleet.eventsOf(imsi)) {
          if (e.event() instanceof SimEvent.FirmwareUpdateRequested f) {
            journaled.add(imsi.value() + "/" + f.targetVersion());
          }
        }
      }
      System.out.printf("acknowledged: %d before stop, %d by restart, %d at the end; failed asks while down: %d;"
              + " journaled: %d%n", beforeStop, whileDown, acknowledged.size(), failedAsks.get(), journaled.size());
      assertTrue(beforeStop > 0, "writes were acknowledged before the stop");
      assertTrue(failedAsks.get() > 0, "the stop was felt by the writers");
      assertTrue(acknowledged.size() >= resumedFrom + SIMS * 5, "entities resumed writing after the restart");
      Set<String> lost = new HashSet<>(acknowledged);
      lost.removeAll(journaled);
      assertEquals(Set.of(), lost, "acknowledged events missing from the journal");
    } finally {
      node.stop();
    }
  }
}
