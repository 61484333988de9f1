package io.simwarden.persistence.journal;

import static io.simwarden.core.testing.Sims.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simwarden.core.ValidationException;
import io.simwarden.core.entity.SimEntity;
import io.simwarden.core.entity.SimProtocol.CommandResult;
import io.simwarden.core.id.Imsi;
import io.simwarden.core.policy.ImeiLock;
import io.simwarden.core.testing.Sims;
import io.simwarden.persistence.cassandra.CassandraExtension;
import io.simwarden.persistence.journal.CassandraJournalTestSupport.Running;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(CassandraExtension.class)
class JournalSchemaTest {

  private static String normalized(String cql) {
    return cql.replaceAll("\\s+", " ").replace(" ;", ";").strip();
  }

  @Test
  void cqlFilesCreateExactlyWhatThePluginWouldAutoCreate() {
    List<String> ours = CqlSchema.statements(CqlSchema.simpleReplication(1), CqlSchema.JOURNAL).stream()
        .map(JournalSchemaTest::normalized).toList();
    List<String> plugin = PluginStatements.all().stream().map(JournalSchemaTest::normalized).toList();
    assertEquals(plugin, ours);
  }

  @Test
  void replicationIsValidatedWithMessagesNamingTheFlag() {
    assertEquals("{ 'class' : 'NetworkTopologyStrategy','dc1':3,'dc2':2 }",
        CqlSchema.networkTopologyReplication(List.of("dc1:3", "dc2:2")));
    ValidationException bad = assertThrows(ValidationException.class,
        () -> CqlSchema.networkTopologyReplication(List.of("dc1=3")));
    assertEquals("datacenter-replication", bad.field());
    assertThrows(ValidationException.class, () -> CqlSchema.simpleReplication(0));
  }

  @Test
  void productionConfigWorksOnTheAppliedSchemaWithoutAutoCreation() {
    int statements = CqlSchema.apply(List.of(CassandraExtension.contactPoint()), CassandraExtension.LOCAL_DATACENTER,
        CqlSchema.simpleReplication(1));
    assertEquals(29, statements, "the journal's and snapshots' 9, the read side's 7 and the forensic tables' 10 (each "
        + "table with a retention has an ALTER that applies a changed one; an ALTER adds at_nanos to an older "
        + "forensic_index, two the event accumulator's columns to an older chain_heads) and the checkpoints' 3");
    var production = CassandraContactPoints.config(List.of("127.0.0.1:" + CassandraExtension.cqlPort()),
            CassandraExtension.LOCAL_DATACENTER)
        .withFallback(JournalMode.CASSANDRA.config());
    Imsi imsi = Sims.imsi(50_000);
    try (Running fleet = CassandraJournalTestSupport.start("schema", production)) {
      CommandResult r = fleet.ask(imsi, replyTo -> new SimEntity.Provision(imsi, Sims.iccid(50_000), "acme",
          Sims.meterProfile(), ImeiLock.OFF, List.of(), null, "alice", T0, replyTo));
      assertTrue(r.accepted(), r.error());
      assertEquals(1, fleet.eventsOf(imsi).size());
    }
  }

  @Test
  void contactPointsAreValidated() {
    assertEquals(List.of("10.0.0.5:9042", "[::1]:9043"), CassandraContactPoints.parse(List.of("10.0.0.5:9042",
        "[::1]:9043")));
    ValidationException e = assertThrows(ValidationException.class,
        () -> CassandraContactPoints.parse(List.of("cassandra.local")));
    assertTrue(e.getMessage().contains("host:port"), e.getMessage());
  }
}
