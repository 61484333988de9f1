package io.simwarden.node;

import com.fasterxml.jackson.databind.JsonNode;
import io.simwarden.node.HttpApi.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What the cluster fault tests share: the node JVMs they started (killed when the test class ends, or the test JVM
 * exits), signals to one of them, the membership every node reports, and a busy loop per core.
 */
final class ClusterFaultKit {
  private static final List<Process> NODES = new ArrayList<>();
  private static final AtomicBoolean BUSY = new AtomicBoolean();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(ClusterFaultKit::killAll, "kill-cluster-test-nodes"));
  }

  private ClusterFaultKit() {}

  /** A node JVM on {@code cassandra} (host:port), remembered until {@link #killAll()}. */
  static Process spawn(Path config, Path log, String cassandra) throws IOException {
    Process p = NodeTestKit.spawnNode(config, log, cassandra);
    synchronized (NODES) {
      NODES.add(p);
    }
    return p;
  }

  /** SIGKILL to every node started here (resumed first if paused), and waits for each to end. */
  static void killAll() {
    BUSY.set(false);
    synchronized (NODES) {
      for (Process p : NODES) {
        signal(p, "CONT");
        p.destroyForcibly();
      }
      for (Process p : NODES) {
        try {
          p.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      NODES.clear();
    }
  }

  /** {@code kill -<signal> <pid>} (STOP, CONT): the process is paused as a frozen VM or a long GC would be. */
  static void signal(Process p, String signal) {
    if (!p.isAlive()) {
      return;
    }
    try {
      Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).inheritIO().start();
      if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
        throw new IllegalStateException("kill -" + signal + " " + p.pid() + " failed");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static HttpApi api(NodeTestKit.Ports p) {
    return new HttpApi("http://127.0.0.1:" + p.http());
  }

  static HttpApi management(NodeTestKit.Ports p) {
    return new HttpApi("http://127.0.0.1:" + p.management());
  }

  /** The node's {@code /cluster/members}, or null while it does not answer. */
  static JsonNode members(NodeTestKit.Ports p) {
    try {
      Response r = management(p).get("/cluster/members", null);
      return r.status() == 200 ? r.json() : null;
    } catch (UncheckedIOException notListening) {
      return null;
    }
  }

  /** The addresses of the members {@code p} reports, whatever their status (empty while it does not answer). */
  static Set<String> memberAddresses(NodeTestKit.Ports p) {
    Set<String> all = new TreeSet<>();
    JsonNode view = members(p);
    if (view != null) {
      view.path("members").forEach(m -> all.add(m.path("node").asText()));
    }
    return all;
  }

  /**
   * True when each node of {@code ports} reports the same {@code size} members, all Up, none unreachable, and the
   * same leader.
   */
  static boolean oneCluster(List<NodeTestKit.Ports> ports, int size) {
    Set<String> members = null;
    String leader = null;
    for (NodeTestKit.Ports p : ports) {
      JsonNode view = members(p);
      if (view == null || !view.path("unreachable").isEmpty()) {
        return false;
      }
      Set<String> up = new TreeSet<>();
      for (JsonNode m : view.path("members")) {
        if (!m.path("status").asText().equals("Up")) {
          return false;
        }
        up.add(m.path("node").asText());
      }
      if (up.size() != size || (members != null && !members.equals(up))
          || (leader != null && !leader.equals(view.path("leader").asText()))) {
        return false;
      }
      members = up;
      leader = view.path("leader").asText();
    }
    return true;
  }

  /** One thread spinning per core of the box, as a fault run's CPU load, until {@link #stopBusyLoad}. */
  static List<Thread> busyLoad() {
    BUSY.set(true);
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < Runtime.getRuntime().availableProcessors(); i++) {
      Thread t = new Thread(() -> {
        long x = 0;
        while (BUSY.get()) {
          x += System.nanoTime() % 7;
        }
        if (x == 42) {
          System.out.print("");
        }
      }, "busy-" + i);
      t.setDaemon(true);
      t.start();
      threads.add(t);
    }
    return threads;
  }

  static void stopBusyLoad(List<Thread> threads) throws InterruptedException {
    BUSY.set(false);
    for (Thread t : threads) {
      t.join();
    }
  }

  /** The 1-minute load average of the box, as /proc/loadavg reports it ("?" where there is none). */
  static String loadAverage() {
    try {
      return java.nio.file.Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (IOException | RuntimeException e) {
      return "?";
    }
  }

  static String path(int n) {
    return "/api/v1/sims/" + TestSims.imsi(n);
  }

  static double seconds(long since) {
    return (System.nanoTime() - since) / 1e9;
  }
}
