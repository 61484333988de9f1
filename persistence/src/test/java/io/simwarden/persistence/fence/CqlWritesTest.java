package io.simwarden.persistence.fence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchType;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CqlWritesTest {

  @Test
  void dataChangesAreWritesWhateverTheirCaseAndLeadingSpace() {
    for (String cql : List.of("INSERT INTO ks.t (a) VALUES (1)", "  insert into ks.t (a) values (1)",
        "\n\tUPDATE ks.t SET a = 1 WHERE k = 0", "delete from ks.t where k = 0", "TRUNCATE ks.t",
        "BEGIN UNLOGGED BATCH INSERT INTO ks.t (a) VALUES (1); APPLY BATCH")) {
      assertTrue(CqlWrites.writes(cql), cql);
    }
  }

  @Test
  void readsAndSchemaChangesAreNotWrites() {
    for (String cql : List.of("SELECT * FROM ks.t", "select sequence_nr from ks.messages", "CREATE TABLE ks.t (a int "
        + "PRIMARY KEY)", "ALTER TABLE ks.t ADD b int", "DROP TABLE ks.t", "USE ks", "", "   ", "INSERTED",
        "UPDATES")) {
      assertFalse(CqlWrites.writes(cql), cql);
    }
  }

  @Test
  void aBatchIsAWriteAndASimpleStatementIsJudgedByItsText() {
    assertEquals(Optional.of("a batch of 0 statements"),
        CqlWrites.written(BatchStatement.newInstance(BatchType.UNLOGGED)));
    assertEquals(Optional.of("a batch of 2 statements, the first: INSERT INTO ks.t (a) VALUES (1)"),
        CqlWrites.written(BatchStatement.newInstance(BatchType.UNLOGGED,
            SimpleStatement.newInstance("INSERT INTO ks.t (a) VALUES (1)"),
            SimpleStatement.newInstance("INSERT INTO ks.t (a) VALUES (2)"))));
    assertEquals(Optional.of("INSERT INTO ks.t (a) VALUES (1)"),
        CqlWrites.written(SimpleStatement.newInstance(" INSERT INTO ks.t (a) VALUES (1)")));
    assertEquals(Optional.empty(), CqlWrites.written(SimpleStatement.newInstance("SELECT a FROM ks.t")));
  }
}
