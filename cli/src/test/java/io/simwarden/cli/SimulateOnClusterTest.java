package io.simwarden.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simwarden.core.entity.SimEntity;
import io.simwarden.core.entity.SimFleet;
import io.simwarden.core.policy.SimStatus;
import io.simwarden.core.state.SimState;
import io.simwarden.node.Node;
import io.simwarden.node.NodeTestKit;
import io.simwarden.node.SharedNode;
import io.simwarden.persistence.cassandra.CassandraExtension;
import io.simwarden.sim.archetype.Identities;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.StreamSupport;
import org.apache.pekko.cluster.typed.Cluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code simulate --cluster}: the simulator joins a running node (its own JVM's actor system, talking over
 * Artery on loopback like any other member) as a member that hosts no SIM, and the SIMs end up on the node
 * and in its Cassandra journal.
 */
@ExtendWith(CassandraExtension.class)
class SimulateOnClusterTest {

  private static Node node;
  private static int arteryPort;

  @BeforeAll
  static void startNode() {
    node = NodeTestKit.startOwnCluster(Path.of("target", "cluster-node"), "simulated", SharedNode.TEST_SETTINGS);
    node.apiAddress().toCompletableFuture().join();
    arteryPort = Cluster.get(node.system()).selfMember().address().getPort().get();
  }

  @AfterAll
  static void stopNode() {
    node.stop();
  }

  @Test
  void aSimulationDrivesTheSimsOfARunningClusterAndLeavesThemThere(@TempDir Path dir) throws Exception {
    CliRun r = CliRun.of("simulate", "--cluster", "127.0.0.1:" + arteryPort, "--scenario", "quickstart",
        "--devices", "300", "--duration", "12h", "--out", dir.toString(), "--no-progress");
    assertEquals(0, r.exitCode(), r.err());
    assertTrue(r.out().contains("cluster: joining pekko://simwarden@127.0.0.1:" + arteryPort), r.out());
    assertTrue(r.out().matches("(?s).*mirai\\s+\\d+\\s+[1-9]\\d*.*"), "the Mirai attack was detected:\n" + r.out());
    assertTrue(Files.readString(dir.resolve("report.json")).contains("\"name\": \"quickstart\""));

    // The simulator left; the SIMs stayed on the node, with the state the run gave them.
    Cluster cluster = Cluster.get(node.system());
    Instant deadline = Instant.now().plusSeconds(30);
    while (members(cluster) != 1 && Instant.now().isBefore(deadline)) {
      Thread.sleep(100);
    }
    assertEquals(1, members(cluster), "only the node is left");
    SimFleet sims = new SimFleet(node.system(), Duration.ofSeconds(20));
    SimState first = sims.<SimState>ask(Identities.imsi(0), SimEntity.GetState::new).toCompletableFuture().join();
    assertTrue(first.isProvisioned(), "SIM 0 lives on the node");
    assertEquals(SimStatus.ACTIVE, first.status());

    // The fleet is now in the node's journal: a second run is refused rather than mixed into it.
    CliRun again = CliRun.of("simulate", "--cluster", "127.0.0.1:" + arteryPort, "--scenario", "quickstart",
        "--devices", "10", "--duration", "1h", "--out", dir.toString(), "--no-progress");
    assertEquals(1, again.exitCode(), again.out());
    assertTrue(again.err().contains("already holds a simulated fleet"), again.err());
  }

  private static long members(Cluster cluster) {
    return StreamSupport.stream(cluster.state().getMembers().spliterator(), false).count();
  }

  @Test
  void clusterFlagErrorsAreExplainedAndExitWith2() {
    CliRun bad = CliRun.of("simulate", "--scenario", "quickstart", "--cluster", "localhost");
    assertEquals(2, bad.exitCode());
    assertTrue(bad.err().contains("--cluster must be the host:port of a node's cluster (Artery) endpoint"),
        bad.err());
    CliRun both = CliRun.of("simulate", "--scenario", "quickstart", "--cluster", "127.0.0.1:2551", "--journal",
        "memory");
    assertEquals(2, both.exitCode());
    assertTrue(both.err().contains("--journal cannot be combined with --cluster"), both.err());
  }
}
