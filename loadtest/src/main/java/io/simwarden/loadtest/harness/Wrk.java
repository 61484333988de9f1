package io.simwarden.loadtest.harness;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The closed-model HTTP load generator {@code wrk} (Debian's package): a fixed number of connections, each sending
 * its next request as soon as the last one is answered, from threads written in C with an event loop, so that the
 * server, not the generator, is what saturates. Requests come from a Lua script where one is given.
 */
public final class Wrk {

  /** Where Debian installs it. */
  public static final Path BINARY = Path.of("/usr/bin/wrk");

  /** One run's result: throughput, latency percentiles, and the answers that do not count. */
  public record Result(double requestsPerSecond, double p50Millis, double p99Millis, long requests, long non2xx,
      long socketErrors) {
    /** Every request answered with a 2xx: only then is the throughput the route's. */
    public boolean clean() {
      return non2xx == 0 && socketErrors == 0 && requests > 0;
    }
  }

  private Wrk() {}

  /** Fails with what to do when wrk is not installed. */
  public static void requireInstalled() {
    if (!Files.isExecutable(BINARY)) {
      throw new IllegalStateException("this benchmark drives HTTP with wrk, which is not installed (" + BINARY
          + "): apt-get install -y wrk");
    }
  }

  /**
   * Runs {@code wrk} against {@code url} with {@code connections} connections on {@code threads} threads for
   * {@code seconds}; {@code script} (may be null) is a Lua file, {@code env} its environment.
   */
  public static Result run(String url, int threads, int connections, int seconds, Path script, Map<String, String> env)
      throws IOException, InterruptedException {
    requireInstalled();
    List<String> command = new ArrayList<>(List.of(BINARY.toString(), "-t" + threads, "-c" + connections,
        "-d" + seconds + "s", "--timeout", "10s", "--latency"));
    if (script != null) {
      command.addAll(List.of("-s", script.toString()));
    }
    command.add(url);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(env);
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(seconds + 60L, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("wrk did not end within " + (seconds + 60) + " s");
    }
    if (process.exitValue() != 0) {
      throw new IllegalStateException("wrk exited with " + process.exitValue() + ":\n" + output);
    }
    return parse(output);
  }

  private static final Pattern RATE = Pattern.compile("(?m)^Requests/sec:\\s+([0-9.]+)");
  private static final Pattern REQUESTS = Pattern.compile("(?m)^\\s+(\\d+) requests in ");
  private static final Pattern NON_2XX = Pattern.compile("(?m)^\\s+Non-2xx or 3xx responses: (\\d+)");
  private static final Pattern SOCKET_ERRORS =
      Pattern.compile("(?m)^\\s+Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");

  /** Reads wrk's report (as printed with {@code --latency}). */
  static Result parse(String output) {
    Matcher rate = RATE.matcher(output);
    Matcher requests = REQUESTS.matcher(output);
    if (!rate.find() || !requests.find()) {
      throw new IllegalStateException("wrk printed no throughput:\n" + output);
    }
    long non2xx = 0;
    Matcher bad = NON_2XX.matcher(output);
    if (bad.find()) {
      non2xx = Long.parseLong(bad.group(1));
    }
    long socketErrors = 0;
    Matcher errors = SOCKET_ERRORS.matcher(output);
    if (errors.find()) {
      for (int g = 1; g <= 4; g++) {
        socketErrors += Long.parseLong(errors.group(g));
      }
    }
    return new Result(Double.parseDouble(rate.group(1)), percentile(output, "50"), percentile(output, "99"),
        Long.parseLong(requests.group(1)), non2xx, socketErrors);
  }

  private static double percentile(String output, String pct) {
    Matcher m = Pattern.compile("(?m)^\\s+" + pct + "%\\s+([0-9.]+)(us|ms|s)\\s*$").matcher(output);
    if (!m.find()) {
      throw new IllegalStateException("wrk printed no " + pct + "th percentile:\n" + output);
    }
    double v = Double.parseDouble(m.group(1));
    return switch (m.group(2).toLowerCase(Locale.ROOT)) {
      case "us" -> v / 1000;
      case "ms" -> v;
      default -> v * 1000;
    };
  }
}
