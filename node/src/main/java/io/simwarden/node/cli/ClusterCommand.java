package io.simwarden.node.cli;

import io.simwarden.persistence.cassandra.LocalCassandra;
import io.simwarden.persistence.journal.CqlSchema;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code simwarden cluster up|status|down}: a local cluster of nodes on 127.0.0.1 and its Cassandra, in one command. */
@Command(name = "cluster", mixinStandardHelpOptions = true,
    description = {"Start a local cluster in one command (the local Cassandra, its schema, N nodes formed into one "
        + "cluster, an admin key), show it, or stop exactly what was started.",
        "What 'up' started is recorded in --dir (var/cluster): 'status' and 'down' act on that."},
    subcommands = {ClusterCommand.Up.class, ClusterCommand.Status.class, ClusterCommand.Down.class})
public final class ClusterCommand {

  abstract static class Verb implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--dir", paramLabel = "DIR", defaultValue = "var/cluster",
        description = "Where the nodes' configs, logs and the cluster's state file go (default: ${DEFAULT-VALUE}).")
    Path dir;

    PrintWriter out() {
      return spec.commandLine().getOut();
    }
  }

  @Command(name = "up", mixinStandardHelpOptions = true,
      description = "Start the local Cassandra (or use the one running in --cassandra-data-dir), apply the schema, "
          + "start --nodes nodes, wait until they are one cluster and ready, and print the dashboard URL and an "
          + "admin key.")
  static final class Up extends Verb {
    @Option(names = "--nodes", paramLabel = "N", defaultValue = "3",
        description = "Nodes to start, 1-9 (default: ${DEFAULT-VALUE}).")
    int nodes;

    @Option(names = "--cassandra-data-dir", paramLabel = "DIR", defaultValue = LocalCassandra.Settings.DEFAULT_DATA_DIR,
        description = "The local Cassandra's directory (default: ${DEFAULT-VALUE}).")
    Path cassandraDataDir;

    @Option(names = "--cql-port", paramLabel = "PORT", defaultValue = "9042",
        description = "The local Cassandra's CQL port (default: ${DEFAULT-VALUE}).")
    int cqlPort;

    @Option(names = "--storage-port", paramLabel = "PORT", defaultValue = "7000",
        description = "The local Cassandra's storage port (default: ${DEFAULT-VALUE}).")
    int storagePort;

    @Option(names = "--http-port", paramLabel = "PORT", defaultValue = "8081",
        description = "Node 1's HTTP port; node k gets this + k - 1 (default: ${DEFAULT-VALUE}).")
    int httpPort;

    @Option(names = "--management-port", paramLabel = "PORT", defaultValue = "8558",
        description = "Node 1's management port; node k gets this + k - 1 (default: ${DEFAULT-VALUE}).")
    int managementPort;

    @Option(names = "--cluster-port", paramLabel = "PORT", defaultValue = "2551",
        description = "Node 1's cluster (Artery) port; node k gets this + k - 1 (default: ${DEFAULT-VALUE}).")
    int clusterPort;

    @Option(names = "--ready-timeout", paramLabel = "SECONDS", defaultValue = "240",
        description = "How long to wait for the nodes to be one cluster and ready (default: ${DEFAULT-VALUE}).")
    int readyTimeout;

    @Override
    public Integer call() throws IOException, InterruptedException {
      if (nodes < 1 || nodes > 9) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--nodes must be 1-9, got " + nodes);
      }
      if (readyTimeout < 10) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--ready-timeout must be at least 10 seconds");
      }
      LocalCluster previous = LocalCluster.read(dir).orElse(null);
      if (previous != null && previous.members().stream().anyMatch(m -> LocalCluster.process(m).isPresent())) {
        throw new CommandLine.ParameterException(spec.commandLine(), "a cluster started by 'simwarden cluster up' "
            + "is running (" + dir.resolve(LocalCluster.STATE_FILE) + "): 'simwarden cluster status' shows it, "
            + "'simwarden cluster down' stops it");
      }
      List<LocalCluster.Member> planned = new ArrayList<>();
      for (int k = 1; k <= nodes; k++) {
        planned.add(new LocalCluster.Member(k, 0, 0, clusterPort + k - 1, httpPort + k - 1, managementPort + k - 1));
      }
      NodeProcesses.requireFreePorts(spec.commandLine(), planned);
      LocalCassandra cassandra = new LocalCassandra(LocalCassandra.Settings.defaults().withDataDir(cassandraDataDir)
          .withCqlPort(cqlPort).withStoragePort(storagePort));
      out().println("cassandra: starting the local node in " + cassandraDataDir + " (or using it if it runs) …");
      out().flush();
      LocalCassandra.Started started = cassandra.start();
      out().println("cassandra: " + started.describe());
      int statements = CqlSchema.apply(List.of(new InetSocketAddress("127.0.0.1", started.node().cqlPort())),
          "datacenter1", CqlSchema.simpleReplication(1));
      out().printf("schema: %d statements applied (idempotent)%n", statements);
      out().flush();
      Files.createDirectories(dir);
      LocalCluster cluster = new LocalCluster(dir, cassandraDataDir, started.node().cqlPort(), !started.reused(),
          List.of());
      try {
        cluster = NodeProcesses.start(cluster, planned, out());
        NodeProcesses.awaitOneCluster(cluster, Duration.ofSeconds(readyTimeout), out());
      } catch (IllegalStateException e) {
        spec.commandLine().getErr().println("error: " + e.getMessage());
        spec.commandLine().getErr().println("stopping what was started; the nodes' logs stay in " + dir);
        NodeProcesses.stop(cluster, out());
        return 1;
      }
      String key = NodeProcesses.adminKey(cluster);
      LocalCluster.Member first = cluster.members().get(0);
      out().printf("%nsimwarden: %d node(s) up as one cluster%n", nodes);
      for (LocalCluster.Member m : cluster.members()) {
        out().printf("  node %d  pid %-8d API http://127.0.0.1:%d/api/v1  management http://127.0.0.1:%d  log %s%n",
            m.number(), m.pid(), m.httpPort(), m.managementPort(), m.log(dir));
      }
      out().printf("dashboard  http://127.0.0.1:%d/%n", first.httpPort());
      out().printf("admin key  %s%n", key);
      out().println("stop it with: ./simwarden cluster down" + (dir.equals(Path.of("var/cluster")) ? ""
          : " --dir " + dir));
      return 0;
    }
  }

  @Command(name = "status", mixinStandardHelpOptions = true,
      description = "Show each node that 'cluster up' started: running or not, ready or not, and the members it "
          + "sees. Exit status 0 when every node runs and is ready, 1 otherwise.")
  static final class Status extends Verb {
    @Override
    public Integer call() {
      LocalCluster cluster = LocalCluster.read(dir).orElse(null);
      if (cluster == null) {
        out().println("no cluster started by 'simwarden cluster up' in " + dir);
        return 1;
      }
      return NodeProcesses.status(cluster, out()) ? 0 : 1;
    }
  }

  @Command(name = "down", mixinStandardHelpOptions = true,
      description = "Stop the nodes 'cluster up' started (gracefully, then by force after 30 s) and the local "
          + "Cassandra if 'up' started it.")
  static final class Down extends Verb {
    @Override
    public Integer call() {
      LocalCluster cluster = LocalCluster.read(dir).orElse(null);
      if (cluster == null) {
        out().println("no cluster started by 'simwarden cluster up' in " + dir + ": nothing to stop");
        return 0;
      }
      NodeProcesses.stop(cluster, out());
      return 0;
    }
  }
}
