package io.simwarden.persistence.cassandra;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts, stops and reports on a single-node Apache Cassandra 5 for local runs and tests. The node is a
 * separate JVM on cassandra-all's own classpath (resource {@value #CLASSPATH_RESOURCE} from
 * simwarden-cassandra-dist), listens on 127.0.0.1 only and keeps everything (config, data, logs, PID file)
 * under {@link Settings#dataDir()}. It outlives the JVM that started it unless {@link #stopOnJvmExit()} is
 * called, and is only ever stopped through its PID.
 */
public final class LocalCassandra {

  /** Settings of one local node. Create with {@link #defaults()} and the {@code with*} methods. */
  public record Settings(
      Path dataDir,
      int cqlPort,
      int storagePort,
      HeapSize heap,
      Optional<Path> java,
      Duration startTimeout) {

    public static final String DEFAULT_DATA_DIR = "var/cassandra";
    public static final int DEFAULT_CQL_PORT = 9042;
    public static final int DEFAULT_STORAGE_PORT = 7000;
    public static final String DEFAULT_HEAP = "1g";
    public static final int DEFAULT_START_TIMEOUT_SECONDS = 120;

    public Settings {
      dataDir = dataDir.toAbsolutePath().normalize();
      requirePort("CQL", cqlPort);
      requirePort("storage", storagePort);
      if (cqlPort == storagePort) {
        throw new IllegalArgumentException(
            "CQL port and storage port are both " + cqlPort + ": give them different values");
      }
      if (startTimeout.isNegative() || startTimeout.isZero()) {
        throw new IllegalArgumentException("start timeout must be positive, got " + startTimeout);
      }
    }

    public static Settings defaults() {
      return new Settings(
          Path.of(DEFAULT_DATA_DIR),
          DEFAULT_CQL_PORT,
          DEFAULT_STORAGE_PORT,
          HeapSize.parse(DEFAULT_HEAP),
          Optional.empty(),
          Duration.ofSeconds(DEFAULT_START_TIMEOUT_SECONDS));
    }

    public Settings withDataDir(Path value) {
      return new Settings(value, cqlPort, storagePort, heap, java, startTimeout);
    }

    public Settings withCqlPort(int value) {
      return new Settings(dataDir, value, storagePort, heap, java, startTimeout);
    }

    public Settings withStoragePort(int value) {
      return new Settings(dataDir, cqlPort, value, heap, java, startTimeout);
    }

    public Settings withHeap(HeapSize value) {
      return new Settings(dataDir, cqlPort, storagePort, value, java, startTimeout);
    }

    /** The {@code java} executable to run Cassandra with; by default the one running this JVM. */
    public Settings withJava(Path value) {
      return new Settings(dataDir, cqlPort, storagePort, heap, Optional.of(value), startTimeout);
    }

    public Settings withStartTimeout(Duration value) {
      return new Settings(dataDir, cqlPort, storagePort, heap, java, value);
    }

    private static void requirePort(String name, int port) {
      if (port < 1 || port > 65_535) {
        throw new IllegalArgumentException(name + " port " + port + " is outside 1-65535");
      }
    }
  }

  /** What {@link #status()} finds. */
  public sealed interface Status permits Running, NotRunning {
    String describe();
  }

  /** A node started by this launcher for the data dir; {@code cqlReady} is false while it is starting. */
  public record Running(long pid, int cqlPort, int storagePort, Path dataDir, Path log, boolean cqlReady)
      implements Status {
    @Override
    public String describe() {
      return "Cassandra is running: pid " + pid + ", CQL " + CqlProbe.LOOPBACK + ":" + cqlPort
          + (cqlReady ? "" : " (not answering yet)") + ", storage port " + storagePort
          + ", data " + dataDir + ", log " + log;
    }
  }

  public record NotRunning(Path dataDir) implements Status {
    @Override
    public String describe() {
      return "Cassandra is not running for " + dataDir;
    }
  }

  /** The result of {@link #start()}: the node, whether it was already running, and how long start took. */
  public record Started(Running node, boolean reused, Duration elapsed) {
    public String describe() {
      String how = reused ? "Cassandra already running, reusing it" : "Started Cassandra in " + seconds(elapsed);
      return how + ": pid " + node.pid() + ", CQL "
          + CqlProbe.LOOPBACK + ":" + node.cqlPort() + ", storage port " + node.storagePort()
          + ", data " + node.dataDir() + ", log " + node.log();
    }
  }

  /** The result of {@link #stop()}: the PID that was stopped (empty when none ran), and whether it took SIGKILL. */
  public record Stopped(Path dataDir, OptionalLong pid, boolean killed, Duration elapsed) {
    public String describe() {
      if (pid.isEmpty()) {
        return "No Cassandra running for " + dataDir + ": nothing to stop";
      }
      return "Stopped Cassandra pid " + pid.getAsLong() + " for " + dataDir + " in " + seconds(elapsed)
          + (killed ? " (did not exit on SIGTERM, killed)" : "");
    }
  }

  public static final String CLASSPATH_RESOURCE = CassandraClasspath.RESOURCE;

  private static final Logger log = LoggerFactory.getLogger(LocalCassandra.class);

  private static final Duration STOP_GRACE = Duration.ofSeconds(30);
  private static final Duration KILL_WAIT = Duration.ofSeconds(10);
  private static final Duration POLL_INTERVAL = Duration.ofMillis(250);
  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);
  private static final int LOG_TAIL_LINES = 25;
  private static final int LOG_LINE_LIMIT = 300;
  private static final Pattern STACK_FRAME = Pattern.compile("\\s+(at |\\.\\.\\. \\d+ (more|common frames omitted))");
  private static final int SUPPORTED_JDK = 17;
  private static final Path SETPRIV = Path.of("/usr/bin/setpriv");

  private final Settings settings;
  private final CassandraConfigFiles files;
  private Thread shutdownHook;

  public LocalCassandra(Settings settings) {
    this.settings = settings;
    this.files = new CassandraConfigFiles(settings.dataDir());
  }

  public Settings settings() {
    return settings;
  }

  /**
   * Starts the node and returns once it answers CQL, or reuses the node already running for this data dir.
   *
   * @throws CassandraLaunchException when a port is taken, the node dies while starting, or it is not ready
   *     within {@link Settings#startTimeout()}; the message says what to do
   */
  public synchronized Started start() {
    long begin = System.nanoTime();
    Optional<ProcessHandle> existing = launchedProcess();
    if (existing.isPresent()) {
      return reuse(existing.get(), begin);
    }
    deleteStalePidFile();
    requireFreePort(settings.cqlPort(), "CQL", "--cql-port", "withCqlPort");
    requireFreePort(settings.storagePort(), "storage", "--storage-port", "withStoragePort");
    Path java = javaExecutable();
    List<Path> classpath = CassandraClasspath.jars();
    files.write(settings.cqlPort(), settings.storagePort(), settings.heap());
    List<String> command = CassandraJvm.command(java, settings.heap(), files, classpath, setprivIfRoot());

    Process process = launch(command);
    log.info("Launched Cassandra pid {} for {}, waiting for CQL on port {} (log {})",
        process.pid(), settings.dataDir(), settings.cqlPort(), files.systemLog());
    awaitLaunchedNode(process);
    Duration elapsed = Duration.ofNanos(System.nanoTime() - begin);
    Running node = new Running(process.pid(), settings.cqlPort(), settings.storagePort(),
        settings.dataDir(), files.systemLog(), true);
    log.info("Cassandra pid {} answers CQL on port {} after {}", process.pid(), settings.cqlPort(),
        seconds(elapsed));
    return new Started(node, false, elapsed);
  }

  /**
   * Stops the node of this data dir: SIGTERM, then SIGKILL after 30 s. Not running is not an error. Not
   * synchronized with {@link #start()}, so that a shutdown hook can stop a node that is still starting.
   */
  public Stopped stop() {
    long begin = System.nanoTime();
    Optional<ProcessHandle> process = launchedProcess();
    if (process.isEmpty()) {
      deleteStalePidFile();
      return new Stopped(settings.dataDir(), OptionalLong.empty(), false, Duration.ZERO);
    }
    ProcessHandle handle = process.get();
    log.info("Stopping Cassandra pid {} for {}", handle.pid(), settings.dataDir());
    boolean killed = terminate(handle);
    deletePidFile();
    return new Stopped(settings.dataDir(), OptionalLong.of(handle.pid()), killed,
        Duration.ofNanos(System.nanoTime() - begin));
  }

  public Status status() {
    return launchedProcess()
        .<Status>map(this::running)
        .orElseGet(() -> new NotRunning(settings.dataDir()));
  }

  /**
   * Stops the node when this JVM exits normally or on a signal other than SIGKILL. For test harnesses and
   * anything else that must not leave a Cassandra behind.
   */
  public synchronized LocalCassandra stopOnJvmExit() {
    if (shutdownHook == null) {
      shutdownHook = new Thread(this::stopQuietly, "stop-local-cassandra");
      Runtime.getRuntime().addShutdownHook(shutdownHook);
    }
    return this;
  }

  private void stopQuietly() {
    try {
      Stopped stopped = stop();
      if (stopped.pid().isPresent()) {
        System.err.println(stopped.describe());
      }
    } catch (RuntimeException e) {
      System.err.println("Could not stop Cassandra for " + settings.dataDir() + ": " + e.getMessage());
    }
  }

  private Started reuse(ProcessHandle process, long begin) {
    Running node = running(process);
    if (!node.cqlReady()) {
      log.info("Cassandra pid {} for {} is starting, waiting for CQL", process.pid(), settings.dataDir());
      Readiness readiness = awaitCql(process, node.cqlPort());
      if (readiness != Readiness.READY) {
        throw new CassandraLaunchException("Cassandra pid " + process.pid() + " for " + settings.dataDir()
            + (readiness == Readiness.EXITED ? " exited while starting." : " does not answer CQL on port "
                + node.cqlPort() + "; stop it with 'cassandra stop' and start again.") + seeLogs());
      }
      node = running(process);
    }
    if (node.cqlPort() != settings.cqlPort() || node.storagePort() != settings.storagePort()) {
      throw new CassandraLaunchException("Cassandra pid " + process.pid() + " already runs for "
          + settings.dataDir() + " with CQL port " + node.cqlPort() + " and storage port " + node.storagePort()
          + ", not the requested " + settings.cqlPort() + " and " + settings.storagePort()
          + ": stop it first to change ports, or start it with the ports it has.");
    }
    log.info("Reusing Cassandra pid {} already running for {}", process.pid(), settings.dataDir());
    return new Started(node, true, Duration.ofNanos(System.nanoTime() - begin));
  }

  private Running running(ProcessHandle process) {
    CassandraConfigFiles.Ports ports = files.readPorts()
        .orElse(new CassandraConfigFiles.Ports(settings.cqlPort(), settings.storagePort()));
    return new Running(process.pid(), ports.cql(), ports.storage(), settings.dataDir(), files.systemLog(),
        CqlProbe.answersCql(ports.cql(), PROBE_TIMEOUT));
  }

  /**
   * The live process named by the PID file, if it is a Cassandra started with this data dir's yaml: a PID
   * reused by an unrelated process after a reboot or crash is never signalled.
   */
  private Optional<ProcessHandle> launchedProcess() {
    return readPid()
        .flatMap(ProcessHandle::of)
        .filter(ProcessHandle::isAlive)
        .filter(this::isThisDataDirsCassandra);
  }

  private boolean isThisDataDirsCassandra(ProcessHandle process) {
    return commandLine(process)
        .map(line -> line.contains(CassandraJvm.MAIN_CLASS) && line.contains(files.yaml().toUri().toString()))
        .orElse(true);
  }

  /** ProcessHandle.Info cuts the command line at 4 KiB on Linux, before Cassandra's main class. */
  private static Optional<String> commandLine(ProcessHandle process) {
    try {
      byte[] arguments = Files.readAllBytes(Path.of("/proc", Long.toString(process.pid()), "cmdline"));
      return Optional.of(new String(arguments, StandardCharsets.UTF_8).replace('\0', ' '));
    } catch (IOException e) {
      return process.info().commandLine();
    }
  }

  private Optional<Long> readPid() {
    try {
      return Optional.of(Long.parseLong(Files.readString(files.pidFile()).trim()));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  private void deleteStalePidFile() {
    if (Files.exists(files.pidFile())) {
      log.info("Removing stale PID file {}: no Cassandra of this data dir runs under that PID",
          files.pidFile());
      deletePidFile();
    }
  }

  private void deletePidFile() {
    try {
      Files.deleteIfExists(files.pidFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + files.pidFile(), e);
    }
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
      Files.writeString(files.pidFile(), process.pid() + System.lineSeparator());
      return process;
    } catch (IOException e) {
      throw new CassandraLaunchException("Could not launch " + command.get(0) + ": " + e.getMessage(), e);
    }
  }

  private enum Readiness { READY, EXITED, TIMED_OUT, INTERRUPTED }

  private Readiness awaitCql(ProcessHandle process, int cqlPort) {
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
  private void awaitLaunchedNode(Process process) {
    Readiness readiness = awaitCql(process.toHandle(), settings.cqlPort());
    if (readiness == Readiness.READY) {
      return;
    }
    if (readiness != Readiness.EXITED) {
      terminate(process.toHandle());
    }
    deletePidFile();
    throw new CassandraLaunchException(switch (readiness) {
      case EXITED -> "Cassandra exited while starting with exit code " + exitValue(process) + "."
          + seeLogs();
      case TIMED_OUT -> "Cassandra pid " + process.pid() + " did not answer CQL on " + CqlProbe.LOOPBACK
          + ":" + settings.cqlPort() + " within " + seconds(settings.startTimeout())
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

  private String seeLogs() {
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

  /** SIGTERM, then SIGKILL after {@link #STOP_GRACE}; true when SIGKILL was needed. */
  private static boolean terminate(ProcessHandle process) {
    process.destroy();
    if (awaitExit(process, STOP_GRACE)) {
      return false;
    }
    log.warn("Cassandra pid {} still running {} after SIGTERM, sending SIGKILL", process.pid(),
        seconds(STOP_GRACE));
    process.destroyForcibly();
    if (!awaitExit(process, KILL_WAIT)) {
      throw new CassandraLaunchException("Cassandra pid " + process.pid() + " survived SIGKILL for "
          + seconds(KILL_WAIT) + "; check it with ps");
    }
    return true;
  }

  private static boolean awaitExit(ProcessHandle process, Duration timeout) {
    try {
      process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (ExecutionException e) {
      return !process.isAlive();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return !process.isAlive();
    }
  }

  private static String seconds(Duration duration) {
    return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
  }
}
