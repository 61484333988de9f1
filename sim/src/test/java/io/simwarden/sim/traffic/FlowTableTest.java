package io.simwarden.sim.traffic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simwarden.core.traffic.Direction;
import io.simwarden.core.traffic.Flow;
import io.simwarden.core.traffic.Protocol;
import io.simwarden.sim.random.Rng;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FlowTableTest {

  /** n distinct flows to 10.0.0.0 + i on TCP 23, 40 bytes each. */
  private record Probes(long n) implements FlowPopulation {
    @Override
    public long distinctFlows() {
      return n;
    }

    @Override
    public long totalBytes() {
      return 40 * n;
    }

    @Override
    public void draw(int k, Rng rng, FlowTable into) {
      for (int i = 0; i < k; i++) {
        into.add(0x0A00_0000 + rng.nextInt(1 << 24), Protocol.TCP, 23, Direction.UPLINK, 40, 1, false);
      }
    }
  }

  @Test
  void flowsWithTheSameKeyAreMergedWithTheirTotals() {
    FlowTable t = new FlowTable();
    t.add(1, Protocol.TCP, 443, Direction.UPLINK, 100, 2, true);
    t.add(1, Protocol.TCP, 443, Direction.UPLINK, 50, 1, true);
    t.add(1, Protocol.TCP, 443, Direction.DOWNLINK, 7, 1, true);
    t.add(1, Protocol.UDP, 443, Direction.UPLINK, 9, 1, false);
    List<Flow> flows = t.build(Rng.of(1));
    assertEquals(3, flows.size());
    assertEquals(150, flows.get(0).bytes());
    assertEquals(3, flows.get(0).packets());
  }

  @Test
  void aReportNeverCarriesMoreThan256FlowsAndKeepsTheAddedOnes() {
    FlowTable t = new FlowTable();
    for (int i = 0; i < 10; i++) {
      t.add(0x0102_0300 + i, Protocol.TCP, 8883, Direction.UPLINK, 1_000, 10, true);
    }
    t.addPopulation(new Probes(48_000));
    List<Flow> flows = t.build(Rng.of(2));
    assertEquals(FlowTable.MAX_FLOWS, flows.size());
    assertEquals(10, flows.stream().filter(f -> f.port() == 8883).count());
    assertTrue(flows.stream().filter(f -> f.port() == 23).allMatch(f -> f.bytes() == 40 && f.packets() == 1));
  }

  @Test
  void populationsShareTheRoomByTheirSize() {
    FlowTable t = new FlowTable();
    t.addPopulation(new Probes(30_000));
    t.addPopulation(new FlowPopulation() {
      @Override
      public long distinctFlows() {
        return 10_000;
      }

      @Override
      public long totalBytes() {
        return 0;
      }

      @Override
      public void draw(int k, Rng rng, FlowTable into) {
        for (int i = 0; i < k; i++) {
          into.add(0x0B00_0000, Protocol.UDP, 1 + i, Direction.UPLINK, 540, 1, false);
        }
      }
    });
    List<Flow> flows = t.build(Rng.of(3));
    long udp = flows.stream().filter(f -> f.protocol() == Protocol.UDP).count();
    assertEquals(64, udp, 2);
    assertTrue(flows.size() <= FlowTable.MAX_FLOWS);
  }

  @Test
  void aSmallPopulationIsExportedWhole() {
    FlowTable t = new FlowTable();
    t.addPopulation(new Probes(40));
    List<Flow> flows = t.build(Rng.of(4));
    Set<Long> keys = new HashSet<>();
    flows.forEach(f -> keys.add(f.remote().lo()));
    assertEquals(40, keys.size());
  }
}
