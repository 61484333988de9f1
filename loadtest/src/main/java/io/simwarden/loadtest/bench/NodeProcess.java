package io.simwarden.loadtest.bench;

import io.simwarden.node.Node;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A {@code simwarden node} in a JVM of its own, as a user runs it ({@code io.simwarden.node.Main --config FILE
 * --cassandra HOST:PORT --keyspace K}): a cluster of one (its own address as its single seed node), free ports,
 * every event tagged with its slice ({@code simwarden.sim.slice-tags = every-event}) so that all four projections
 * run. Killed with SIGKILL and started again on the same file for the restart; {@link #close} stops it whatever
 * happened (SIGTERM, then SIGKILL after 30 s), and a shutdown hook does the same if the bench itself is stopped.
 */
final class NodeProcess implements AutoCloseable {

  /** The node's JVM options: the heap of {@code simwarden cluster up}'s nodes, doubled for the 200 k-SIM fleet. */
  static final List<String> JVM = List.of("-Xmx2g", "-XX:+UseParallelGC");

  final int artery;
  final int http;
  final int management;
  private final Path config;
  private final Path log;
  private final List<String> command;
  private final Thread hook;
  private Process process;
  private int starts;

  private NodeProcess(Path dir, String cassandra, String keyspace) throws IOException {
    artery = freePort();
    http = freePort();
    management = freePort();
    Files.createDirectories(dir);
    config = dir.resolve("node.conf");
    log = dir.resolve("node.log");
    // The tag queries start at this bucket: an hour before the run, as a production node configured near its
    // journal's first events (walking the hourly buckets since the default first bucket would be start-up work
    // that has nothing to do with this journal).
    String firstBucket = DateTimeFormatter.ofPattern("yyyyMMdd'T'HH:mm").withZone(ZoneOffset.UTC)
        .format(Instant.now().minus(Duration.ofHours(1)));
    Files.writeString(config, "# A node of 'simwarden bench durable-day': a cluster of its own.\n"
        + "pekko.remote.artery.canonical.port = " + artery + "\n"
        + "pekko.cluster.seed-nodes = [\"pekko://" + Node.SYSTEM_NAME + "@127.0.0.1:" + artery + "\"]\n"
        + "pekko.management.http.port = " + management + "\n"
        + "simwarden.http.port = " + http + "\n"
        + "simwarden.sim.slice-tags = every-event\n"
        + "pekko.persistence.cassandra.events-by-tag.first-time-bucket = \"" + firstBucket + "\"\n");
    command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    command.addAll(JVM);
    command.addAll(List.of("-Dslf4j.internal.verbosity=ERROR", "-cp", System.getProperty("java.class.path"),
        "io.simwarden.node.Main", "--config", config.toString(), "--cassandra", cassandra, "--keyspace", keyspace));
    hook = new Thread(this::stopNow, "durable-day-node-stop");
    Runtime.getRuntime().addShutdownHook(hook);
  }

  /** Starts a node on {@code keyspace} of the Cassandra at {@code cassandra}; its file and log go to {@code dir}. */
  static NodeProcess start(Path dir, String cassandra, String keyspace, PrintWriter out) throws IOException {
    NodeProcess node = new NodeProcess(dir, cassandra, keyspace);
    node.launch(out);
    return node;
  }

  private void launch(PrintWriter out) throws IOException {
    starts++;
    process = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(starts == 1 ? ProcessBuilder.Redirect.to(log.toFile()) : ProcessBuilder.Redirect.appendTo(
            log.toFile()))
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
    out.printf("node: started (pid %d, HTTP %d, management %d), log %s%n", process.pid(), http, management, log);
    out.flush();
  }

  /** The API's base URL. */
  String api() {
    return "http://127.0.0.1:" + http;
  }

  /** Waits until the node answers {@code /ready} with 200; fails when it exits first or {@code timeout} passes. */
  void awaitReady(NodeHttp probe, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!probe.ready(management)) {
      if (!process.isAlive()) {
        throw new IllegalStateException("the node exited with " + process.exitValue() + " before it was ready; "
            + "its log: " + log + "\n" + tail());
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the node was not ready within " + timeout.toSeconds() + " s; its log: "
            + log + "\n" + tail());
      }
      Thread.sleep(200);
    }
  }

  /** SIGKILL, as a crash would; returns once the process is gone. */
  void kill9() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  /** Starts the node again on the same file (after {@link #kill9}). */
  void restart(PrintWriter out) throws IOException {
    if (process.isAlive()) {
      throw new IllegalStateException("the node still runs");
    }
    launch(out);
  }

  /**
   * CPU seconds (user + system) the node's process has used, from {@code /proc/<pid>/stat}; {@code NaN} where
   * there is no such file.
   */
  double cpuSeconds() {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
      // Fields after the command name (which may hold spaces) start after the last ')'.
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      // utime and stime are fields 14 and 15 of the whole line: 12 and 13 after the name and state.
      return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
  }

  /** The end of the node's log, for an error message. */
  String tail() {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    } catch (IOException e) {
      return "(cannot read it: " + e.getMessage() + ")";
    }
  }

  @Override
  public void close() {
    stopNow();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // The hook is running or about to: it stops the node.
    }
  }

  private void stopNow() {
    Process p = process;
    if (p == null || !p.isAlive()) {
      return;
    }
    p.destroy();
    try {
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        p.waitFor(30, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    }
  }
}
