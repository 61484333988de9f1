package io.simwarden.node;

import io.simwarden.node.HttpApi.Response;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A load driver that records every acknowledgement: while a fault runs, one thread per node keeps replacing the
 * firewall rules of SIMs (one event each, whose rule id is unique) and keeps each 2xx answer as an {@link Ack}. A
 * write not acknowledged (an error, a timeout, a refused connection) may or may not be journaled; an acknowledged
 * one must be, which {@link JournalAudit} checks from the {@code messages} table.
 */
final class AckedLoad {
  /** A write the API acknowledged: the SIM and the rule id that its event carries. */
  record Ack(int sim, String ruleId) {}

  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration POLL_TIMEOUT = Duration.ofSeconds(3);
  private static final long POLL_MILLIS = 250;

  private final String key;
  private final List<Integer> sims;
  private final ConcurrentLinkedQueue<Ack> acks = new ConcurrentLinkedQueue<>();
  private final AtomicLong sequence = new AtomicLong();
  private final AtomicBoolean running = new AtomicBoolean();
  private final Map<String, AtomicLong> outcomes = new TreeMap<>();
  private final List<Thread> threads = new ArrayList<>();
  private String phase = "";

  AckedLoad(String key, List<Integer> sims) {
    this.key = key;
    this.sims = List.copyOf(sims);
  }

  /** Starts one writing thread per node of {@code via}, each going round the SIMs from its own offset. */
  synchronized void start(String phase, List<HttpApi> via) {
    start(phase, via, null, 0);
  }

  /**
   * The same, plus {@code burst} threads that write through {@code hot} without a pause between requests, so that
   * at any instant several writes are on their way through that node (a fault then lands while its journal holds
   * events it has not sent yet).
   */
  synchronized void start(String phase, List<HttpApi> via, HttpApi hot, int burst) {
    if (running.getAndSet(true)) {
      throw new IllegalStateException("already running " + this.phase);
    }
    this.phase = phase;
    synchronized (outcomes) {
      outcomes.clear();
    }
    threads.clear();
    for (int i = 0; i < via.size(); i++) {
      HttpApi node = via.get(i);
      int offset = i * sims.size() / via.size();
      Thread t = new Thread(() -> {
        int round = offset;
        while (running.get()) {
          String outcome = write(node, sims.get(round++ % sims.size()));
          count(outcome);
          // A few writes a second per node: load, not a benchmark (the box also runs Cassandra and the nodes).
          pause(outcome.equals("2xx") ? 20 : 200);
        }
      }, "acked-load-" + phase + "-" + i);
      t.setDaemon(true);
      t.start();
      threads.add(t);
    }
    for (int i = 0; i < burst; i++) {
      int offset = i * sims.size() / burst;
      Thread t = new Thread(() -> {
        int round = offset;
        while (running.get()) {
          String outcome = write(hot, sims.get(round++ % sims.size()));
          count(outcome);
          if (!outcome.equals("2xx")) {
            pause(200);
          }
        }
      }, "acked-burst-" + phase + "-" + i);
      t.setDaemon(true);
      t.start();
      threads.add(t);
    }
  }

  /** Stops the threads (each ends after its request in flight) and prints what they saw. */
  synchronized void stop() throws InterruptedException {
    running.set(false);
    for (Thread t : threads) {
      t.join(REQUEST_TIMEOUT.toMillis() + 5_000);
    }
    synchronized (outcomes) {
      System.out.printf("load during %s: %s; %d acknowledged writes in all%n", phase, outcomes, acks.size());
    }
  }

  /**
   * Writes to SIM {@code sim} through {@code via} once; "2xx" when acknowledged (and recorded), else the status or
   * the exception's kind.
   */
  String write(HttpApi via, int sim) {
    return write(via, sim, REQUEST_TIMEOUT);
  }

  private String write(HttpApi via, int sim, Duration timeout) {
    String ruleId = String.format("ack-%09d", sequence.incrementAndGet());
    try {
      Response r = via.send(via.request(ClusterFaultKit.path(sim) + "/firewall", key).timeout(timeout)
          .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(rules(ruleId)))
          .build());
      if (r.status() >= 200 && r.status() < 300) {
        acks.add(new Ack(sim, ruleId));
        return "2xx";
      }
      return Integer.toString(r.status());
    } catch (RuntimeException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      return cause.getClass().getSimpleName();
    }
  }

  /**
   * Waits until every SIM answers a GET and an (acknowledged, recorded) write through {@code via}: one poller per SIM,
   * each trying every {@value #POLL_MILLIS} ms with a short timeout, so that the time measured is that of the last
   * SIM to answer, not a sum of timeouts. Fails after {@code ceiling}.
   */
  void awaitEverySim(List<HttpApi> via, Duration ceiling) throws InterruptedException {
    long deadline = System.nanoTime() + ceiling.toNanos();
    ConcurrentLinkedQueue<Integer> silent = new ConcurrentLinkedQueue<>();
    List<Thread> pollers = new ArrayList<>();
    for (int i = 0; i < sims.size(); i++) {
      int sim = sims.get(i);
      int first = i;
      Thread t = new Thread(() -> {
        for (int turn = first; ; turn++) {
          HttpApi node = via.get(turn % via.size());
          if (answers(node, sim) && write(node, sim, POLL_TIMEOUT).equals("2xx")) {
            return;
          }
          if (System.nanoTime() > deadline) {
            silent.add(sim);
            return;
          }
          pause(POLL_MILLIS);
        }
      }, "await-sim-" + sim);
      t.setDaemon(true);
      t.start();
      pollers.add(t);
    }
    for (Thread t : pollers) {
      t.join();
    }
    if (!silent.isEmpty()) {
      throw new AssertionError("SIMs " + silent + " did not answer within " + ceiling);
    }
  }

  private boolean answers(HttpApi via, int sim) {
    try {
      return via.send(via.request(ClusterFaultKit.path(sim), key).timeout(POLL_TIMEOUT).GET().build())
          .status() == 200;
    } catch (RuntimeException e) {
      return false;
    }
  }

  List<Ack> acks() {
    return List.copyOf(acks);
  }

  private void count(String outcome) {
    synchronized (outcomes) {
      outcomes.computeIfAbsent(outcome, o -> new AtomicLong()).incrementAndGet();
    }
  }

  static String rules(String ruleId) {
    return "{\"rules\":[{\"id\":\"" + ruleId + "\",\"priority\":5,\"action\":\"ALLOW\",\"protocol\":\"UDP\","
        + "\"remote\":\"192.0.2.0/24\",\"ports\":\"123\"}]}";
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
