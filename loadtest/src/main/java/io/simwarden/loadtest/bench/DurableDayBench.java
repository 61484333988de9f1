package io.simwarden.loadtest.bench;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.typesafe.config.Config;
import io.simwarden.loadtest.harness.BenchJournal;
import io.simwarden.loadtest.harness.BenchRun;
import io.simwarden.loadtest.harness.Benchmark;
import io.simwarden.loadtest.harness.Figure;
import io.simwarden.loadtest.harness.Profile;
import io.simwarden.node.cli.ApiKeyCommand;
import io.simwarden.persistence.journal.CqlSchema;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import picocli.CommandLine;

/**
 * A durable run at scale, end to end: a real node (its own JVM, a cluster of one) follows the journal with its four
 * projections while a simulated day of {@code quickstart} is written to the same keyspace at full speed; then, on
 * that journal, the read side's catch-up, the fleet summary's freshness, lag at a low rate, an idle node, the
 * forensic queries ({@link ForensicTimings}) and a restart after {@code kill -9}. Two fleet sizes, to show which
 * figures grow with the journal. Not part of {@code bench all}: the full size takes about an hour.
 */
public final class DurableDayBench implements Benchmark {

  private static final String SCENARIO = "quickstart";
  private static final String LAG_GAUGE = "simwarden_projection_lag_last_seconds";
  /** A 1 M-SIM day's goal on Cassandra. */
  private static final double PLAN_SECONDS = 15 * 60;
  /** The system property that replaces the profile's fleet sizes. */
  static final String SIZES = "simwarden.bench.durable-day.sizes";

  @Override
  public String name() {
    return "durable-day";
  }

  @Override
  public String description() {
    return "For each fleet size (quick 1 k and 4 k, full 20 k and 200 k SIMs), in a fresh keyspace: a `simwarden "
        + "node` in its own JVM (" + String.join(" ", NodeProcess.JVM) + ", a cluster of one, `simwarden.sim.slice-"
        + "tags = every-event`, so fleet-summary, alerts-by-org, forensic-index and chain-heads all run) follows the "
        + "journal while the `" + SCENARIO + "` scenario runs 24 simulated hours into the same keyspace from a "
        + "forked JVM at full speed (every event slice-tagged). Wall time and commands/s beside the same fleet on "
        + "the memory journal; projection lag p99 while the simulator writes (the node's `simwarden_projection_lag_"
        + "last_seconds` gauges scraped each second, worst projection) and at a low rate (4 suspend/resume "
        + "commands/s over HTTP for 20 s; the `simwarden_projection_lag_seconds` histogram between two scrapes, "
        + "worst projection) beside the floor the configuration sets (tag eventual-consistency delay + query poll interval); seconds "
        + "from the simulation's end until every projection's saved offset reached its slice's newest tag row, and "
        + "events/s of the slowest projection meanwhile, beside reading as many tag rows raw with the driver (8 "
        + "slices at once); a suspension over HTTP until `GET /api/v1/fleet/summary` counts it (median of 5); the "
        + "node's CPU seconds and the journal (`messages`) reads Cassandra served during 20 s without events; the "
        + "forensic queries (ForensicTimings); `kill -9` of the node and a restart until 1,000 random SIMs answer "
        + "`GET /api/v1/sims/{imsi}` 200 (250 in flight), from the restart and from the node's readiness, beside "
        + "raw driver reads of the same SIMs' snapshot and later events, 1,000 in flight; then (where the fleet "
        + "has more SIMs) 1,000 other random SIMs asked the same way, the node warm, beside the raw reads of "
        + "theirs, and the node's CPU seconds from its readiness until the first 1,000 answered beside its CPU "
        + "seconds for the other 1,000. Last, the "
        + "commands/s a 1 M-SIM day needs to end in 15 minutes beside the rates measured at the largest size: the "
        + "ratio is how many such boxes it takes. Not part of `bench all`: `./simwarden bench durable-day --profile "
        + "full --runs 1`.";
  }

  @Override
  public String reading() {
    return "Everything shares two cores: the simulator (generator, sharding, the SIM entities, the journal "
        + "plugin), Cassandra (journal and tag writes, the projections' reads and writes) and the node (four "
        + "projections of eight slices each). The simulation's rate is bound by Cassandra's writes (each event is "
        + "a `messages` row and a `tag_views` row) and by the CPU the node's projections take from it; its ratio "
        + "to the memory journal is the price of durability plus the live read side. Lag while the simulator "
        + "writes is bound by how fast the projections can handle envelopes on the CPU left to them (chain-heads "
        + "reads each SIM's new rows, forensic-index writes about two rows per event): when they fall behind, "
        + "the lag grows with the run and the catch-up after it is what was left; the catch-up's events/s beside "
        + "the raw read of the same rows shows what the handlers (deserialization, their writes, offsets) cost "
        + "over the read alone. At a low rate the lag is the floor the configuration sets (the tag query waits "
        + "the eventual-consistency delay, 2 s, and polls each second) plus the handler; the histogram's p99 is "
        + "interpolated inside its bucket (3 to 4 s), so it overstates a lag just above 3 s; the summary's "
        + "freshness measures the same path directly (lag plus one read). While the simulator writes, the "
        + "figure is the p99 of the gauges scraped each second (the lag of each projection's last handled event "
        + "at that moment), not the histogram's, whose buckets are up to 1.5 times apart. Idle, a node only polls "
        + "the eight slice tags per projection (tag_views and "
        + "the tag bookkeeping tables) and reads no `messages` row. The restart is bound by recovering each SIM "
        + "(snapshot and later events, `SimState.apply`, chain check) through Cluster Sharding after the JVM "
        + "start and cluster formation; the raw reads are the same rows without Pekko. On this box it is bound by "
        + "the node's CPU: a freshly started JVM compiles its hot paths (C2) while it recovers the first SIMs, "
        + "which is why the first 1,000 cost the node about three times the CPU seconds of the next 1,000, and "
        + "each recovery of a tagged SIM is six queries and several actor and stream hops against the raw reads' "
        + "two queries (node/README.md, \"After a restart\"). The forensic queries read "
        + "the index partitions of their key and day, then the events they name: bounded by the answer, not by the "
        + "journal's length, which the two sizes show. Plan: the `plan.1m` rows divide the commands/s that end a "
        + "1 M-SIM day in 15 minutes (the measured commands per SIM-day × 1 M / 900 s) by what one 2-core box "
        + "did here, on Cassandra (the ratio: boxes each running Cassandra, the simulator's share and a node; "
        + "Cassandra alone on a box would do more) and on the memory journal (the ratio: Pekko nodes needed if "
        + "the journal were free); a 10 M-SIM day needs ten times as many, and a replication factor of 3 triples "
        + "Cassandra's write work (docs/read-side.md, \"Planning a durable day\").";
  }

  @Override
  public boolean needsCassandra() {
    return true;
  }

  @Override
  public boolean inAll(Profile profile) {
    return false;
  }

  @Override
  public List<Figure> run(BenchRun run) throws Exception {
    List<Integer> sizes = sizes(System.getProperty(SIZES), run.profile().pick(List.of(1_000, 4_000),
        List.of(20_000, 200_000)));
    List<Figure> figures = new ArrayList<>();
    Map<String, Double> largest = new HashMap<>();
    for (int sims : sizes) {
      List<Figure> size = oneSize(run, sims, largest);
      // Printed as each size ends: a long full run that is stopped during its larger size keeps these.
      run.out().printf("figures of %,d SIMs:%n", sims);
      for (Figure f : size) {
        run.out().println("  " + f.describe());
      }
      run.out().flush();
      figures.addAll(size);
    }
    double perSimDay = largest.get("commands") / largest.get("sims");
    double needed = perSimDay * 1_000_000 / PLAN_SECONDS;
    String at = String.format("%,.0f", largest.get("sims"));
    run.out().printf("plan: %.1f commands per SIM-day; a 1 M-SIM day in 15 min needs %,.0f commands/s: %.1f boxes "
        + "as measured on Cassandra, %.1f Pekko nodes on the memory journal%n", perSimDay, needed,
        needed / largest.get("durable"), needed / largest.get("memory"));
    figures.add(new Figure("plan.1m.cassandra", "1 M SIM-days in 15 min: commands/s (ratio: boxes)", needed,
        "one box, Cassandra + simulator + node, " + at + " SIMs", largest.get("durable"), "commands/s"));
    figures.add(new Figure("plan.1m.pekko", "1 M SIM-days in 15 min: commands/s (ratio: Pekko nodes)", needed,
        "one box, memory journal, " + at + " SIMs", largest.get("memory"), "commands/s"));
    return figures;
  }

  private static List<Figure> oneSize(BenchRun run, int sims, Map<String, Double> largest) throws Exception {
    PrintWriter out = run.out();
    String size = sims % 1000 == 0 ? sims / 1000 + "k" : Integer.toString(sims);
    String label = String.format("%,d SIMs", sims);
    BenchJournal journal = new BenchJournal(run.journal().contactPoint(), run.journal().datacenter(),
        run.journal().keyspace() + "_dd" + size + run.runIndex());
    String keyspace = journal.keyspace();
    double floor = floorSeconds(journal.config());
    List<String> simJvm = new ArrayList<>(run.profile().pick(List.of("-Xmx2g"), List.of("-Xmx4g")));
    simJvm.add("-XX:+UseParallelGC");
    List<String> memoryJvm = new ArrayList<>(run.profile().pick(List.of("-Xmx2g"), List.of("-Xmx8g")));
    memoryJvm.add("-XX:+UseParallelGC");

    out.printf("%n-- %s: the same fleet on the memory journal first%n", label);
    out.flush();
    List<Figure> memory = run.fork(FleetDayBench.OneDay.class, memoryJvm, List.of(Integer.toString(sims), "memory",
        "-"));

    List<Figure> figures = new ArrayList<>();
    int cql = Integer.parseInt(journal.contactPoint().substring(journal.contactPoint().lastIndexOf(':') + 1));
    String host = journal.contactPoint().substring(0, journal.contactPoint().lastIndexOf(':'));
    CqlSchema.apply(List.of(new InetSocketAddress(host, cql)), journal.datacenter(), CqlSchema.simpleReplication(1),
        keyspace, CqlSchema.Retention.DEFAULT, keyspace + "_checkpoints");
    String key = adminKey(journal);
    NodeProcess node = null;
    try (CqlSession session = journal.session()) {
      node = NodeProcess.start(Path.of("var", "bench-durable-day", keyspace), journal.contactPoint(), keyspace, out);
      NodeHttp http = new NodeHttp(node.api(), key);
      ReadSideRows rows = new ReadSideRows(session, keyspace);
      DurableDaySteps steps = new DurableDaySteps(node, http, rows, out, sims);
      node.awaitReady(http, Duration.ofMinutes(5));

      // The simulated day, written at full speed while the node's projections follow it.
      out.printf("-- %s × 24 h into keyspace %s, the node following%n", label, keyspace);
      out.flush();
      PromText beforeSim = http.metrics();
      double cpuBefore = node.cpuSeconds();
      BenchRun onKeyspace = new BenchRun(run.profile(), run.benchIndex(), run.runIndex(), journal, out);
      List<String> durableJvm = new ArrayList<>(simJvm);
      durableJvm.add("-Dsimwarden.sim.slice-tags=every-event");
      CompletableFuture<List<Figure>> simulation = CompletableFuture.supplyAsync(() -> {
        try {
          return onKeyspace.fork(FleetDayBench.OneDay.class, durableJvm, List.of(Integer.toString(sims), "cassandra",
              "-"));
        } catch (Exception e) {
          throw new CompletionException(e);
        }
      });
      Map<String, List<Double>> gaugeSamples = new TreeMap<>();
      long lastPrint = System.nanoTime();
      while (!simulation.isDone()) {
        Thread.sleep(1000);
        Map<String, Double> gauges;
        try {
          gauges = http.metrics().values(LAG_GAUGE, "projection");
        } catch (java.io.IOException slow) {
          // A scrape that times out on a saturated box is skipped; the histograms hold every event anyway.
          continue;
        }
        gauges.forEach((p, v) -> gaugeSamples.computeIfAbsent(p, x -> new ArrayList<>()).add(v));
        if (System.nanoTime() - lastPrint > 60e9) {
          out.printf("   node: lag gauges (s) %s, CPU %.0f s%n", gauges, node.cpuSeconds() - cpuBefore);
          out.flush();
          lastPrint = System.nanoTime();
        }
      }
      List<Figure> durable = simulation.join();
      long simEnd = System.nanoTime();
      PromText atEnd = http.metrics();
      double nodeCpu = node.cpuSeconds() - cpuBefore;
      DurableDaySteps.Lag busy = DurableDaySteps.Lag.between(beforeSim, atEnd);
      // The histogram's p99 is an interpolation inside a bucket up to 1.5 times as wide as its lower bound. The
      // gauges, scraped each second, give the lag itself at that moment.
      Map<String, Double> sampledP99 = new TreeMap<>();
      gaugeSamples.forEach((p, v) -> sampledP99.put(p, PromText.quantile(v, 0.99)));
      String worst = sampledP99.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey)
          .orElse(busy.worst());
      double worstP99 = sampledP99.getOrDefault(worst, busy.worstP99());
      out.printf("while the simulator wrote: histograms: %s%n  p99 of the lag gauges scraped each second: %s; node "
          + "CPU %.0f s%n", busy.describe(), sampledP99, nodeCpu);
      figures.add(new Figure("wall", "wall time, 24 h, Cassandra + node", durable.get(0).value(),
          "the same fleet on the memory journal", memory.get(0).value(), "s"));
      figures.add(new Figure("rate", "commands/s, 24 h, Cassandra + node", durable.get(1).value(),
          "the same fleet on the memory journal", memory.get(1).value(), "commands/s"));
      figures.add(new Figure("lag.busy", "lag p99 while the simulator writes (" + worst + ")", worstP99,
          "tag delay + poll interval (configured)", floor, "s"));
      largest.put("sims", (double) sims);
      largest.put("commands", durable.get(0).value() * durable.get(1).value());
      largest.put("durable", durable.get(1).value());
      largest.put("memory", memory.get(1).value());

      figures.addAll(catchUp(rows, http, simEnd, atEnd, durable.get(0).value(), out));

      DurableDaySteps.Idle idle = steps.idle(20);
      figures.add(new Figure("idle.cpu", "node CPU, 20 s without events", idle.cpuSeconds(), "one core for 20 s", 20,
          "CPU s"));
      if (!idle.reads().isEmpty() || !rows.readCounts().isEmpty()) {
        figures.add(new Figure("idle.reads", "journal (messages) reads, 20 s without events", idle.journalReads(),
            "every read of the keyspace meanwhile", idle.allReads(), "reads"));
      }

      DurableDaySteps.Picked picked = steps.pickActive(5, sims);
      double[] fresh = steps.summaryFreshness(picked);
      figures.add(new Figure("summary.fresh", "suspension in the fleet summary (median of " + fresh.length + ")",
          fresh[fresh.length / 2], "tag delay + poll interval (configured)", floor, "s"));
      DurableDaySteps.Lag low = steps.lowRate(picked, 4, 20, Duration.ofMillis((long) (floor * 1000) + 3000));
      figures.add(new Figure("lag.low", "lag p99 at 4 commands/s (" + low.worst() + ")", low.worstP99(),
          "tag delay + poll interval (configured)", floor, "s"));

      out.flush();
      try {
        figures.addAll(ForensicTimings.measure(journal, keyspace, System.out));
      } catch (Exception failed) {
        // The other figures of this size (the restart below) still count; the failure is in the output.
        System.out.flush();
        out.println("forensic timings failed, no forensic figures for " + label + ": " + failed);
      }
      System.out.flush();

      DurableDaySteps.Restart restart = steps.restart(1000, 250, sims + 1L);
      ReadSideRows.Read raw = rawRecovery(rows, restart.persistenceIds(), "the same SIMs'", out);
      figures.add(new Figure("restart.start", "1,000 random SIMs answer, from kill -9 + restart",
          restart.allAnswered(), "raw driver reads, 1,000 in flight", raw.seconds(), "s"));
      figures.add(new Figure("restart.ready", "1,000 random SIMs answer, from /ready",
          restart.allAnswered() - restart.ready(), "raw driver reads, 1,000 in flight", raw.seconds(), "s"));
      if (!restart.warmPersistenceIds().isEmpty()) {
        // Only where the fleet has SIMs besides the first 1,000 (not at 1 k).
        ReadSideRows.Read rawWarm = rawRecovery(rows, restart.warmPersistenceIds(), "the other SIMs'", out);
        figures.add(new Figure("restart.warm", "1,000 other random SIMs answer, the node warm",
            restart.warmSeconds(), "raw driver reads, 1,000 in flight", rawWarm.seconds(), "s"));
        figures.add(new Figure("restart.cpu", "node CPU from /ready until the first 1,000 SIMs answered",
            restart.cpuAll() - restart.cpuReady(), "node CPU for the other 1,000, the node warm", restart.warmCpu(),
            "CPU s"));
      }
    } catch (Exception | Error e) {
      if (node != null) {
        out.println("the node's last lines:\n" + node.tail());
      }
      throw e;
    } finally {
      if (node != null) {
        node.close();
      }
      drop(journal);
    }
    List<Figure> named = new ArrayList<>();
    for (Figure f : figures) {
      named.add(new Figure(size + "." + f.key(), f.what().startsWith(label) ? f.what() : label + ": " + f.what(),
          f.value(), f.limitWhat(), f.limit(), f.unit()));
    }
    return named;
  }

  /**
   * From the simulation's end until every projection's saved offset reached its slice's newest tag row: the time
   * and the events/s of the slowest projection, each beside reading as many tag rows raw.
   */
  /** The limit of a restart: the same SIMs' snapshots and later events read with the driver, 1,000 in flight. */
  private static ReadSideRows.Read rawRecovery(ReadSideRows rows, List<String> persistenceIds, String whose,
      PrintWriter out) throws InterruptedException {
    ReadSideRows.Read raw = rows.rawRecovery(persistenceIds, 1000);
    out.printf("raw reads of %s snapshots and later events: %,d rows in %.2f s%n", whose, raw.rows(), raw.seconds());
    return raw;
  }

  private static List<Figure> catchUp(ReadSideRows rows, NodeHttp http, long simEnd, PromText atEnd, double simWall,
      PrintWriter out) throws Exception {
    ReadSideRows.SliceTags tags = rows.sliceTags();
    Map<String, Double> caughtUp = new HashMap<>();
    long deadline = simEnd + (long) (Math.max(900, 3 * simWall) * 1e9);
    long lastPrint = System.nanoTime();
    while (caughtUp.size() < ReadSideRows.PROJECTIONS.size()) {
      Map<String, Integer> slices = rows.slicesCaughtUp(tags.newest());
      for (Map.Entry<String, Integer> p : slices.entrySet()) {
        if (p.getValue() == 8 && !caughtUp.containsKey(p.getKey())) {
          caughtUp.put(p.getKey(), (System.nanoTime() - simEnd) / 1e9);
        }
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the projections did not catch up within " + (deadline - simEnd) / 1_000_000_000L
            + " s of the simulation's end; slices caught up: " + slices);
      }
      if (System.nanoTime() - lastPrint > 30e9) {
        out.printf("   catching up (slices at their newest row): %s%n", slices);
        out.flush();
        lastPrint = System.nanoTime();
      }
      Thread.sleep(250);
    }
    DurableDaySteps.Lag after = DurableDaySteps.Lag.between(atEnd, http.metrics());
    String slowest = caughtUp.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
    double seconds = caughtUp.get(slowest);
    double handled = after.handled().get(slowest);
    double backlog = after.handled().values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
    out.printf("caught up after the simulation (s): %s; events handled meanwhile: %s%n", caughtUp, after.handled());
    ReadSideRows.Read raw = backlog < 1 ? new ReadSideRows.Read(0, 0) : rows.rawTagRows(tags, (long) backlog);
    out.printf("raw driver read of %,d tag rows (%d partitions of the slice tags): %.2f s, %,.0f rows/s%n",
        raw.rows(), tags.partitions(), raw.seconds(), raw.perSecond());
    out.flush();
    return List.of(
        new Figure("catchup.wall", "every projection caught up, after the simulation", Math.max(0, seconds),
            String.format(Locale.ROOT, "raw read of as many tag rows (%,.0f)", backlog), raw.seconds(), "s"),
        new Figure("catchup.rate", "events/s handled catching up (" + slowest + ")",
            seconds > 0 ? handled / seconds : 0, "raw driver read of the tag rows, 8 slices at once",
            raw.perSecond(), "events/s"));
  }

  /**
   * The fleet sizes {@code -D}{@value #SIZES} names (comma-separated SIM counts, e.g. {@code 200000} to run the
   * large size alone), or the profile's.
   */
  static List<Integer> sizes(String property, List<Integer> profile) {
    if (property == null || property.isBlank()) {
      return profile;
    }
    List<Integer> sizes = new ArrayList<>();
    for (String part : property.split(",")) {
      try {
        int n = Integer.parseInt(part.strip());
        if (n < 100 || n > 10_000_000) {
          throw new NumberFormatException();
        }
        sizes.add(n);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(SIZES + ": \"" + part.strip() + "\" is not a fleet size; give SIM counts "
            + "of 100 to 10,000,000 separated by commas, e.g. 20000,200000");
      }
    }
    return sizes;
  }

  /** The least lag the configuration allows: the tag query's eventual-consistency delay plus its poll interval. */
  static double floorSeconds(Config journal) {
    try {
      return journal.getDuration("pekko.persistence.cassandra.events-by-tag.eventual-consistency-delay").toMillis()
          / 1000.0 + journal.getDuration("pekko.persistence.cassandra.query.refresh-interval").toMillis() / 1000.0;
    } catch (RuntimeException notSet) {
      return 3.0;
    }
  }

  /** An admin key for every organisation with a high rate limit, created as {@code simwarden apikey create} does. */
  private static String adminKey(BenchJournal journal) {
    StringWriter token = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine apikey = new CommandLine(new ApiKeyCommand());
    apikey.setOut(new PrintWriter(token, true));
    apikey.setErr(new PrintWriter(err, true));
    int code = apikey.execute("create", "--role", "admin", "--org", "*", "--name", "durable-day bench", "--by",
        "bench", "--rate-limit", "100000", "--cassandra", journal.contactPoint(), "--cassandra-dc",
        journal.datacenter(), "--keyspace", journal.keyspace());
    if (code != 0) {
      throw new IllegalStateException("creating the admin key failed: " + err.toString().strip());
    }
    return token.toString().strip();
  }

  /** Drops the run's keyspaces: the journal's, its snapshots and raw ones ({@link BenchJournal#drop}), checkpoints. */
  private static void drop(BenchJournal journal) {
    journal.drop();
    try (CqlSession session = journal.session()) {
      session.execute(SimpleStatement.newInstance("DROP KEYSPACE IF EXISTS " + journal.keyspace() + "_checkpoints")
          .setTimeout(Duration.ofSeconds(60)));
    }
  }
}
