package io.simwarden.persistence.cassandra;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The one place that says how the Cassandra JVM is started: every flag it gets is in this file. */
final class CassandraJvm {

  static final String MAIN_CLASS = "org.apache.cassandra.service.CassandraDaemon";

  /**
   * The JPMS section of Cassandra 5.0's {@code conf/jvm17-server.options}. Without it start-up dies in
   * {@code FileUtils} (IllegalAccessException on {@code DirectBuffer.cleaner}); the rest is what Cassandra's
   * own launch scripts give it on JDK 17, kept whole because trimming it breaks code paths start-up does not
   * reach (memory metering, Chronicle-based audit and full query logs).
   */
  private static final List<String> JDK17_MODULE_ACCESS = List.of(
      "-Djdk.attach.allowAttachSelf=true",
      "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED",
      "--add-exports", "java.management.rmi/com.sun.jmx.remote.internal.rmi=ALL-UNNAMED",
      "--add-exports", "java.rmi/sun.rmi.registry=ALL-UNNAMED",
      "--add-exports", "java.rmi/sun.rmi.server=ALL-UNNAMED",
      "--add-exports", "java.sql/java.sql=ALL-UNNAMED",
      "--add-exports", "java.base/java.lang.ref=ALL-UNNAMED",
      "--add-exports", "jdk.unsupported/sun.misc=ALL-UNNAMED",
      "--add-exports", "jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED",
      "--add-exports", "jdk.attach/sun.tools.attach=ALL-UNNAMED",
      "--add-opens", "java.base/java.lang.module=ALL-UNNAMED",
      "--add-opens", "java.base/jdk.internal.loader=ALL-UNNAMED",
      "--add-opens", "java.base/jdk.internal.ref=ALL-UNNAMED",
      "--add-opens", "java.base/jdk.internal.reflect=ALL-UNNAMED",
      "--add-opens", "java.base/jdk.internal.math=ALL-UNNAMED",
      "--add-opens", "java.base/jdk.internal.module=ALL-UNNAMED",
      "--add-opens", "java.base/jdk.internal.util.jar=ALL-UNNAMED",
      "--add-opens", "jdk.management/com.sun.management.internal=ALL-UNNAMED",
      "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
      "--add-opens", "java.base/java.io=ALL-UNNAMED",
      "--add-opens", "java.base/java.lang.reflect=ALL-UNNAMED",
      "--add-opens", "jdk.compiler/com.sun.tools.javac=ALL-UNNAMED",
      "--add-opens", "java.base/java.lang=ALL-UNNAMED",
      "--add-opens", "java.base/java.util=ALL-UNNAMED",
      // Netty otherwise falls back to ByteBuffer.allocateDirect and can exceed MaxDirectMemorySize.
      "-Dio.netty.tryReflectionSetAccessible=true");

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

  static List<String> command(
      Path java, HeapSize heap, CassandraConfigFiles config, List<Path> classpath, Path setpriv) {
    List<String> command = new ArrayList<>();
    if (setpriv != null) {
      command.add(setpriv.toString());
      command.addAll(WITHOUT_IPC_LOCK);
    }
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
    command.add("-cp");
    command.add(String.join(File.pathSeparator, classpath.stream().map(Path::toString).toList()));
    command.add(MAIN_CLASS);
    return command;
  }
}
