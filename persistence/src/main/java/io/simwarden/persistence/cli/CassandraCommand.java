package io.simwarden.persistence.cli;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import io.simwarden.persistence.cassandra.CassandraLaunchException;
import io.simwarden.persistence.cassandra.HeapSize;
import io.simwarden.persistence.cassandra.LocalCassandra;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code cassandra start|stop|status}: the local single-node Cassandra for development and tests. */
@Command(
    name = "cassandra",
    mixinStandardHelpOptions = true,
    description = {"Start, stop or inspect the local single-node Cassandra (127.0.0.1 only), or apply simwarden's "
        + "schema to a production cluster (schema)."},
    subcommands = {
        CassandraCommand.Start.class,
        CassandraCommand.Stop.class,
        CassandraCommand.Status.class,
        SchemaCommand.class})
public final class CassandraCommand implements Callable<Integer> {

  /** Exit code of {@code status} when no node runs, as for LSB init scripts. */
  public static final int NOT_RUNNING = 3;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(), "Missing subcommand: start, stop or status");
  }

  /** Prints what the action says, or its failure to stderr with exit code 1. */
  private static int report(CommandSpec spec, Supplier<String> action) {
    try {
      spec.commandLine().getOut().println(action.get());
      return CommandLine.ExitCode.OK;
    } catch (CassandraLaunchException e) {
      spec.commandLine().getErr().println(e.getMessage());
      return CommandLine.ExitCode.SOFTWARE;
    }
  }

  /** What every subcommand has: the data dir that names the node, and picocli's view of the command. */
  abstract static class NodeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(
        names = "--data-dir",
        paramLabel = "<dir>",
        defaultValue = LocalCassandra.Settings.DEFAULT_DATA_DIR,
        description = "Directory with the node's config, data, logs and PID file (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    LocalCassandra launcher() {
      return new LocalCassandra(LocalCassandra.Settings.defaults().withDataDir(dataDir));
    }
  }

  @Command(
      name = "start",
      mixinStandardHelpOptions = true,
      description = {
          "Start Cassandra and wait until it answers CQL; reuse it if it already runs for the data dir.",
          "It keeps running after this command exits: stop it with 'cassandra stop'."})
  static final class Start extends NodeCommand {

    @Option(names = "--cql-port", paramLabel = "<port>",
        defaultValue = "" + LocalCassandra.Settings.DEFAULT_CQL_PORT,
        description = "CQL native transport port (default: ${DEFAULT-VALUE}).")
    int cqlPort;

    @Option(names = "--storage-port", paramLabel = "<port>",
        defaultValue = "" + LocalCassandra.Settings.DEFAULT_STORAGE_PORT,
        description = "Internode storage port (default: ${DEFAULT-VALUE}).")
    int storagePort;

    @Option(names = "--heap", paramLabel = "<size>", converter = HeapSizeConverter.class,
        defaultValue = LocalCassandra.Settings.DEFAULT_HEAP,
        description = "Java heap of the Cassandra JVM, e.g. 512m or 1g (default: ${DEFAULT-VALUE}).")
    HeapSize heap;

    @Option(names = "--java", paramLabel = "<path>",
        description = "java executable to run Cassandra with (default: the one running this command).")
    Path java;

    @Option(names = "--start-timeout", paramLabel = "<duration>", converter = StartTimeoutConverter.class,
        defaultValue = LocalCassandra.Settings.DEFAULT_START_TIMEOUT_SECONDS + "s",
        description = "How long to wait for CQL before giving up, e.g. 90s or 10m; a bare number is seconds "
            + "(default: ${DEFAULT-VALUE}).")
    Duration startTimeout;

    @Override
    public Integer call() {
      LocalCassandra.Settings settings;
      try {
        settings = LocalCassandra.Settings.defaults()
            .withDataDir(dataDir)
            .withCqlPort(cqlPort)
            .withStoragePort(storagePort)
            .withHeap(heap)
            .withStartTimeout(startTimeout);
        if (java != null) {
          settings = settings.withJava(java);
        }
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), e.getMessage(), e);
      }
      LocalCassandra launcher = new LocalCassandra(settings);
      return report(spec, () -> launcher.start().describe());
    }
  }

  @Command(
      name = "stop",
      mixinStandardHelpOptions = true,
      description = "Stop the Cassandra of the data dir (SIGTERM to its PID, SIGKILL after 30 s).")
  static final class Stop extends NodeCommand {

    @Override
    public Integer call() {
      return report(spec, () -> launcher().stop().describe());
    }
  }

  @Command(
      name = "status",
      mixinStandardHelpOptions = true,
      description = "Tell whether the Cassandra of the data dir runs; exit code 0 if it does, "
          + NOT_RUNNING + " if not.")
  static final class Status extends NodeCommand {

    @Override
    public Integer call() {
      LocalCassandra.Status status = launcher().status();
      spec.commandLine().getOut().println(status.describe());
      return status instanceof LocalCassandra.Running ? CommandLine.ExitCode.OK : NOT_RUNNING;
    }
  }

  /** A positive duration (90s, 10m, 1h); a bare number is seconds, as the flag took before. */
  static final class StartTimeoutConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      String text = value.strip();
      Duration d;
      try {
        d = text.matches("[0-9]{1,9}") ? Duration.ofSeconds(Long.parseLong(text))
            : ConfigFactory.parseString("d = \"" + text.replace("\"", "") + "\"").getDuration("d");
      } catch (ConfigException e) {
        throw new CommandLine.TypeConversionException("'" + value + "' is not a duration: give one such as 90s, "
            + "10m or 1h (a bare number is seconds)");
      }
      if (d.isZero() || d.isNegative()) {
        throw new CommandLine.TypeConversionException("'" + value + "' must be positive, e.g. 120s or 10m");
      }
      return d;
    }
  }

  static final class HeapSizeConverter implements CommandLine.ITypeConverter<HeapSize> {
    @Override
    public HeapSize convert(String value) {
      try {
        return HeapSize.parse(value);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }
}
