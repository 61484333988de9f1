package io.simwarden.node.cli;

import com.typesafe.config.Config;
import io.simwarden.core.ValidationException;
import io.simwarden.node.Node;
import io.simwarden.node.api.ApiSettings;
import io.simwarden.persistence.journal.JournalMode;
import io.simwarden.persistence.journal.JournalOptions;
import io.simwarden.persistence.journal.OpenJournal;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import org.apache.pekko.cluster.typed.Cluster;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code simwarden node --config local1.conf}: runs one cluster node until it is stopped or leaves. */
@Command(name = "node", mixinStandardHelpOptions = true,
    description = {"Run a cluster node: SIM sharding on the Cassandra journal, the HTTP API (REST v1, alert stream) "
        + "and Pekko Management (/cluster/members, /ready, /alive).",
        "Ctrl-C or SIGTERM leaves the cluster gracefully.",
        "local1.conf, local2.conf and local3.conf in the repository run a 3-node cluster on 127.0.0.1."})
public final class NodeCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = "--config", required = true, paramLabel = "FILE",
      description = "HOCON file of this node: cluster port and seed nodes, HTTP and management ports (over the "
          + "defaults in simwarden-node.conf).")
  Path configFile;

  @Option(names = "--log-format", paramLabel = "text|json", defaultValue = "text",
      description = "The log on standard error: text lines, or one JSON object per line for log shippers (default: "
          + "${DEFAULT-VALUE}). Level INFO unless SIMWARDEN_LOG_LEVEL names another (WARN, DEBUG, ...).")
  NodeLogging.Format logFormat;

  @Mixin
  JournalOptions journal;

  /** The command line of a node run on its own ({@code io.simwarden.node.Main}). */
  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new NodeCommand());
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      commandLine.getErr().println("error: " + e.getMessage());
      return e instanceof ValidationException ? 2 : 1;
    });
    return cli;
  }

  @Override
  public Integer call() {
    if (!Files.isRegularFile(configFile)) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--config: no such file: " + configFile);
    }
    if (journal.mode() != JournalMode.CASSANDRA) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--journal " + journal.mode()
          + ": the nodes of a cluster share one durable journal; use --journal cassandra");
    }
    NodeLogging.configure(logFormat, NodeLogging.level(System.getenv(NodeLogging.LEVEL_VARIABLE)));
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try (OpenJournal opened = journal.open(err)) {
      Config config = Node.config(configFile, opened.config());
      ApiSettings api = ApiSettings.fromConfig(config);
      Node node = Node.start(config);
      try {
        InetSocketAddress address = node.apiAddress().toCompletableFuture().join();
        out.printf("simwarden node %s%n  API         %s://%s:%d/api/v1%n  management  http://%s:%d/cluster/members"
                + "%n  journal     %s%n", Cluster.get(node.system()).selfMember().address(),
            api.https() ? "https" : "http", address.getHostString(), address.getPort(),
            config.getString("pekko.management.http.hostname"), config.getInt("pekko.management.http.port"),
            opened.description());
        out.flush();
      } catch (CompletionException e) {
        err.println("error: the HTTP API did not start: " + e.getCause().getMessage());
        node.system().getWhenTerminated().toCompletableFuture().join();
        return 1;
      }
      node.system().getWhenTerminated().toCompletableFuture().join();
      out.println("simwarden node stopped");
      return 0;
    }
  }
}
