package io.simwarden.persistence.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.simwarden.core.event.EventChain;
import io.simwarden.core.event.SampleEvents;
import io.simwarden.core.event.SimEvent;
import io.simwarden.persistence.checkpoint.CheckpointAudit.Kind;
import io.simwarden.persistence.forensics.Recorded;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CheckpointAuditTest {

  private static final String SIM = "208010000000001";

  private static List<Recorded> journal() {
    List<SimEvent> sealed = EventChain.seal(EventChain.GENESIS, SampleEvents.oneOfEachType());
    List<Recorded> out = new ArrayList<>();
    for (int i = 0; i < sealed.size(); i++) {
      out.add(new Recorded(SIM, i + 1, sealed.get(i)));
    }
    return out;
  }

  private static CheckpointLeaf leafAt(List<Recorded> j, int seqNr) {
    return new CheckpointLeaf(SIM, seqNr, j.get(seqNr - 1).event().chain(), 0, "");
  }

  private static Optional<Kind> kind(CheckpointLeaf leaf, List<Recorded> j) {
    List<Recorded> from = j.stream().filter(r -> r.seqNr() >= leaf.seqNr()).toList();
    long highest = j.isEmpty() ? 0 : j.get(j.size() - 1).seqNr();
    return CheckpointAudit.compare(leaf, from, highest).map(CheckpointAudit.Finding::kind);
  }

  @Test
  void aJournalAtOrPastTheCheckpointHasNoFinding() {
    List<Recorded> j = journal();
    assertEquals(Optional.empty(), kind(leafAt(j, 10), j));
    assertEquals(Optional.empty(), kind(leafAt(j, j.size()), j));
  }

  @Test
  void aTailDeletedBelowTheCheckpointIsTruncatedAndAllDeletedIsVanished() {
    List<Recorded> j = journal();
    CheckpointLeaf leaf = leafAt(j, 10);
    CheckpointAudit.Finding f = CheckpointAudit.compare(leaf, List.of(), 7).orElseThrow();
    assertEquals(Kind.TRUNCATED, f.kind());
    assertEquals(7, f.found());
    assertEquals(Optional.of(Kind.TRUNCATED), kind(leaf, j.subList(0, 9)));
    assertEquals(Optional.of(Kind.VANISHED), kind(leaf, List.of()));
  }

  @Test
  void anotherEventAtTheCheckpointedSequenceNumberDiverged() {
    List<Recorded> j = journal();
    CheckpointLeaf leaf = new CheckpointLeaf(SIM, 10, j.get(10).event().chain(), 0, "");
    assertEquals(Optional.of(Kind.DIVERGED), kind(leaf, j));
  }
}
