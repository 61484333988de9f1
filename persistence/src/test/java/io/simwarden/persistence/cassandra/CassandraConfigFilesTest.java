package io.simwarden.persistence.cassandra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CassandraConfigFilesTest {

  @Test
  void memtablesGetAQuarterOfTheHeapOnAndOffHeap(@TempDir Path dataDir) throws Exception {
    CassandraConfigFiles files = new CassandraConfigFiles(dataDir);

    files.write(19042, 17000, HeapSize.parse("2g"));

    String yaml = Files.readString(files.yaml());
    assertTrue(yaml.contains("\nmemtable_heap_space: 512MiB\n"), yaml);
    assertTrue(yaml.contains("\nmemtable_offheap_space: 512MiB\n"), yaml);
    assertEquals(new CassandraConfigFiles.Ports(19042, 17000), files.readPorts().orElseThrow());
  }

  @Test
  void theDefaultHeapGivesCassandrasOwnDefault() {
    assertEquals(256, CassandraConfigFiles.memtableMegabytes(HeapSize.parse(LocalCassandra.Settings.DEFAULT_HEAP)));
    assertEquals(128, CassandraConfigFiles.memtableMegabytes(HeapSize.parse("512m")));
  }
}
