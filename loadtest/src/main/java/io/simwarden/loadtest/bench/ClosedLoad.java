package io.simwarden.loadtest.bench;

import io.simwarden.loadtest.harness.BenchRun;
import io.simwarden.loadtest.harness.Figure;
import io.simwarden.loadtest.harness.Wrk;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

/**
 * The closed-model half of {@link HttpBench}: the highest throughput of {@code GET /api/v1/sims/{imsi}} with a fixed
 * number of connections, driven by {@link Wrk}, beside {@code GET /alive} on the same node with the same connections
 * in the same minute (the HTTP stack's and the generator's ceiling).
 */
final class ClosedLoad {

  static final String DESCRIPTION = "Closed model: wrk (Debian's package; 2 threads; quick 8 connections for 2 s, "
      + "full 32 and 128 connections for 15 s each) drives `GET /api/v1/sims/{imsi}` (a random provisioned SIM per "
      + "request, from a Lua script) and, right before it with the same connections, Pekko Management's `GET /alive`: "
      + "the throughput and latency of the route beside the stack's own ceiling. With the full profile a first, "
      + "untimed GET run with the most connections warms the node's JIT compilers up.";

  private static final String SCRIPT = "simwarden/bench/get-sim.lua";
  private static final int THREADS = 2;

  private ClosedLoad() {}

  static List<Figure> run(BenchRun run, Path dir, String url, String alive, String key, long base, int sims)
      throws IOException, InterruptedException {
    Wrk.requireInstalled();
    Path imsis = dir.resolve("imsis.txt");
    Files.writeString(imsis, LongStream.range(base, base + sims).mapToObj(BenchFleet::imsi)
        .collect(Collectors.joining("\n", "", "\n")));
    Path script = dir.resolve("get-sim.lua");
    try (InputStream in = ClosedLoad.class.getClassLoader().getResourceAsStream(SCRIPT)) {
      Files.copy(in, script);
    }
    Map<String, String> env = Map.of("SIMWARDEN_IMSIS", imsis.toString(), "SIMWARDEN_KEY", key);
    int seconds = run.profile().pick(2, 15);
    List<Integer> connections = run.profile().pick(List.of(8), List.of(32, 128));
    List<Figure> figures = new ArrayList<>();
    try {
      if (run.profile().pick(false, true)) {
        int most = connections.get(connections.size() - 1);
        Wrk.Result warmUp = Wrk.run(url + "/api/v1/sims", THREADS, most, seconds, script, env);
        run.out().printf(Locale.ROOT, "wrk warm-up, %d connections, not timed: GET %,.0f req/s%n", most,
            warmUp.requestsPerSecond());
      }
      for (int c : connections) {
        Wrk.Result ceiling = Wrk.run(alive, THREADS, c, seconds, null, Map.of());
        Wrk.Result get = Wrk.run(url + "/api/v1/sims", THREADS, c, seconds, script, env);
        run.out().printf(Locale.ROOT, "wrk, %d connections: GET %,.0f req/s (%,d requests, %d not 2xx, %d socket "
                + "errors), /alive %,.0f req/s%n", c, get.requestsPerSecond(), get.requests(), get.non2xx(),
            get.socketErrors(), ceiling.requestsPerSecond());
        requireClean("GET /api/v1/sims/{imsi}", c, get);
        requireClean("/alive", c, ceiling);
        String at = c + " connections";
        figures.add(new Figure("http.closed.get.c" + c + ".rate", "GET, wrk " + at, get.requestsPerSecond(),
            "/alive, wrk " + at, ceiling.requestsPerSecond(), "req/s"));
        figures.add(new Figure("http.closed.get.c" + c + ".p50", "GET p50, wrk " + at, get.p50Millis(),
            "/alive p50", ceiling.p50Millis(), "ms"));
        figures.add(new Figure("http.closed.get.c" + c + ".p99", "GET p99, wrk " + at, get.p99Millis(),
            "/alive p99", ceiling.p99Millis(), "ms"));
      }
    } finally {
      Files.deleteIfExists(imsis);
      Files.deleteIfExists(script);
    }
    return figures;
  }

  /** A throughput that includes refusals or errors would be another route's: the run fails instead. */
  private static void requireClean(String route, int connections, Wrk.Result result) {
    if (!result.clean()) {
      throw new IllegalStateException(route + " with " + connections + " connections: " + result.non2xx()
          + " answers not 2xx and " + result.socketErrors() + " socket errors out of " + result.requests()
          + " requests; the throughput would not be the route's");
    }
  }
}
