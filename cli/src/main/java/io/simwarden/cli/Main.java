package io.simwarden.cli;

import io.simwarden.core.CommonPool;
import io.simwarden.core.ValidationException;
import io.simwarden.loadtest.cli.BenchCommand;
import io.simwarden.node.cli.ApiKeyCommand;
import io.simwarden.node.cli.ClusterCommand;
import io.simwarden.node.cli.NodeCommand;
import io.simwarden.persistence.cli.CassandraCommand;
import io.simwarden.persistence.cli.CheckpointCommand;
import io.simwarden.persistence.cli.ForensicsCommand;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;
import picocli.CommandLine;

/** {@code simwarden}: the command line. Each verb lives with the module it belongs to. */
@Command(name = "simwarden", mixinStandardHelpOptions = true, versionProvider = Version.class,
    description = {"Simulator of a cellular IoT core's security layer: one event-sourced twin per SIM.",
        "--verbose anywhere on the line prints the Java stack trace of an unexpected failure."},
    subcommands = {DemoCommand.class, SimulateCommand.class, SweepCommand.class, ScenariosCommand.class, CassandraCommand.class,
        NodeCommand.class, ClusterCommand.class, ApiKeyCommand.class, ForensicsCommand.class,
        CheckpointCommand.class, BenchCommand.class,
        CommandLine.HelpCommand.class})
public final class Main {

  static final String VERBOSE = "--verbose";

  public static void main(String[] args) {
    CommonPool.ensure();
    System.exit(run(args));
  }

  /** Runs the command line and returns its exit code (0 success, 1 failure, 2 usage error). */
  public static int run(String... args) {
    List<String> rest = new ArrayList<>(List.of(args));
    boolean verbose = rest.remove(VERBOSE);
    return commandLine(verbose).execute(rest.toArray(String[]::new));
  }

  /** The configured command line, for callers (and tests) that set their own output streams. */
  public static CommandLine commandLine() {
    return commandLine(false);
  }

  /**
   * The command line; with {@code verbose} an unexpected failure also prints its stack trace. Unmatched arguments
   * (an unknown verb) are an error even when {@code --help} follows them: help would otherwise hide the typo.
   */
  static CommandLine commandLine(boolean verbose) {
    CommandLine cli = new CommandLine(new Main());
    CommandLine.IExecutionStrategy run = new CommandLine.RunLast();
    cli.setExecutionStrategy(parseResult -> {
      refuseUnmatched(parseResult);
      return run.execute(parseResult);
    });
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      if (e instanceof ValidationException) {
        commandLine.getErr().println("error: " + e.getMessage());
        return 2;
      }
      commandLine.getErr().println("error: " + Failure.describe(e));
      if (verbose) {
        e.printStackTrace(commandLine.getErr());
      } else {
        commandLine.getErr().println("(run again with " + VERBOSE + " for the Java stack trace)");
      }
      return 1;
    });
    return cli;
  }

  private static void refuseUnmatched(ParseResult parseResult) {
    for (ParseResult level = parseResult; level != null;
        level = level.hasSubcommand() ? level.subcommand() : null) {
      if (!level.unmatched().isEmpty()) {
        throw new UnmatchedArgumentException(level.commandSpec().commandLine(), level.unmatched());
      }
    }
  }
}
