package io.simwarden.persistence.forensics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.simwarden.core.event.EventChain;
import io.simwarden.core.event.SampleEvents;
import io.simwarden.core.event.SimEvent;
import io.simwarden.persistence.forensics.ChainAudit.Finding;
import io.simwarden.persistence.forensics.ChainAudit.Kind;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ChainAuditTest {

  private static final String SIM = "208010000000001";

  /** Every event type once, sealed into a chain, stored at sequence numbers 1, 2, ... */
  private static List<Recorded> journal() {
    List<SimEvent> sealed = EventChain.seal(EventChain.GENESIS, SampleEvents.oneOfEachType());
    List<Recorded> out = new ArrayList<>();
    for (int i = 0; i < sealed.size(); i++) {
      out.add(new Recorded(SIM, i + 1, sealed.get(i)));
    }
    return out;
  }

  private static List<String> kinds(List<Finding> findings) {
    return findings.stream().map(f -> f.kind() + "@" + f.seqNr()).toList();
  }

  @Test
  void anIntactChainHasNoFinding() {
    assertEquals(List.of(), ChainAudit.audit(SIM, journal()));
  }

  @Test
  void anAlteredEventIsNamedAndNothingElse() {
    List<Recorded> j = journal();
    Recorded usage = j.get(17);
    SimEvent.UsageRecorded u = (SimEvent.UsageRecorded) usage.event();
    SimEvent.UsageRecorded changed = new SimEvent.UsageRecorded(u.at(), u.windowStart(), u.partial(),
        u.uplinkBytes() - 1, u.downlinkBytes(), u.packets(), u.flows(), u.smsMo(), u.smsMt(), u.attaches(),
        u.detaches(), u.throttled(), u.endpoints(), u.endpointsDropped(), u.chain());
    j.set(17, new Recorded(SIM, usage.seqNr(), changed));
    assertEquals(List.of("ALTERED@18"), kinds(ChainAudit.audit(SIM, j)));
  }

  @Test
  void anAlteredEventWhoseChainValueWasRecomputedIsCaughtAtItsSuccessor() {
    List<Recorded> j = journal();
    SimEvent.Suspended s = (SimEvent.Suspended) j.get(18).event();
    SimEvent forged = new SimEvent.Suspended(s.at(), "someone-else", s.reason(), null);
    j.set(18, new Recorded(SIM, 19, forged.withChain(EventChain.next(j.get(17).event().chain(), forged))));
    assertEquals(List.of("ALTERED@20"), kinds(ChainAudit.audit(SIM, j)));
  }

  @Test
  void aDroppedEventIsNamedOnce() {
    List<Recorded> j = journal();
    j.remove(4);
    assertEquals(List.of("DROPPED@5"), kinds(ChainAudit.audit(SIM, j)));
    j.remove(0);
    assertEquals(List.of("DROPPED@1", "DROPPED@5"), kinds(ChainAudit.audit(SIM, j)));
  }

  @Test
  void twoSwappedEventsAreBothNamedWithWhereTheyBelong() {
    List<Recorded> j = journal();
    swap(j, 6, 7);
    List<Finding> findings = ChainAudit.audit(SIM, j);
    assertEquals(List.of("REORDERED@7", "REORDERED@8"), kinds(findings));
    assertEquals("AttachAccepted belongs at sequence number 7", findings.get(1).detail());
  }

  @Test
  void aMovedEventNamesEveryShiftedPosition() {
    List<Recorded> j = journal();
    swap(j, 2, 3);
    swap(j, 3, 4);
    assertEquals(List.of("REORDERED@3", "REORDERED@4", "REORDERED@5"), kinds(ChainAudit.audit(SIM, j)));
  }

  @Test
  void randomSingleSwapsAreAlwaysFoundAtExactlyThoseTwoPositions() {
    Random random = new Random(7);
    for (int round = 0; round < 50; round++) {
      List<Recorded> j = journal();
      int a = random.nextInt(j.size() - 1);
      int b = a + 1 + random.nextInt(j.size() - a - 1);
      swap(j, a, b);
      assertEquals(List.of("REORDERED@" + (a + 1), "REORDERED@" + (b + 1)), kinds(ChainAudit.audit(SIM, j)),
          "swap " + a + "," + b);
    }
  }

  /** Swaps the stored events at two list positions, each keeping its slot's sequence number. */
  private static void swap(List<Recorded> j, int a, int b) {
    SimEvent ea = j.get(a).event();
    j.set(a, new Recorded(SIM, a + 1, j.get(b).event()));
    j.set(b, new Recorded(SIM, b + 1, ea));
  }
}
