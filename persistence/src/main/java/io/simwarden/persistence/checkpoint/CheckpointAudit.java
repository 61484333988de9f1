package io.simwarden.persistence.checkpoint;

import io.simwarden.persistence.forensics.Recorded;
import java.util.List;
import java.util.Optional;

/**
 * What became of a checkpointed SIM's journal: it must still hold an event at the checkpointed sequence number, with
 * the checkpointed chain value. Events written since are the chain audit's; older events deleted in front of later
 * ones too ({@code verify --full}).
 */
public final class CheckpointAudit {

  /** How the journal falls short of the checkpoint. */
  public enum Kind {
    /** The SIM's last events are gone: its journal ends before the checkpointed sequence number. */
    TRUNCATED,
    /** No event of the SIM is left. */
    VANISHED,
    /** The event at the checkpointed sequence number is not the one checkpointed. */
    DIVERGED
  }

  /**
   * @param found the highest sequence number stored now (TRUNCATED, VANISHED: 0), or the checkpointed one
   */
  public record Finding(String imsi, Kind kind, long checkpointedSeqNr, String checkpointedChain, long found,
      String detail) {}

  private CheckpointAudit() {}

  /**
   * {@code leaf} against the events the journal stores for its SIM from the checkpointed sequence number on
   * ({@code fromCheckpoint}, in order) and, when there are none, the highest sequence number stored at all
   * ({@code highestStored}, 0 for none).
   */
  public static Optional<Finding> compare(CheckpointLeaf leaf, List<Recorded> fromCheckpoint, long highestStored) {
    List<Recorded> at = fromCheckpoint.stream().filter(r -> r.seqNr() == leaf.seqNr()).toList();
    if (!at.isEmpty()) {
      if (at.stream().anyMatch(r -> leaf.chain().equals(r.event().chain()))) {
        return Optional.empty();
      }
      return Optional.of(new Finding(leaf.imsi(), Kind.DIVERGED, leaf.seqNr(), leaf.chain(), leaf.seqNr(),
          "the event stored at seq " + leaf.seqNr() + " has chain " + abbreviate(at.get(0).event().chain())
              + ", the checkpoint " + abbreviate(leaf.chain())));
    }
    if (fromCheckpoint.stream().anyMatch(r -> r.seqNr() > leaf.seqNr())) {
      return Optional.empty();
    }
    if (highestStored == 0) {
      return Optional.of(new Finding(leaf.imsi(), Kind.VANISHED, leaf.seqNr(), leaf.chain(), 0,
          "checkpointed at seq " + leaf.seqNr() + " (chain " + abbreviate(leaf.chain()) + "), no event left"));
    }
    return Optional.of(new Finding(leaf.imsi(), Kind.TRUNCATED, leaf.seqNr(), leaf.chain(), highestStored,
        "checkpointed at seq " + leaf.seqNr() + " (chain " + abbreviate(leaf.chain()) + "), the journal ends at seq "
            + highestStored));
  }

  private static String abbreviate(String chain) {
    return chain == null ? "none" : chain.length() > 16 ? chain.substring(0, 16) + "…" : chain;
  }
}
