package io.simwarden.loadtest.bench;

import io.simwarden.core.detect.AnomalyKind;
import io.simwarden.core.event.SimEvent;
import io.simwarden.persistence.forensics.ChainAudit;
import io.simwarden.persistence.forensics.ForensicIndex;
import io.simwarden.persistence.forensics.ForensicIndexKeys;
import io.simwarden.persistence.forensics.ForensicsJournal;
import io.simwarden.persistence.forensics.ForkAudit;
import io.simwarden.persistence.forensics.Outbreak;
import io.simwarden.persistence.forensics.OutbreakReport;
import io.simwarden.persistence.forensics.Recorded;
import io.simwarden.persistence.forensics.SearchCriteria;
import io.simwarden.sim.archetype.Identities;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.javadsl.Sink;

/**
 * The forensic queries {@link ForensicTimings} times, answered in this JVM by the code {@code simwarden forensics}
 * runs: {@code search} and {@code outbreak} read the forensic index ({@link ForensicIndex}, after checking its
 * progress as the command does), {@code verify --all} the chain heads, {@code verify --all --full} every SIM's stored
 * rows ({@link ChainAudit}, {@link ForkAudit}). Each method returns the size of its answer.
 */
final class ForensicQueries {

  /** SIMs (verify --full) or SIMs' index reads (search) at once: the command's default {@code --parallelism}. */
  static final int PARALLELISM = 16;

  private final ActorSystem<?> system;
  private final ForensicsJournal journal;
  private final ForensicIndex index;

  ForensicQueries(ActorSystem<?> system) {
    this.system = system;
    this.journal = new ForensicsJournal(system, PARALLELISM);
    this.index = new ForensicIndex(system, journal, PARALLELISM);
  }

  ForensicsJournal journal() {
    return journal;
  }

  /** How far the projection got; fails when it has not handled an event in every slice. */
  ForensicIndex.Progress complete(String projection) {
    Optional<ForensicIndex.Progress> progress = index.progress(projection).toCompletableFuture().join();
    if (progress.isEmpty() || !progress.get().complete()) {
      throw new IllegalStateException("the " + projection + " projection has " + progress.map(
          ForensicIndex.Progress::slices).orElse(0) + " of 8 slices in this keyspace: run a node with "
          + "simwarden.sim.slice-tags = every-event on the journal until it caught up");
    }
    return progress.get();
  }

  /** {@code forensics search} with {@code criteria}: the number of events it prints. */
  long search(SearchCriteria criteria) {
    complete(ForensicIndex.INDEX_PROJECTION);
    ForensicIndexKeys.Plan plan = ForensicIndexKeys.plan(criteria).orElseThrow();
    AtomicLong events = new AtomicLong();
    index.search(plan, criteria).runForeach(r -> events.incrementAndGet(), system).toCompletableFuture().join();
    return events.get();
  }

  /** {@code forensics outbreak} with {@code criteria} (one kind or endpoint): the number of SIMs affected. */
  long outbreak(SearchCriteria criteria, String indicator) {
    complete(ForensicIndex.INDEX_PROJECTION);
    ForensicIndexKeys.Plan plan = ForensicIndexKeys.plan(criteria).orElseThrow();
    Outbreak outbreak = index.outbreak(plan, criteria).toCompletableFuture().join();
    // What the command writes to outbreak.json and outbreak.html (its defaults: 5 candidates, 60-minute buckets).
    OutbreakReport.json(indicator, outbreak, 5, Duration.ofMinutes(60));
    OutbreakReport.html(indicator, outbreak, 5, Duration.ofMinutes(60));
    return outbreak.affected().size();
  }

  /** What a verify found: SIMs, events and rows checked, and SIMs with a finding. */
  record Verified(long sims, long events, long rows, long findings) {}

  /** {@code forensics verify --all}, answered from the chain heads. */
  Verified verifyFromHeads() {
    ForensicIndex.Progress progress = complete(ForensicIndex.CHAIN_PROJECTION);
    int findings = index.findings().toCompletableFuture().join().size();
    return new Verified(progress.sims(), progress.events(), progress.rows(), findings);
  }

  /** {@code forensics verify --all --full --no-checkpoint}: every SIM's stored rows, chains and writers checked. */
  Verified verifyFull() {
    AtomicLong sims = new AtomicLong();
    AtomicLong events = new AtomicLong();
    AtomicLong rows = new AtomicLong();
    AtomicLong findings = new AtomicLong();
    journal.sims().mapAsync(PARALLELISM, id -> journal.rows(id).thenApply(stored -> {
      List<Recorded> recorded = stored.stream().map(ForensicsJournal.StoredRow::recorded).toList();
      rows.addAndGet(stored.size());
      events.addAndGet(recorded.stream().mapToLong(Recorded::seqNr).distinct().count());
      boolean intact = ChainAudit.audit(id, recorded).isEmpty()
          && ForkAudit.audit(id, stored.stream().map(ForensicsJournal.StoredRow::row).toList()).isEmpty();
      return intact;
    })).runWith(Sink.foreach(intact -> {
      sims.incrementAndGet();
      findings.addAndGet(intact ? 0 : 1);
    }), system).toCompletableFuture().join();
    return new Verified(sims.get(), events.get(), rows.get(), findings.get());
  }

  /** The {@code n} lowest IMSIs among the SIMs with an event matching {@code criteria}, from the index; or none. */
  List<String> firstSimsOf(SearchCriteria criteria, int n) {
    complete(ForensicIndex.INDEX_PROJECTION);
    return index.firstPerSim(ForensicIndexKeys.plan(criteria).orElseThrow(), criteria)
        .map(Recorded::imsi).runWith(Sink.seq(), system).toCompletableFuture().join().stream().sorted().limit(n)
        .toList();
  }

  /**
   * The IMEI of the first SIM of the fleet ({@link Identities#imsi} 0, or the next one that attached): the device its
   * first accepted attach or IMEI binding names.
   */
  String firstImei() {
    for (int sim = 0; sim < 100; sim++) {
      Optional<String> imei = events(Identities.imsi(sim)).stream().map(Recorded::event)
          .map(e -> e instanceof SimEvent.AttachAccepted a ? a.imei().value()
              : e instanceof SimEvent.ImeiBound b ? b.imei().value() : null)
          .filter(i -> i != null).findFirst();
      if (imei.isPresent()) {
        return imei.get();
      }
    }
    throw new IllegalStateException("none of the first 100 SIMs of the fleet attached: not a simulated fleet");
  }

  /**
   * An endpoint of the campaign that infected {@code bots} (port-scanning SIMs): of the remote endpoints their usage
   * windows name from each one's first port-scan anomaly on and never before it (not the device's own servers),
   * the one the most of them name; then the one the most windows name; then the first in text order. With Mirai:
   * the DDoS target, the report server or the C&C, whichever the bots' bounded endpoint tables kept most. Only the
   * bots' events in {@code window}'s time window count.
   */
  String campaignEndpoint(List<String> bots, SearchCriteria window) {
    Map<String, Integer> botsNaming = new TreeMap<>();
    Map<String, Integer> windowsNaming = new TreeMap<>();
    for (String bot : bots) {
      List<SimEvent> history = events(bot).stream().map(Recorded::event).filter(e -> window.windowHolds(e.at()))
          .toList();
      Instant infected = history.stream()
          .filter(e -> e instanceof SimEvent.AnomalyDetected a && a.kind() == AnomalyKind.PORT_SCAN)
          .map(SimEvent::at).findFirst()
          .orElseThrow(() -> new IllegalStateException("SIM " + bot + " has no port-scan anomaly"));
      Set<String> before = new HashSet<>();
      Set<String> after = new HashSet<>();
      for (SimEvent e : history) {
        if (e instanceof SimEvent.UsageRecorded u) {
          Set<String> named = new HashSet<>();
          u.endpoints().forEach(endpoint -> named.add(endpoint.remote().toString()));
          if (u.at().isBefore(infected)) {
            before.addAll(named);
          } else {
            named.removeAll(before);
            named.forEach(address -> windowsNaming.merge(address, 1, Integer::sum));
            after.addAll(named);
          }
        }
      }
      after.removeAll(before);
      after.forEach(address -> botsNaming.merge(address, 1, Integer::sum));
    }
    return botsNaming.keySet().stream().max(Comparator.<String>comparingInt(botsNaming::get)
            .thenComparingInt(windowsNaming::get).thenComparing(Comparator.<String>reverseOrder()))
        .orElseThrow(() -> new IllegalStateException("SIMs " + bots + " named no new endpoint after their first "
            + "port scan"));
  }

  private List<Recorded> events(String imsi) {
    return journal.events(imsi).runWith(Sink.seq(), system).toCompletableFuture().join();
  }
}
