package io.simwarden.loadtest.bench;

import io.simwarden.loadtest.harness.BenchRun;
import io.simwarden.loadtest.harness.Benchmark;
import io.simwarden.loadtest.harness.Chart;
import io.simwarden.loadtest.harness.Figure;
import io.simwarden.loadtest.harness.Summary;
import io.simwarden.node.Node;
import io.simwarden.node.security.ApiKeyStore;
import io.simwarden.node.security.Role;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** HTTP latency at fixed arrival rates against a running node on the Cassandra journal, stepping the rate up. */
public final class HttpBench implements Benchmark {

  private static final double[] PERCENTILES = {50, 99, 99.9};

  @Override
  public String name() {
    return "http";
  }

  @Override
  public String description() {
    return ClosedLoad.DESCRIPTION + " Then, open model: a node (`io.simwarden.node.Node`, its own one-member cluster, HTTP on 127.0.0.1) on the Cassandra "
        + "journal, started in this JVM; SIMs provisioned through the API (quick 100, full 10 k). An open-model "
        + "generator (java.net.http, HdrHistogram, latency from each request's intended start, so corrected for "
        + "coordinated omission) offers fixed rates (quick 50 and 100/s for 2 s; full 100/s doubling up to 12,800/s, "
        + "10 s each) of `GET /api/v1/sims/{imsi}` and of the attach command `POST /api/v1/sims/{imsi}/attach` "
        + "(each alternates the SIM's two devices, so each journals an event), and the same rate of Pekko "
        + "Management's `GET /alive` on the same node: the latency of the HTTP stack with no SIM behind it, the limit, "
        + "and the open-model generator's own ceiling (where /alive stops being sustained, the generator is the limit). "
        + "Stepping stops at the first rate GET or attach cannot sustain (a failure, an unanswered request, or p99 "
        + "over 1 s).";
  }

  @Override
  public String reading() {
    return "wrk's closed-model figures are the node's throughput: wrk against /alive shows how far the stack and "
        + "the generator go with no SIM behind them. "
        + "GET answers from the resident entity (an ask through sharding); the attach also waits for its "
        + "Cassandra write, so its tail follows the journal. On two shared cores the generator, the node and "
        + "Cassandra compete for CPU: the highest sustained rate is a CPU limit of this box, not of the design.";
  }

  @Override
  public boolean needsCassandra() {
    return true;
  }

  @Override
  public List<Figure> run(BenchRun run) throws Exception {
    int sims = run.profile().pick(100, 10_000);
    double seconds = run.profile().pick(2, 10);
    List<Double> rates = new ArrayList<>();
    for (double r = run.profile().pick(50, 100); r <= run.profile().pick(100, 12_800); r *= 2) {
      rates.add(r);
    }
    long base = run.simBase();
    Path file = nodeFile(Files.createTempDirectory("simwarden-bench-http"));
    long started = System.nanoTime();
    Node node = Node.start(Node.config(file, run.journal().config()));
    try {
      InetSocketAddress api = node.apiAddress().toCompletableFuture().join();
      String url = "http://127.0.0.1:" + api.getPort();
      String alive = "http://127.0.0.1:" + node.system().settings().config().getInt("pekko.management.http.port")
          + "/alive";
      String key = new ApiKeyStore(node.system(), Duration.ofSeconds(30))
          .create(Role.OPERATOR, "bench", "bench", 1_000_000, "bench").toCompletableFuture().join().token();
      HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10)).build();
      provision(client, url, key, base, sims);
      run.out().printf("node started and %,d SIMs provisioned through the API in %.0f s%n", sims,
          TrafficBench.seconds(started));
      // Connections, JIT and the shards warm up before the first measured step.
      OpenLoad.run(client, rates.get(0), seconds, i -> HttpRequest.newBuilder(URI.create(alive)).build());
      OpenLoad.run(client, rates.get(0), seconds, i -> attachRequest(url, key, base + i % sims, (int) (i / sims) % 2));
      List<Figure> figures = new ArrayList<>(ClosedLoad.run(run, file.getParent(), url, alive, key, base, sims));
      double sustainedGet = 0;
      double sustainedAttach = 0;
      double sustainedAlive = 0;
      for (double rate : rates) {
        OpenLoad.Result floor = OpenLoad.run(client, rate, seconds, i -> HttpRequest.newBuilder(URI.create(alive))
            .timeout(Duration.ofSeconds(10)).build());
        OpenLoad.Result get = OpenLoad.run(client, rate, seconds, i -> HttpRequest.newBuilder(
                URI.create(url + "/api/v1/sims/" + BenchFleet.imsi(base + i % sims)))
            .header("Authorization", "Bearer " + key).timeout(Duration.ofSeconds(10)).build());
        OpenLoad.Result attach = OpenLoad.run(client, rate, seconds, i -> attachRequest(url, key, base + i % sims,
            (int) (i / sims + 1) % 2));
        run.out().printf(Locale.ROOT, "%,.0f/s: GET %d ok %d failed, attach %d ok %d failed, /alive %d ok%n", rate,
            get.ok(), get.failed(), attach.ok(), attach.failed(), floor.ok());
        add(figures, "get", "GET", rate, get, floor);
        add(figures, "attach", "attach", rate, attach, floor);
        sustainedAlive = floor.sustained() ? rate : sustainedAlive;
        sustainedGet = get.sustained() ? rate : sustainedGet;
        sustainedAttach = attach.sustained() ? rate : sustainedAttach;
        if (!get.sustained() || !attach.sustained()) {
          break;
        }
      }
      figures.add(new Figure("http.sustained.get", "GET: highest rate sustained", sustainedGet,
          "/alive at the same steps", sustainedAlive, "req/s"));
      figures.add(new Figure("http.sustained.attach", "attach: highest rate sustained", sustainedAttach,
          "/alive at the same steps", sustainedAlive, "req/s"));
      return figures;
    } finally {
      node.stop();
      Files.delete(file);
      Files.delete(file.getParent());
    }
  }

  /** Latency over offered rate: GET and attach beside /alive, p50 and p99. */
  @Override
  public List<Chart> charts(List<Summary> medians) {
    List<String> rates = new ArrayList<>();
    for (Summary s : medians) {
      String[] key = s.key().split("\\.", 4);
      if (key[1].equals("get") && key[3].equals("p50")) {
        rates.add(key[2]);
      }
    }
    List<Chart.Series> series = new ArrayList<>();
    for (String pct : List.of("p50", "p99")) {
      series.add(new Chart.Series("GET " + pct, values(medians, "get", rates, pct, false)));
      series.add(new Chart.Series("attach " + pct, values(medians, "attach", rates, pct, false)));
      series.add(new Chart.Series("/alive " + pct, values(medians, "get", rates, pct, true)));
    }
    return List.of(new Chart("http-latency", "HTTP latency over offered rate (medians of the runs)",
        "offered rate, requests/s", "ms", rates, series));
  }

  private static double[] values(List<Summary> medians, String route, List<String> rates, String pct,
      boolean limit) {
    double[] v = new double[rates.size()];
    for (int i = 0; i < rates.size(); i++) {
      String key = "http." + route + "." + rates.get(i) + "." + pct;
      v[i] = medians.stream().filter(s -> s.key().equals(key)).mapToDouble(s -> limit ? s.limit().median()
          : s.value().median()).findFirst().orElse(Double.NaN);
    }
    return v;
  }

  private static void add(List<Figure> figures, String key, String label, double rate, OpenLoad.Result r,
      OpenLoad.Result floor) {
    for (double p : PERCENTILES) {
      String pct = p == 50 ? "p50" : p == 99 ? "p99" : "p99.9";
      figures.add(new Figure(String.format(Locale.ROOT, "http.%s.%.0f.%s", key, rate, pct),
          String.format(Locale.ROOT, "%s %s at %,.0f/s", label, pct, rate), r.percentileMillis(p), "/alive " + pct,
          floor.percentileMillis(p), "ms"));
    }
  }

  private static HttpRequest attachRequest(String url, String key, long n, int device) {
    return HttpRequest.newBuilder(URI.create(url + "/api/v1/sims/" + BenchFleet.imsi(n) + "/attach"))
        .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
        .timeout(Duration.ofSeconds(10))
        .POST(HttpRequest.BodyPublishers.ofString("{\"imei\": \"" + BenchFleet.imei(n, device).value()
            + "\", \"rat\": \"NB_IOT\", \"plmn\": \"20801\", \"apn\": \"bench\"}")).build();
  }

  /** Provisions the SIMs through the API, as an operator would; any refusal stops the benchmark. */
  private static void provision(HttpClient client, String url, String key, long base, int sims)
      throws InterruptedException {
    BenchFleet.inFlight(0, sims, 32, i -> client.sendAsync(HttpRequest.newBuilder(URI.create(url + "/api/v1/sims"))
            .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
            .timeout(Duration.ofSeconds(30))
            .POST(HttpRequest.BodyPublishers.ofString("{\"imsi\": \"" + BenchFleet.imsi(base + i) + "\", \"iccid\": \""
                + BenchFleet.iccid(base + i).value() + "\", \"activate\": true, \"profile\": {\"name\": \"bench\", "
                + "\"services\": [\"DATA\"], \"rats\": [\"NB_IOT\"], \"plmns\": {\"home\": \"20801\"}}}")).build(),
        HttpResponse.BodyHandlers.ofString()).thenAccept(r -> {
          if (r.statusCode() != 201) {
            throw new IllegalStateException("provisioning SIM " + BenchFleet.imsi(base + i) + ": HTTP "
                + r.statusCode() + " " + r.body());
          }
        }));
  }

  /** A node file like local1.conf, on free ports, its own seed; HTTP on a port the OS picks. */
  private static Path nodeFile(Path dir) throws IOException {
    int artery = freePort();
    Path file = dir.resolve("bench-node.conf");
    Files.writeString(file, "pekko.remote.artery.canonical.port = " + artery + "\n"
        + "pekko.cluster.seed-nodes = [\"pekko://" + Node.SYSTEM_NAME + "@127.0.0.1:" + artery + "\"]\n"
        + "pekko.management.http.port = " + freePort() + "\n"
        + "simwarden.http.port = 0\n"
        + "simwarden.sim.ask-timeout = 20s\n");
    return file;
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
