package io.simwarden.persistence.cassandra;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts, stops and reports on a single-node Apache Cassandra 5 for local runs and tests. The node is a
 * separate JVM on cassandra-all's own classpath (resource {@value #CLASSPATH_RESOURCE} from
 * simwarden-cassandra-dist), listens on 127.0.0.1 only and keeps everything (config, data, logs, PID file)
 * under {@link Settings#dataDir()}. It outlives the JVM that started it unless {@link #stopOnJvmExit()} is
 * called, and is only ever stopped through its PID.
 *
 * <p>This class says what to do with the node of a data dir; {@link CassandraLauncher} launches it and waits for
 * it, {@link CassandraPidFile} finds it, {@link CassandraStop} stops it.
 */
public final class LocalCassandra {

  /**
   * Settings of one local node. Create with {@link #defaults()} and the {@code with*} methods.
   *
   * @param schemaFlushes whether every schema change flushes the schema tables to disk, as Cassandra does by
   *     default; without, a schema change is in the commit log like any other write (Cassandra's
   *     {@code cassandra.unsafesystem}), and creating a keyspace's tables takes about a quarter less time
   */
  public record Settings(
      Path dataDir,
      int cqlPort,
      int storagePort,
      HeapSize heap,
      Optional<Path> java,
      Duration startTimeout,
      boolean schemaFlushes) {

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
          Duration.ofSeconds(DEFAULT_START_TIMEOUT_SECONDS),
          true);
    }

    public Settings withDataDir(Path value) {
      return new Settings(value, cqlPort, storagePort, heap, java, startTimeout, schemaFlushes);
    }

    public Settings withCqlPort(int value) {
      return new Settings(dataDir, value, storagePort, heap, java, startTimeout, schemaFlushes);
    }

    public Settings withStoragePort(int value) {
      return new Settings(dataDir, cqlPort, value, heap, java, startTimeout, schemaFlushes);
    }

    public Settings withHeap(HeapSize value) {
      return new Settings(dataDir, cqlPort, storagePort, value, java, startTimeout, schemaFlushes);
    }

    /** The {@code java} executable to run Cassandra with; by default the one running this JVM. */
    public Settings withJava(Path value) {
      return new Settings(dataDir, cqlPort, storagePort, heap, Optional.of(value), startTimeout, schemaFlushes);
    }

    public Settings withStartTimeout(Duration value) {
      return new Settings(dataDir, cqlPort, storagePort, heap, java, value, schemaFlushes);
    }

    /**
     * For nodes whose data is thrown away, such as the tests' (which create a keyspace or more per test class):
     * schema changes stay in the commit log instead of being flushed at once.
     */
    public Settings withSchemaFlushes(boolean value) {
      return new Settings(dataDir, cqlPort, storagePort, heap, java, startTimeout, value);
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

  private final Settings settings;
  private final CassandraConfigFiles files;
  private final CassandraPidFile pidFile;
  private final CassandraLauncher launcher;
  private Thread shutdownHook;

  public LocalCassandra(Settings settings) {
    this.settings = settings;
    this.files = new CassandraConfigFiles(settings.dataDir());
    this.pidFile = new CassandraPidFile(files);
    this.launcher = new CassandraLauncher(settings, files, pidFile);
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
    Optional<ProcessHandle> existing = pidFile.launchedProcess();
    if (existing.isPresent()) {
      return reuse(existing.get(), begin);
    }
    pidFile.deleteStale();
    Process process = launcher.launch();
    launcher.awaitLaunchedNode(process);
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
    Optional<ProcessHandle> process = pidFile.launchedProcess();
    if (process.isEmpty()) {
      pidFile.deleteStale();
      return new Stopped(settings.dataDir(), OptionalLong.empty(), false, Duration.ZERO);
    }
    ProcessHandle handle = process.get();
    log.info("Stopping Cassandra pid {} for {}", handle.pid(), settings.dataDir());
    boolean killed = CassandraStop.terminate(handle);
    pidFile.delete();
    return new Stopped(settings.dataDir(), OptionalLong.of(handle.pid()), killed,
        Duration.ofNanos(System.nanoTime() - begin));
  }

  public Status status() {
    return pidFile.launchedProcess()
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
      CassandraLauncher.Readiness readiness = launcher.awaitCql(process, node.cqlPort());
      if (readiness != CassandraLauncher.Readiness.READY) {
        throw new CassandraLaunchException("Cassandra pid " + process.pid() + " for " + settings.dataDir()
            + (readiness == CassandraLauncher.Readiness.EXITED ? " exited while starting."
                : " does not answer CQL on port " + node.cqlPort() + "; stop it with 'cassandra stop' and start again.")
            + launcher.seeLogs());
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
        CqlProbe.answersCql(ports.cql(), CassandraLauncher.PROBE_TIMEOUT));
  }

  /** {@code duration} in seconds with one decimal, as the launcher's messages give it: {@code 12.3 s}. */
  static String seconds(Duration duration) {
    return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
  }
}