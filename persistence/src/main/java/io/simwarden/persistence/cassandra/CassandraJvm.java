package io.simwarden.persistence.cassandra;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The one place that says how the Cassandra JVM is started: every flag it gets is in this file. */
final class CassandraJvm {

  static final String MAIN_CLASS = "org.apache.cassandra.service.CassandraDaemon";

  /**
   * The module access Cassandra 5.0 needs on JDK 17 for what simwarden uses (CQL, prepared statements, logged
   * batches, flush, compaction, SAI, truncate, restart), each found by starting without it: {@code FileUtils}
   * frees direct buffers through {@code DirectBuffer.cleaner} and {@code jdk.internal.ref.Cleaner}, and reads
   * {@code FileDescriptor.fd}. Cassandra's {@code conf/jvm17-server.options} opens some twenty more packages
   * for features a local node leaves off (JMX, Java UDFs, audit and full query logs, sjk); add from there if
   * one of those is switched on. Its {@code -Dio.netty.tryReflectionSetAccessible=true} is left out: without
   * {@code --add-opens java.base/java.nio} it changes nothing.
   */
  private static final List<String> JDK17_MODULE_ACCESS = List.of(
      "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
      "--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED",
      "--add-opens", "java.base/java.io=ALL-UNNAMED");

  /**
   * A single node has no ring to wait for: without these an empty data dir sleeps 30 s before opening CQL.
   */
  private static final List<String> SINGLE_NODE = List.of(
      "-Dcassandra.ring_delay_ms=1000",
      "-Dcassandra.skip_wait_for_gossip_to_settle=0");

  /**
   * As root Cassandra mlockall()s its whole heap (RSS = heap at once); a development node does not need
   * that, so the child is started without CAP_IPC_LOCK.
   */
  private static final List<String> WITHOUT_IPC_LOCK =
      List.of("--inh-caps=-ipc_lock", "--bounding-set=-ipc_lock", "--");

  private CassandraJvm() {}

  /**
   * Without schema flushes ({@link LocalCassandra.Settings#schemaFlushes()}): a schema change is not followed by a
   * flush of every {@code system_schema} table; it is in the commit log like any other write. Measured on the
   * journal, snapshot and read-side schema (28 statements): 27-31 s instead of 36-44 s on a busy 2-core machine.
   */
  private static final String NO_SCHEMA_FLUSHES = "-Dcassandra.unsafesystem=true";

  static List<String> command(Path java, HeapSize heap, boolean schemaFlushes, CassandraConfigFiles config,
      List<Path> classpath, Optional<Path> setpriv) {
    List<String> command = new ArrayList<>();
    setpriv.ifPresent(path -> {
      command.add(path.toString());
      command.addAll(WITHOUT_IPC_LOCK);
    });
    command.add(java.toString());
    command.add("-Dcassandra.config=" + config.yaml().toUri());
    command.add("-Dlogback.configurationFile=" + config.logback());
    command.add("-Dcassandra-foreground=yes");
    command.add("-Xms" + heap.jvmNotation());
    command.add("-Xmx" + heap.jvmNotation());
    // A node out of heap otherwise lingers half-alive; exiting lets start() and status() see it.
    command.add("-XX:+ExitOnOutOfMemoryError");
    command.addAll(JDK17_MODULE_ACCESS);
    command.addAll(SINGLE_NODE);
    if (!schemaFlushes) {
      command.add(NO_SCHEMA_FLUSHES);
    }
    command.add("-cp");
    command.add(String.join(File.pathSeparator, classpath.stream().map(Path::toString).toList()));
    command.add(MAIN_CLASS);
    return command;
  }
}
