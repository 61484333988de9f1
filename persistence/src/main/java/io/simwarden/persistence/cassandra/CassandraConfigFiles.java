package io.simwarden.persistence.cassandra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The files of one local node, all under its data dir: {@code conf/cassandra.yaml}, {@code conf/logback.xml},
 * the PID file, the logs and Cassandra's own directories.
 */
record CassandraConfigFiles(Path dataDir) {

  private static final Pattern CQL_PORT_LINE = Pattern.compile("(?m)^native_transport_port: (\\d+)$");
  private static final Pattern STORAGE_PORT_LINE = Pattern.compile("(?m)^storage_port: (\\d+)$");

  Path yaml() {
    return dataDir.resolve("conf").resolve("cassandra.yaml");
  }

  Path logback() {
    return dataDir.resolve("conf").resolve("logback.xml");
  }

  Path pidFile() {
    return dataDir.resolve("cassandra.pid");
  }

  Path logDir() {
    return dataDir.resolve("logs");
  }

  /** Cassandra's log, written by its logback. */
  Path systemLog() {
    return logDir().resolve("system.log");
  }

  /** The JVM's own stdout and stderr: crashes and errors from before logging started. */
  Path consoleLog() {
    return logDir().resolve("cassandra.out");
  }

  void write(int cqlPort, int storagePort, HeapSize heap) {
    try {
      Files.createDirectories(yaml().getParent());
      Files.createDirectories(logDir());
      Files.writeString(yaml(), yamlText(cqlPort, storagePort, heap));
      Files.writeString(logback(), logbackText());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write Cassandra's configuration under " + dataDir, e);
    }
  }

  /** The ports of the node last configured in this data dir, as written in its yaml. */
  Optional<Ports> readPorts() {
    try {
      String yaml = Files.readString(yaml());
      OptionalInt cql = intValue(CQL_PORT_LINE, yaml);
      OptionalInt storage = intValue(STORAGE_PORT_LINE, yaml);
      return cql.isPresent() && storage.isPresent()
          ? Optional.of(new Ports(cql.getAsInt(), storage.getAsInt()))
          : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  record Ports(int cql, int storage) {}

  private static OptionalInt intValue(Pattern line, String text) {
    Matcher matcher = line.matcher(text);
    return matcher.find() ? OptionalInt.of(Integer.parseInt(matcher.group(1))) : OptionalInt.empty();
  }

  /**
   * Cassandra refuses a yaml without commitlog_sync, partitioner, endpoint_snitch and seed_provider. The seed
   * names its port so that two local nodes on different storage ports never gossip with each other.
   *
   * <p>Memtables get a quarter of the heap on heap and as much off heap, Cassandra's own default, written out so
   * that the yaml shows it. They were 64 MiB each until 2026-12-02: with the journal's five tables sharing them,
   * {@code messages} flushed every ~20 s at 6–8 MiB on heap into 2 MiB SSTables, compaction fell behind on two
   * cores (381 SSTables after 3 M SIMs started), and every new SIM's recovery queries checked each SSTable, so a
   * 2 M-SIM run slowed from 1,600 to 330 SIMs started per second.
   */
  static long memtableMegabytes(HeapSize heap) {
    return heap.megabytes() / 4;
  }

  private String yamlText(int cqlPort, int storagePort, HeapSize heap) {
    return """
        # Written by simwarden's LocalCassandra on each start: edits here are overwritten.
        cluster_name: simwarden-local
        num_tokens: 16
        partitioner: org.apache.cassandra.dht.Murmur3Partitioner
        endpoint_snitch: SimpleSnitch
        seed_provider:
          - class_name: org.apache.cassandra.locator.SimpleSeedProvider
            parameters:
              - seeds: "127.0.0.1:%2$d"
        listen_address: 127.0.0.1
        rpc_address: 127.0.0.1
        native_transport_port: %1$d
        storage_port: %2$d
        commitlog_sync: periodic
        commitlog_sync_period: 10000ms
        memtable_heap_space: %8$dMiB
        memtable_offheap_space: %8$dMiB
        data_file_directories:
          - %3$s
        commitlog_directory: %4$s
        saved_caches_directory: %5$s
        hints_directory: %6$s
        cdc_raw_directory: %7$s
        """.formatted(
            cqlPort,
            storagePort,
            yamlQuoted(dataDir.resolve("data")),
            yamlQuoted(dataDir.resolve("commitlog")),
            yamlQuoted(dataDir.resolve("saved_caches")),
            yamlQuoted(dataDir.resolve("hints")),
            yamlQuoted(dataDir.resolve("cdc_raw")),
            memtableMegabytes(heap));
  }

  private String logbackText() {
    return """
        <configuration>
          <appender name="SYSTEMLOG" class="ch.qos.logback.core.rolling.RollingFileAppender">
            <file>%1$s</file>
            <rollingPolicy class="ch.qos.logback.core.rolling.FixedWindowRollingPolicy">
              <fileNamePattern>%1$s.%%i.zip</fileNamePattern>
              <minIndex>1</minIndex>
              <maxIndex>5</maxIndex>
            </rollingPolicy>
            <triggeringPolicy class="ch.qos.logback.core.rolling.SizeBasedTriggeringPolicy">
              <maxFileSize>20MB</maxFileSize>
            </triggeringPolicy>
            <encoder>
              <pattern>%%-5level [%%thread] %%date{ISO8601} %%logger{0} - %%msg%%n</pattern>
            </encoder>
          </appender>
          <root level="INFO">
            <appender-ref ref="SYSTEMLOG"/>
          </root>
        </configuration>
        """.formatted(xmlEscaped(systemLog()));
  }

  private static String yamlQuoted(Path path) {
    return "'" + path.toString().replace("'", "''") + "'";
  }

  private static String xmlEscaped(Path path) {
    return path.toString()
        .replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
