package io.simwarden.loadtest.bench;

import io.simwarden.core.entity.SimEntity;
import io.simwarden.sim.archetype.Identities;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;

/**
 * The measurements of the durable-day bench on a node whose projections caught up with a simulated day: the fleet
 * summary's freshness, projection lag at a low write rate, an idle node, and a restart after {@code kill -9}. Each
 * step prints what it saw; the bench turns the results into figures.
 */
final class DurableDaySteps {

  private static final String LAG = "simwarden_projection_lag_seconds";

  private final NodeProcess node;
  private final NodeHttp http;
  private final ReadSideRows rows;
  private final PrintWriter out;
  private final int sims;

  DurableDaySteps(NodeProcess node, NodeHttp http, ReadSideRows rows, PrintWriter out, int sims) {
    this.node = node;
    this.http = http;
    this.rows = rows;
    this.out = out;
    this.sims = sims;
  }

  /** The p99 of each projection's lag histogram between two scrapes, and the worst of them. */
  record Lag(Map<String, Double> p99, Map<String, Double> handled, Map<String, String> bucket) {
    static Lag between(PromText before, PromText after) {
      Map<String, Double> p99 = new TreeMap<>();
      Map<String, Double> handled = new TreeMap<>();
      Map<String, String> bucket = new TreeMap<>();
      for (String p : ReadSideRows.PROJECTIONS) {
        PromText.Histogram h = after.histogram(LAG, "projection", p).minus(before.histogram(LAG, "projection", p));
        handled.put(p, h.count());
        p99.put(p, h.quantile(0.99));
        bucket.put(p, h.bucketOf(0.99));
      }
      return new Lag(p99, handled, bucket);
    }

    /** The projection with the highest p99 (NaN, no events handled, counts as 0). */
    String worst() {
      return p99.entrySet().stream().max(Map.Entry.comparingByValue((a, b) -> Double.compare(zero(a), zero(b))))
          .map(Map.Entry::getKey).orElseThrow();
    }

    double worstP99() {
      return zero(p99.get(worst()));
    }

    String describe() {
      StringBuilder s = new StringBuilder();
      for (String p : p99.keySet()) {
        s.append(String.format("%s p99 %.2f s (bucket %s s) over %,.0f events; ", p, p99.get(p), bucket.get(p),
            handled.get(p)));
      }
      return s.toString();
    }

    private static double zero(double v) {
      return Double.isNaN(v) ? 0 : v;
    }
  }

  /** The SIMs the freshness and low-rate steps command: ACTIVE ones, by IMSI, with their organisation. */
  record Picked(List<String> imsis, List<String> organisations) {}

  /** Up to {@code n} random ACTIVE SIMs of the simulated fleet (asked over HTTP). */
  Picked pickActive(int n, long seed) throws Exception {
    Random random = new Random(seed);
    List<String> imsis = new ArrayList<>();
    List<String> orgs = new ArrayList<>();
    for (int tries = 0; tries < 200 && imsis.size() < n; tries++) {
      String imsi = Identities.imsi(random.nextInt(sims));
      NodeHttp.Answer a = http.get("/api/v1/sims/" + imsi);
      if (a.status() == 200 && a.json().path("status").asText().equals("ACTIVE") && !imsis.contains(imsi)) {
        imsis.add(imsi);
        orgs.add(a.json().path("organisation").asText());
      }
    }
    if (imsis.isEmpty()) {
      throw new IllegalStateException("no ACTIVE SIM among 200 random ones of the simulated fleet");
    }
    return new Picked(imsis, orgs);
  }

  /**
   * Suspends each picked SIM over HTTP and polls {@code GET /api/v1/fleet/summary} (every 50 ms) until its
   * organisation's SUSPENDED count shows it: seconds from the suspension's answer (the event journaled) to the
   * summary that counts it, one per SIM, sorted.
   */
  double[] summaryFreshness(Picked picked) throws Exception {
    double[] seconds = new double[picked.imsis().size()];
    for (int i = 0; i < seconds.length; i++) {
      String org = picked.organisations().get(i);
      long before = suspended(org);
      long asked = System.nanoTime();
      NodeHttp.Answer a = http.post("/api/v1/sims/" + picked.imsis().get(i) + "/suspend",
          "{\"reason\": \"durable-day bench\"}");
      if (a.status() / 100 != 2) {
        throw new IllegalStateException("suspending " + picked.imsis().get(i) + " answered " + a.status() + ": "
            + a.body());
      }
      long journaled = System.nanoTime();
      long deadline = journaled + TimeUnit.SECONDS.toNanos(120);
      while (suspended(org) < before + 1) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("the fleet summary did not count the suspension of "
              + picked.imsis().get(i) + " within 120 s");
        }
        Thread.sleep(50);
      }
      seconds[i] = (System.nanoTime() - journaled) / 1e9;
      out.printf("suspended %s (%s): answered in %.2f s, in the fleet summary %.2f s later%n",
          picked.imsis().get(i), org, (journaled - asked) / 1e9, seconds[i]);
    }
    out.flush();
    Arrays.sort(seconds);
    return seconds;
  }

  private long suspended(String organisation) throws Exception {
    NodeHttp.Answer a = http.get("/api/v1/fleet/summary");
    if (a.status() != 200) {
      throw new IllegalStateException("GET /api/v1/fleet/summary answered " + a.status() + ": " + a.body());
    }
    return a.json().path("organisations").path(organisation).path("SUSPENDED").asLong(0);
  }

  /**
   * {@code perSecond} commands a second for {@code seconds} over HTTP (the picked SIMs, resumed and suspended in
   * turn; they start suspended), then the lag of the events they wrote, as the node's histograms saw it once they
   * were all handled ({@code settle} later).
   */
  Lag lowRate(Picked picked, int perSecond, int seconds, Duration settle) throws Exception {
    PromText before = http.metrics();
    int commands = perSecond * seconds;
    boolean[] suspended = new boolean[picked.imsis().size()];
    Arrays.fill(suspended, true);
    long start = System.nanoTime();
    long periodNanos = 1_000_000_000L / perSecond;
    for (int i = 0; i < commands; i++) {
      long due = start + i * periodNanos;
      long wait = due - System.nanoTime();
      if (wait > 0) {
        TimeUnit.NANOSECONDS.sleep(wait);
      }
      int sim = i % suspended.length;
      String verb = suspended[sim] ? "resume" : "suspend";
      NodeHttp.Answer a = http.post("/api/v1/sims/" + picked.imsis().get(sim) + "/" + verb, verb.equals("resume")
          ? "{}" : "{\"reason\": \"durable-day bench\"}");
      if (a.status() / 100 != 2) {
        throw new IllegalStateException(verb + " of " + picked.imsis().get(sim) + " answered " + a.status() + ": "
            + a.body());
      }
      suspended[sim] = !suspended[sim];
    }
    double took = (System.nanoTime() - start) / 1e9;
    Thread.sleep(settle.toMillis());
    Lag lag = Lag.between(before, http.metrics());
    out.printf("low rate: %d commands in %.1f s (%.1f/s); %s%n", commands, took, commands / took, lag.describe());
    out.flush();
    return lag;
  }

  /** What an idle node costs over {@code seconds}: its CPU seconds, and Cassandra's reads per table. */
  record Idle(double cpuSeconds, Map<String, Long> reads) {
    long journalReads() {
      return reads.getOrDefault("messages", 0L);
    }

    long allReads() {
      return reads.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  /** Nothing is written or asked for {@code seconds}: the node's CPU and the keyspace's reads meanwhile. */
  Idle idle(int seconds) throws InterruptedException {
    Map<String, Long> readsBefore = rows.readCounts();
    double cpuBefore = node.cpuSeconds();
    Thread.sleep(seconds * 1000L);
    double cpu = node.cpuSeconds() - cpuBefore;
    Map<String, Long> readsAfter = rows.readCounts();
    Map<String, Long> reads = new TreeMap<>();
    for (Map.Entry<String, Long> e : readsAfter.entrySet()) {
      long n = e.getValue() - readsBefore.getOrDefault(e.getKey(), 0L);
      if (n > 0) {
        reads.put(e.getKey(), n);
      }
    }
    out.printf("idle %d s: node CPU %.2f s; Cassandra reads of the keyspace by table: %s%s%n", seconds, cpu, reads,
        readsAfter.isEmpty() ? " (Cassandra serves no read counters here)" : "");
    out.flush();
    return new Idle(cpu, reads);
  }

  /**
   * Seconds from the restart to the node's readiness and to the last of the SIMs' answers, the node's CPU seconds
   * until then, and the same for as many other SIMs asked once the first ones answered (the node warm: its JIT
   * compilers have compiled the paths, the projections have started).
   */
  record Restart(double ready, double allAnswered, double cpuReady, double cpuAll, List<String> persistenceIds,
      double warmSeconds, double warmCpu, List<String> warmPersistenceIds) {}

  /**
   * {@code kill -9} of the node, started again at once; then {@code count} random SIMs of the fleet asked over HTTP
   * ({@code GET /api/v1/sims/{imsi}}, {@code inFlight} at once, each asked again every 200 ms until it answers
   * 200); then up to {@code count} other random SIMs the same way (none when the first ones are the whole fleet).
   */
  Restart restart(int count, int inFlight, long seed) throws Exception {
    Random random = new Random(seed);
    Set<Integer> chosen = new LinkedHashSet<>();
    while (chosen.size() < Math.min(count, sims)) {
      chosen.add(random.nextInt(sims));
    }
    Set<Integer> others = new LinkedHashSet<>();
    while (others.size() < Math.min(count, sims - chosen.size())) {
      int sim = random.nextInt(sims);
      if (!chosen.contains(sim)) {
        others.add(sim);
      }
    }
    List<String> imsis = chosen.stream().map(Identities::imsi).toList();
    List<String> warm = others.stream().map(Identities::imsi).toList();
    node.kill9();
    long start = System.nanoTime();
    node.restart(out);
    node.awaitReady(http, Duration.ofMinutes(10));
    double ready = (System.nanoTime() - start) / 1e9;
    double cpuReady = node.cpuSeconds();
    Map<Integer, Long> answers = askAll(imsis, inFlight);
    double all = (System.nanoTime() - start) / 1e9;
    double cpuAll = node.cpuSeconds();
    out.printf("restart after kill -9: ready after %.1f s, %,d random SIMs answered 200 after %.1f s (answers by "
        + "status, -1 none: %s); node CPU %.1f s until ready, %.1f s more until the last answer%n", ready,
        imsis.size(), all, answers, cpuReady, cpuAll - cpuReady);
    double warmSeconds = 0;
    double warmCpu = 0;
    if (warm.isEmpty()) {
      out.println("no other SIMs in the fleet to ask once the node is warm");
    } else {
      long warmStart = System.nanoTime();
      Map<Integer, Long> warmAnswers = askAll(warm, inFlight);
      warmSeconds = (System.nanoTime() - warmStart) / 1e9;
      warmCpu = node.cpuSeconds() - cpuAll;
      out.printf("then %,d other random SIMs answered 200 after %.1f s (answers by status: %s); node CPU %.1f s%n",
          warm.size(), warmSeconds, warmAnswers, warmCpu);
    }
    out.flush();
    return new Restart(ready, all, cpuReady, cpuAll, pids(imsis), warmSeconds, warmCpu, pids(warm));
  }

  /** Asks each SIM until it answers 200 (at most 10 minutes): the answers by status. */
  private Map<Integer, Long> askAll(List<String> imsis, int inFlight) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
    Map<Integer, Long> answers = new ConcurrentSkipListMap<>();
    BenchFleet.inFlight(0, imsis.size(), inFlight, i -> answered("/api/v1/sims/" + imsis.get((int) i), deadline,
        answers));
    return answers;
  }

  private static List<String> pids(List<String> imsis) {
    return imsis.stream().map(i -> SimEntity.persistenceId(i).id()).toList();
  }

  private CompletableFuture<Void> answered(String path, long deadline, Map<Integer, Long> answers) {
    return http.getStatus(path).thenCompose(status -> {
      answers.merge(status, 1L, Long::sum);
      if (status == 200) {
        return CompletableFuture.completedFuture(null);
      }
      if (System.nanoTime() > deadline) {
        return CompletableFuture.failedFuture(new IllegalStateException(path + " still answered " + status
            + " 10 minutes after the restart"));
      }
      return CompletableFuture.runAsync(() -> { }, CompletableFuture.delayedExecutor(200, TimeUnit.MILLISECONDS))
          .thenCompose(x -> answered(path, deadline, answers));
    });
  }
}
