package io.simwarden.node.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What {@code simwarden cluster up} started, kept in {@code <dir>/cluster.state} so that {@code status} and
 * {@code down} act on exactly that: each node's PID and ports, the local Cassandra's data dir and CQL port, and
 * whether {@code up} started that Cassandra (one that was already running is left running by {@code down}).
 */
record LocalCluster(Path dir, Path cassandraDataDir, int cqlPort, boolean cassandraStartedHere, List<Member> members) {

  /** One node: its number (1..n), process (PID and start time, epoch milliseconds) and ports. */
  record Member(int number, long pid, long startedMillis, int clusterPort, int httpPort, int managementPort) {
    Path config(Path dir) {
      return dir.resolve("node" + number + ".conf");
    }

    Path log(Path dir) {
      return dir.resolve("node" + number + ".log");
    }
  }

  static final String STATE_FILE = "cluster.state";

  /**
   * The node file of member {@code number}: its ports, and every member's management endpoint as the contact
   * points through which the nodes form one cluster.
   */
  static String nodeConfig(Member member, List<Member> all) {
    String contactPoints = all.stream().map(m -> "\"127.0.0.1:" + m.managementPort() + "\"")
        .collect(Collectors.joining(", ", "[", "]"));
    return "# Node " + member.number() + " of a local cluster started by 'simwarden cluster up'; 'simwarden cluster "
        + "down' stops it.\n"
        + "pekko.remote.artery.canonical.port = " + member.clusterPort() + "\n"
        + "pekko.management.http.port = " + member.managementPort() + "\n"
        + "simwarden.cluster.contact-points = " + contactPoints + "\n"
        + "simwarden.http.port = " + member.httpPort() + "\n";
  }

  void write() {
    List<String> lines = new ArrayList<>();
    lines.add("cassandra " + cassandraDataDir.toAbsolutePath() + " " + cqlPort + " " + cassandraStartedHere);
    for (Member m : members) {
      lines.add("node " + m.number() + " " + m.pid() + " " + m.startedMillis() + " " + m.clusterPort() + " "
          + m.httpPort() + " " + m.managementPort());
    }
    try {
      Files.createDirectories(dir);
      Files.write(dir.resolve(STATE_FILE), lines);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + dir.resolve(STATE_FILE), e);
    }
  }

  /** The cluster {@code up} recorded in {@code dir}, if any. */
  static Optional<LocalCluster> read(Path dir) {
    Path file = dir.resolve(STATE_FILE);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      Path dataDir = null;
      int cqlPort = 0;
      boolean startedHere = false;
      List<Member> members = new ArrayList<>();
      for (String line : Files.readAllLines(file)) {
        String[] f = line.strip().split(" ");
        if (f[0].equals("cassandra") && f.length == 4) {
          dataDir = Path.of(f[1]);
          cqlPort = Integer.parseInt(f[2]);
          startedHere = Boolean.parseBoolean(f[3]);
        } else if (f[0].equals("node") && f.length == 7) {
          members.add(new Member(Integer.parseInt(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3]),
              Integer.parseInt(f[4]), Integer.parseInt(f[5]), Integer.parseInt(f[6])));
        } else if (!line.isBlank()) {
          throw new IllegalStateException(file + " is not a state file of 'simwarden cluster up' (line '" + line
              + "'); remove it once no node of that cluster runs");
        }
      }
      if (dataDir == null) {
        throw new IllegalStateException(file + " names no Cassandra; remove it once no node of that cluster runs");
      }
      return Optional.of(new LocalCluster(dir, dataDir, cqlPort, startedHere, List.copyOf(members)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    } catch (NumberFormatException e) {
      throw new IllegalStateException(file + " is damaged (" + e.getMessage() + "); remove it once no node of that "
          + "cluster runs", e);
    }
  }

  void delete() {
    try {
      Files.deleteIfExists(dir.resolve(STATE_FILE));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + dir.resolve(STATE_FILE), e);
    }
  }

  /**
   * The node process of {@code member}, if it still runs: the same PID started at the same time (a PID the system
   * has since given to another program does not count).
   */
  static Optional<ProcessHandle> process(Member member) {
    return ProcessHandle.of(member.pid()).filter(ProcessHandle::isAlive)
        .filter(p -> member.startedMillis() == 0 || p.info().startInstant()
            .map(s -> Math.abs(s.toEpochMilli() - member.startedMillis()) < 2_000).orElse(true));
  }

  /** When {@code process} started, epoch milliseconds (0 when the system does not say). */
  static long startedMillis(ProcessHandle process) {
    return process.info().startInstant().map(java.time.Instant::toEpochMilli).orElse(0L);
  }
}
