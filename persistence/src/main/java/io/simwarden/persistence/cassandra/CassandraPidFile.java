package io.simwarden.persistence.cassandra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The PID file of a local node's data dir: writing it, removing it, and finding the node's live process by it. */
final class CassandraPidFile {

  private static final Logger log = LoggerFactory.getLogger(LocalCassandra.class);

  private final CassandraConfigFiles files;

  CassandraPidFile(CassandraConfigFiles files) {
    this.files = files;
  }

  /**
   * The live process named by the PID file, if it is a Cassandra started with this data dir's yaml: a PID
   * reused by an unrelated process after a reboot or crash is never signalled.
   */
  Optional<ProcessHandle> launchedProcess() {
    return readPid()
        .flatMap(ProcessHandle::of)
        .filter(ProcessHandle::isAlive)
        .filter(this::isThisDataDirsCassandra);
  }

  /** Records {@code pid} as the data dir's node. */
  void write(long pid) throws IOException {
    Files.writeString(files.pidFile(), pid + System.lineSeparator());
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

  /** Removes a PID file left behind: called when {@link #launchedProcess()} found no node. */
  void deleteStale() {
    if (Files.exists(files.pidFile())) {
      log.info("Removing stale PID file {}: no Cassandra of this data dir runs under that PID",
          files.pidFile());
      delete();
    }
  }

  void delete() {
    try {
      Files.deleteIfExists(files.pidFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + files.pidFile(), e);
    }
  }
}
