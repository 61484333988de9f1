package io.simwarden.loadtest;

import com.typesafe.config.ConfigFactory;
import io.simwarden.core.CommonPool;
import io.simwarden.core.state.SimState;
import io.simwarden.persistence.forensics.ChainAudit;
import io.simwarden.persistence.forensics.ForensicsJournal;
import io.simwarden.persistence.forensics.SearchCriteria;
import io.simwarden.persistence.journal.JournalMode;
import io.simwarden.persistence.journal.OpenJournal;
import io.simwarden.sim.driver.Simulation;
import io.simwarden.sim.driver.SimulationResult;
import io.simwarden.sim.scenario.BuiltInScenarios;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.stream.javadsl.Sink;

/**
 * Replay speed of the forensic reads on the local Cassandra: a {@code quickstart} fleet of the given size is
 * simulated into a fresh keyspace (or an existing keyspace is read), then every SIM's events are
 * <ol>
 *   <li>scanned by persistence id and folded with the entity's event handler (what {@code state-at} and an
 *       endpoint search do),</li>
 *   <li>read from the alert and audit tags (what a search for a tagged kind does),</li>
 *   <li>read row by row and chain-verified (what {@code verify --all} does),</li>
 * </ol>
 * each printed as events per second of wall-clock time.
 *
 * <p>Usage: {@code ReplayBench [sims=500] [dataDir=var/bench-cassandra | host:port] [keyspace]}: a data dir
 * names the project-launched local node (started if needed); {@code host:port} an existing Cassandra, which
 * needs the keyspace to read (nothing is simulated there).
 */
public final class ReplayBench {

  public static void main(String[] args) {
    CommonPool.ensure();
    int sims = args.length > 0 ? Integer.parseInt(args[0]) : 500;
    String where = args.length > 1 ? args[1] : "var/bench-cassandra";
    boolean external = where.matches(".+:\\d+");
    String keyspace = args.length > 2 ? args[2] : null;
    if (external && keyspace == null) {
      throw new IllegalArgumentException("give the keyspace to read on " + where);
    }
    PrintWriter out = new PrintWriter(System.out, true);
    try (OpenJournal local = external
        ? OpenJournal.open(JournalMode.CASSANDRA, java.util.List.of(where), "datacenter1", null, out)
        : OpenJournal.open(JournalMode.CASSANDRA, null, null, Path.of(where), out)) {
      if (keyspace == null) {
        keyspace = "replay_" + DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss").withZone(ZoneOffset.UTC)
            .format(java.time.Instant.now());
        SimulationResult run = Simulation.run(BuiltInScenarios.load("quickstart").withDevices(sims),
            local.inKeyspace(keyspace).config(), keyspace, new Simulation.Options(512, 100_000),
            Simulation.Listener.SILENT);
        out.printf("simulated quickstart with %d SIMs into keyspace %s in %.1f s%n", run.devices(), keyspace,
            run.wallMillis() / 1000.0);
      }
      ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "replay-bench",
          local.inKeyspace(keyspace).config().withFallback(ConfigFactory.load()));
      try {
        run(new ForensicsJournal(system, 16), system, out);
      } finally {
        system.terminate();
        system.getWhenTerminated().toCompletableFuture().join();
      }
    }
    // The Cassandra driver leaves non-daemon threads behind; a benchmark must not linger after its report.
    System.exit(0);
  }

  private static void run(ForensicsJournal journal, ActorSystem<Void> system, PrintWriter out) {
    out.println("read,sims,events,seconds,events_per_s");
    AtomicLong events = new AtomicLong();
    long begin = System.nanoTime();
    long sims = journal.sims()
        .mapAsyncUnordered(16, imsi -> journal.events(imsi)
            .runFold(SimState.EMPTY, (s, r) -> {
              events.incrementAndGet();
              return s.apply(r.event());
            }, system))
        .runWith(Sink.fold(0L, (n, s) -> n + 1), system).toCompletableFuture().join();
    print(out, "scan-by-persistence-id+fold", sims, events.get(), begin);

    events.set(0);
    begin = System.nanoTime();
    Set<String> taggedKinds = new java.util.HashSet<>();
    for (Class<?> type : io.simwarden.core.event.SimEvent.class.getPermittedSubclasses()) {
      @SuppressWarnings("unchecked")
      Class<? extends io.simwarden.core.event.SimEvent> t = (Class<? extends io.simwarden.core.event.SimEvent>) type;
      if (!io.simwarden.core.event.SimTags.groupsOf(t).isEmpty()) {
        taggedKinds.add(SearchCriteria.kind(t.getSimpleName()));
      }
    }
    SearchCriteria tagged = new SearchCriteria(taggedKinds, null, null, null, null, null, null);
    journal.byTag(tagged).runForeach(r -> events.incrementAndGet(), system).toCompletableFuture().join();
    print(out, "by-tag(alert,audit)", 0, events.get(), begin);

    events.set(0);
    begin = System.nanoTime();
    long verified = journal.sims()
        .mapAsyncUnordered(16, imsi -> journal.stored(imsi).thenApply(stored -> {
          events.addAndGet(stored.size());
          return ChainAudit.audit(imsi, stored).size();
        }))
        .runWith(Sink.fold(0L, (n, f) -> n + 1), system).toCompletableFuture().join();
    print(out, "rows+chain-verify", verified, events.get(), begin);
  }

  private static void print(PrintWriter out, String read, long sims, long events, long beginNanos) {
    double seconds = (System.nanoTime() - beginNanos) / 1e9;
    out.printf("%s,%d,%d,%.2f,%.0f%n", read, sims, events, seconds, events / seconds);
  }
}
