package io.simwarden.cli;

import io.simwarden.core.ValidationException;
import io.simwarden.loadtest.cli.BenchCommand;
import io.simwarden.node.cli.ApiKeyCommand;
import io.simwarden.node.cli.NodeCommand;
import io.simwarden.persistence.cli.CassandraCommand;
import io.simwarden.persistence.cli.ForensicsCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code simwarden}: the command line. Each verb lives with the module it belongs to. */
@Command(name = "simwarden", mixinStandardHelpOptions = true, versionProvider = Version.class,
    description = "Simulator of a cellular IoT core's security layer: one event-sourced twin per SIM.",
    subcommands = {DemoCommand.class, SimulateCommand.class, ScenariosCommand.class, CassandraCommand.class,
        NodeCommand.class, ApiKeyCommand.class, ForensicsCommand.class, BenchCommand.class,
        CommandLine.HelpCommand.class})
public final class Main {

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line and returns its exit code (0 success, 1 failure, 2 usage error). */
  public static int run(String... args) {
    return commandLine().execute(args);
  }

  /** The configured command line, for callers (and tests) that set their own output streams. */
  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new Main());
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      if (e instanceof ValidationException) {
        commandLine.getErr().println("error: " + e.getMessage());
        return 2;
      }
      commandLine.getErr().println("error: " + e);
      return 1;
    });
    return cli;
  }
}
