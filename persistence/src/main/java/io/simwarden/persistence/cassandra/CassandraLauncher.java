package io.simwarden.persistence.cassandra;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Launches the local node of a data dir and waits until it answers CQL: the checks before (free ports, a JDK 17
 * {@code java}), the configuration and the process, the wait, and on failure a message with the last lines of
 * its logs.
 */
final class CassandraLauncher {

  /** How a wait for CQL ended. */
  enum Readiness { READY, EXITED, TIMED_OUT, INTERRUPTED }

  private static final Logger log = LoggerFactory.getLogger(LocalCassandra.class);

  private static final Duration POLL_INTERVAL = Duration.ofMillis(250);
  static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);
  private static final int LOG_TAIL_LINES = 25;
  private static final int LOG_LINE_LIMIT = 300;
  private static final Pattern STACK_FRAME = Pattern.compile("\\s+(at |\\.\\.\\. \\d+ (more|common frames omitted))");
  private static final int SUPPORTED_JDK = 17;
  private static final Path SETPRIV = Path.of("/usr/bin/setpriv");

  private final LocalCassandra.Settings settings;
  private final CassandraConfigFiles files;
  private final CassandraPidFile pidFile;

  CassandraLauncher(LocalCassandra.Settings settings, CassandraConfigFiles files, CassandraPidFile pidFile) {
    this.settings = settings;
    this.files = files;
    this.pidFile = pidFile;
  }

  /**
   * Checks the ports and the JVM, writes the node's configuration and launches it; returns the process, not yet
   * answering CQL (see {@link #awaitLaunchedNode}).
   */
  Process launch() {
    requireFreePort(settings.cqlPort(), "CQL", "--cql-port", "withCqlPort");
    requireFreePort(settings.storagePort(), "storage", "--storage-port", "withStoragePort");
    Path java = javaExecutable();
    List<Path> classpath = CassandraClasspath.jars();
    files.write(settings.cqlPort(), settings.storagePort(), settings.heap());
    List<String> command = CassandraJvm.command(java, settings.heap(), settings.schemaFlushes(), files, classpath,
        setprivIfRoot());

    Process process = launch(command);
    log.info("Launched Cassandra pid {} for {}, waiting for CQL on port {} (log {})",
        process.pid(), settings.dataDir(), settings.cqlPort(), files.systemLog());
    return process;
  }

  private void requireFreePort(int port, String name, String option, String setter) {
    if (CqlProbe.isFree(port)) {
      return;
    }
    String occupant = CqlProbe.answersCql(port, PROBE_TIMEOUT)
        ? "a CQL server (another Cassandra, not the one of this data dir) answers there"
        : "another process listens there";
    throw new CassandraLaunchException(name + " port " + port + " on " + CqlProbe.LOOPBACK
        + " is already in use: " + occupant + ". Choose another port with " + option + " <port>"
        + " (Settings." + setter + " in code), or stop what uses it.");
  }

  private Path javaExecutable() {
    if (settings.java().isPresent()) {
      return settings.java().get();
    }
    if (Runtime.version().feature() != SUPPORTED_JDK) {
      throw new CassandraLaunchException("This JVM is Java " + Runtime.version().feature()
          + " but the local Cassandra is configured for Java " + SUPPORTED_JDK
          + ": pass the path of a JDK 17 java executable (--java, Settings.withJava).");
    }
    return Path.of(System.getProperty("java.home"), "bin", "java");
  }

  /** setpriv when this JVM runs as root and has it; see {@link CassandraJvm} for why. */
  private static Optional<Path> setprivIfRoot() {
    try {
      boolean root = ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
      return root && Files.isExecutable(SETPRIV) ? Optional.of(SETPRIV) : Optional.empty();
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private Process launch(List<String> command) {
    try {
      Files.writeString(files.consoleLog(), "$ " + String.join(" ", command) + System.lineSeparator());
      Process process = new ProcessBuilder(command)
          .directory(settings.dataDir().toFile())
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(files.consoleLog().toFile()))
          .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
          .start();
      pidFile.write(process.pid());
      return process;
    } catch (IOException e) {
      throw new CassandraLaunchException("Could not launch " + command.get(0) + ": " + e.getMessage(), e);
    }
  }

  Readiness awaitCql(ProcessHandle process, int cqlPort) {
    long deadline = System.nanoTime() + settings.startTimeout().toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        return Readiness.EXITED;
      }
      if (CqlProbe.answersCql(cqlPort, PROBE_TIMEOUT)) {
        return Readiness.READY;
      }
      try {
        Thread.sleep(POLL_INTERVAL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Readiness.INTERRUPTED;
      }
    }
    return Readiness.TIMED_OUT;
  }

  /** Waits for the child this JVM launched; on any failure it is stopped and its PID file removed. */
  void awaitLaunchedNode(Process process) {
    Readiness readiness = awaitCql(process.toHandle(), settings.cqlPort());
    if (readiness == Readiness.READY) {
      return;
    }
    if (readiness != Readiness.EXITED) {
      CassandraStop.terminate(process.toHandle());
    }
    pidFile.delete();
    throw new CassandraLaunchException(switch (readiness) {
      case EXITED -> "Cassandra exited while starting with exit code " + exitValue(process) + "."
          + seeLogs();
      case TIMED_OUT -> "Cassandra pid " + process.pid() + " did not answer CQL on " + CqlProbe.LOOPBACK
          + ":" + settings.cqlPort() + " within " + LocalCassandra.seconds(settings.startTimeout())
          + " and has been stopped; a busy machine may need --start-timeout." + seeLogs();
      default -> "Interrupted while waiting for Cassandra pid " + process.pid()
          + " to answer CQL; it has been stopped.";
    });
  }

  private static int exitValue(Process process) {
    try {
      return process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return process.exitValue();
    }
  }

  /** Where to read why the node failed, with the last lines of its logs. */
  String seeLogs() {
    return " See " + files.systemLog() + " and " + files.consoleLog() + "." + logTails();
  }

  private String logTails() {
    return tail(files.consoleLog()) + tail(files.systemLog());
  }

  /**
   * The last lines of a log without stack frames, so that exceptions and their causes show; each line cut
   * short, since the first line of cassandra.out is the whole command line.
   */
  private static String tail(Path file) {
    try {
      List<String> lines = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).lines()
          .filter(line -> !STACK_FRAME.matcher(line).lookingAt())
          .toList();
      List<String> last = lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()).stream()
          .map(line -> line.length() > LOG_LINE_LIMIT ? line.substring(0, LOG_LINE_LIMIT) + " ..." : line)
          .toList();
      return last.isEmpty() ? "" : "\n--- last lines of " + file + " ---\n" + String.join("\n", last);
    } catch (IOException e) {
      return "";
    }
  }
}
