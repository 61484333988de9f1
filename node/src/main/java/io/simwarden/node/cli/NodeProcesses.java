package io.simwarden.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.simwarden.persistence.cassandra.LocalCassandra;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
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
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;

/** The node JVMs of {@link ClusterCommand}: started, watched until they are one cluster, and stopped. */
final class NodeProcesses {

  /** JVM options of each node, unless {@value #JAVA_OPTS_VARIABLE} says otherwise. */
  static final String DEFAULT_JAVA_OPTS = "-Xmx1g -XX:+UseParallelGC";
  static final String JAVA_OPTS_VARIABLE = "SIMWARDEN_NODE_JAVA_OPTS";
  /** The classpath of the node JVMs; this JVM's own unless set (tests run under a launcher of their own). */
  static final String CLASSPATH_PROPERTY = "simwarden.node.classpath";

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private static final ObjectMapper JSON = new ObjectMapper();

  private NodeProcesses() {}

  static void requireFreePorts(CommandLine cli, List<LocalCluster.Member> planned) {
    for (LocalCluster.Member m : planned) {
      for (int port : new int[] {m.clusterPort(), m.httpPort(), m.managementPort()}) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
          socket.setReuseAddress(true);
        } catch (IOException taken) {
          throw new CommandLine.ParameterException(cli, "port " + port + " (node " + m.number() + ") is in use: "
              + "stop what uses it, or choose other ports with --http-port, --management-port and --cluster-port");
        }
      }
    }
  }

  /** Starts one JVM per planned member; the state file lists each as soon as it runs. */
  static LocalCluster start(LocalCluster cluster, List<LocalCluster.Member> planned, PrintWriter out)
      throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classpath = System.getProperty(CLASSPATH_PROPERTY, System.getProperty("java.class.path"));
    String opts = Optional.ofNullable(System.getenv(JAVA_OPTS_VARIABLE)).filter(s -> !s.isBlank())
        .orElse(DEFAULT_JAVA_OPTS);
    List<LocalCluster.Member> running = new ArrayList<>();
    for (LocalCluster.Member m : planned) {
      Path config = m.config(cluster.dir());
      Files.writeString(config, LocalCluster.nodeConfig(m, planned));
      List<String> command = new ArrayList<>(List.of(java));
      command.addAll(List.of(opts.trim().split("\\s+")));
      command.addAll(List.of("-cp", classpath, "io.simwarden.node.Main", "--config", config.toString(),
          "--cassandra", "127.0.0.1:" + cluster.cqlPort()));
      Process p = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(m.log(cluster.dir()).toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File(
              "/dev/null"))).start();
      running.add(new LocalCluster.Member(m.number(), p.pid(), LocalCluster.startedMillis(p.toHandle()),
          m.clusterPort(), m.httpPort(), m.managementPort()));
      cluster = new LocalCluster(cluster.dir(), cluster.cassandraDataDir(), cluster.cqlPort(),
          cluster.cassandraStartedHere(), List.copyOf(running));
      cluster.write();
      out.printf("node %d: started (pid %d), log %s%n", m.number(), p.pid(), m.log(cluster.dir()));
      out.flush();
    }
    return cluster;
  }

  /** Waits until every node is ready and sees all of them Up; fails when a node exits or time runs out. */
  static void awaitOneCluster(LocalCluster cluster, Duration timeout, PrintWriter out) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    long started = System.nanoTime();
    while (true) {
      for (LocalCluster.Member m : cluster.members()) {
        if (LocalCluster.process(m).isEmpty()) {
          throw new IllegalStateException("node " + m.number() + " exited; the end of its log ("
              + m.log(cluster.dir()) + "):\n" + tail(m.log(cluster.dir()), 15));
        }
      }
      if (oneClusterReady(cluster)) {
        out.printf("cluster: %d node(s) Up and ready after %.0f s%n", cluster.members().size(),
            (System.nanoTime() - started) / 1e9);
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the nodes were not one ready cluster within " + timeout.toSeconds()
            + " s; see their logs in " + cluster.dir() + " (a busy machine may need a longer --ready-timeout)");
      }
      Thread.sleep(1000);
    }
  }

  private static boolean oneClusterReady(LocalCluster cluster) {
    TreeSet<String> first = null;
    for (LocalCluster.Member m : cluster.members()) {
      Optional<JsonNode> members = get(m.managementPort(), "/cluster/members").map(NodeProcesses::json);
      if (get(m.managementPort(), "/ready").isEmpty() || members.isEmpty()) {
        return false;
      }
      TreeSet<String> up = new TreeSet<>();
      members.get().path("members").forEach(member -> {
        if (member.path("status").asText().equals("Up")) {
          up.add(member.path("node").asText());
        }
      });
      if (up.size() != cluster.members().size() || first != null && !first.equals(up)) {
        return false;
      }
      first = up;
    }
    return true;
  }

  /** Prints each node's state; true when every node runs, is ready and sees all of them Up. */
  static boolean status(LocalCluster cluster, PrintWriter out) {
    boolean allGood = true;
    for (LocalCluster.Member m : cluster.members()) {
      boolean alive = LocalCluster.process(m).isPresent();
      boolean ready = alive && get(m.managementPort(), "/ready").isPresent();
      int up = alive ? get(m.managementPort(), "/cluster/members").map(NodeProcesses::json)
          .map(j -> upCount(j.path("members"))).orElse(0) : 0;
      allGood &= alive && ready && up == cluster.members().size();
      out.printf("node %d  pid %-8d %-8s %-9s members Up: %d  API http://127.0.0.1:%d/api/v1%n", m.number(),
          m.pid(), alive ? "running" : "stopped", ready ? "ready" : "not ready", up, m.httpPort());
    }
    LocalCassandra.Status cassandra = new LocalCassandra(LocalCassandra.Settings.defaults()
        .withDataDir(cluster.cassandraDataDir())).status();
    out.println("cassandra " + cassandra.describe() + (cluster.cassandraStartedHere() ? " (started by 'cluster up')"
        : " (was already running; 'cluster down' leaves it)"));
    return allGood;
  }

  private static int upCount(JsonNode members) {
    int n = 0;
    for (JsonNode m : members) {
      if (m.path("status").asText().equals("Up")) {
        n++;
      }
    }
    return n;
  }

  /** Stops every node (SIGTERM, then SIGKILL after 30 s) and the Cassandra that 'up' started. */
  static void stop(LocalCluster cluster, PrintWriter out) {
    List<ProcessHandle> stopping = new ArrayList<>();
    for (LocalCluster.Member m : cluster.members()) {
      LocalCluster.process(m).ifPresent(p -> {
        p.destroy();
        stopping.add(p);
      });
    }
    for (ProcessHandle p : stopping) {
      try {
        p.onExit().get(30, TimeUnit.SECONDS);
      } catch (Exception slow) {
        p.destroyForcibly();
        p.onExit().join();
      }
    }
    out.printf("nodes: %d stopped%n", stopping.size());
    if (cluster.cassandraStartedHere()) {
      LocalCassandra.Stopped stopped = new LocalCassandra(LocalCassandra.Settings.defaults()
          .withDataDir(cluster.cassandraDataDir())).stop();
      out.println("cassandra: " + stopped.describe());
    } else {
      out.println("cassandra: left running (it was running before 'cluster up')");
    }
    cluster.delete();
    out.flush();
  }

  /** An admin key for every organisation, created through the journal as 'simwarden apikey create' does. */
  static String adminKey(LocalCluster cluster) {
    StringWriter token = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine apikey = new CommandLine(new ApiKeyCommand());
    apikey.setOut(new PrintWriter(token, true));
    apikey.setErr(new PrintWriter(err, true));
    int code = apikey.execute("create", "--role", "admin", "--org", "*", "--name", "cluster up", "--by",
        "cluster up", "--cassandra", "127.0.0.1:" + cluster.cqlPort());
    if (code != 0) {
      throw new IllegalStateException("creating the admin key failed: " + err.toString().strip());
    }
    return token.toString().strip();
  }

  private static Optional<String> get(int port, String path) {
    try {
      HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
          .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200 ? Optional.of(r.body()) : Optional.empty();
    } catch (IOException notYet) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  private static JsonNode json(String body) {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String tail(Path log, int lines) {
    try {
      List<String> all = Files.readAllLines(log);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(cannot read it: " + e.getMessage() + ")";
    }
  }
}
