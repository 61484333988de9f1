package io.simwarden.persistence.cassandra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(CassandraExtension.class)
class LocalCassandraTest {

  private static final Duration DDL_TIMEOUT = Duration.ofSeconds(30);

  private static CqlSession connect(InetSocketAddress contactPoint) {
    return CqlSession.builder()
        .addContactPoint(contactPoint)
        .withLocalDatacenter(CassandraExtension.LOCAL_DATACENTER)
        .build();
  }

  /** Schema changes wait for the node's agreement: on a loaded box far longer than the driver's 2 s default. */
  private static void createSimsTable(CqlSession session) {
    session.execute(SimpleStatement.newInstance("CREATE KEYSPACE IF NOT EXISTS launcher_test WITH replication ="
        + " {'class': 'SimpleStrategy', 'replication_factor': 1}").setTimeout(DDL_TIMEOUT));
    session.execute(SimpleStatement.newInstance("CREATE TABLE IF NOT EXISTS launcher_test.sims"
        + " (imsi text PRIMARY KEY, status text, attaches int)").setTimeout(DDL_TIMEOUT));
  }

  private static LocalCassandra.Settings freshSettings(String dataDirName) {
    int cqlPort = CassandraExtension.freePort();
    int storagePort = CassandraExtension.freePort();
    return LocalCassandra.Settings.defaults()
        .withDataDir(CassandraExtension.freshDataDir(dataDirName))
        .withCqlPort(cqlPort)
        .withStoragePort(storagePort == cqlPort ? CassandraExtension.freePort() : storagePort)
        .withHeap(HeapSize.parse("512m"));
  }

  private static boolean alive(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  @Test
  void rowsWrittenThroughCqlAreReadBack() {
    try (CqlSession session = connect(CassandraExtension.contactPoint())) {
      createSimsTable(session);
      PreparedStatement insert =
          session.prepare("INSERT INTO launcher_test.sims (imsi, status, attaches) VALUES (?, ?, ?)");
      for (int i = 0; i < 100; i++) {
        session.execute(insert.bind(String.format("00101%010d", i), i % 2 == 0 ? "ACTIVE" : "SUSPENDED", i));
      }

      Map<String, Row> rows = new HashMap<>();
      session.execute("SELECT imsi, status, attaches FROM launcher_test.sims")
          .forEach(row -> rows.put(row.getString("imsi"), row));

      assertEquals(100, rows.size());
      assertEquals("SUSPENDED", rows.get("001010000000041").getString("status"));
      assertEquals(41, rows.get("001010000000041").getInt("attaches"));
    }
  }

  @Test
  void startOnTheRunningNodeReusesIt() {
    LocalCassandra.Started again = new LocalCassandra(CassandraExtension.settings()).start();

    assertTrue(again.reused());
    assertEquals(CassandraExtension.pid(), again.node().pid());
    assertEquals(CassandraExtension.cqlPort(), again.node().cqlPort());
  }

  @Test
  void statusReportsTheRunningNode() {
    LocalCassandra.Status status = new LocalCassandra(CassandraExtension.settings()).status();

    LocalCassandra.Running running = assertInstanceOf(LocalCassandra.Running.class, status);
    assertEquals(CassandraExtension.pid(), running.pid());
    assertEquals(CassandraExtension.cqlPort(), running.cqlPort());
    assertTrue(running.cqlReady());
  }

  @Test
  void startOnATakenCqlPortFailsNamingThePortAndTheOption() {
    int taken = CassandraExtension.cqlPort();
    LocalCassandra second = new LocalCassandra(freshSettings("cassandra-test-cql-clash").withCqlPort(taken));

    CassandraLaunchException failure = assertThrows(CassandraLaunchException.class, second::start);

    assertTrue(failure.getMessage().startsWith("CQL port " + taken + " "), failure.getMessage());
    assertTrue(failure.getMessage().contains("--cql-port"), failure.getMessage());
    assertInstanceOf(LocalCassandra.NotRunning.class, second.status());
  }

  @Test
  void startOnATakenStoragePortFailsNamingThePortAndTheOption() {
    int taken = CassandraExtension.settings().storagePort();
    LocalCassandra second =
        new LocalCassandra(freshSettings("cassandra-test-storage-clash").withStoragePort(taken));

    CassandraLaunchException failure = assertThrows(CassandraLaunchException.class, second::start);

    assertTrue(failure.getMessage().startsWith("storage port " + taken + " "), failure.getMessage());
    assertTrue(failure.getMessage().contains("--storage-port"), failure.getMessage());
  }

  @Test
  void aNodeThatDiesWhileStartingIsReportedWithItsExitCodeAndLog(@TempDir Path scratch) throws IOException {
    Path fakeJava = scratch.resolve("java");
    Files.writeString(fakeJava, "#!/bin/sh\necho 'Error: no room for the heap'\nexit 7\n");
    Files.setPosixFilePermissions(fakeJava, PosixFilePermissions.fromString("rwxr-xr-x"));
    LocalCassandra doomed = new LocalCassandra(freshSettings("cassandra-test-dies").withJava(fakeJava));

    CassandraLaunchException failure = assertThrows(CassandraLaunchException.class, doomed::start);

    assertTrue(failure.getMessage().contains("exit code 7"), failure.getMessage());
    assertTrue(failure.getMessage().contains("Error: no room for the heap"), failure.getMessage());
    assertFalse(Files.exists(doomed.settings().dataDir().resolve("cassandra.pid")));
  }

  @Test
  void stopLeavesNoProcessAndDataSurvivesARestart() {
    LocalCassandra node = new LocalCassandra(freshSettings("cassandra-test-stop")).stopOnJvmExit();
    try {
      LocalCassandra.Started first = node.start();
      assertFalse(first.reused());
      InetSocketAddress contactPoint = new InetSocketAddress(CqlProbe.LOOPBACK, first.node().cqlPort());
      try (CqlSession session = connect(contactPoint)) {
        createSimsTable(session);
        session.execute("INSERT INTO launcher_test.sims (imsi, status, attaches) VALUES ('001010000000007', 'ACTIVE', 3)");
      }

      LocalCassandra.Stopped stopped = node.stop();

      assertEquals(first.node().pid(), stopped.pid().orElseThrow());
      assertFalse(alive(first.node().pid()));
      assertFalse(Files.exists(node.settings().dataDir().resolve("cassandra.pid")));
      assertInstanceOf(LocalCassandra.NotRunning.class, node.status());
      assertTrue(node.stop().pid().isEmpty());

      LocalCassandra.Started second = node.start();
      assertFalse(second.reused());
      try (CqlSession session = connect(contactPoint)) {
        Row row = session.execute("SELECT attaches FROM launcher_test.sims WHERE imsi = '001010000000007'").one();
        assertEquals(3, row.getInt("attaches"));
      }
      long secondPid = second.node().pid();
      node.stop();
      assertFalse(alive(secondPid));
    } finally {
      node.stop();
    }
  }
}
