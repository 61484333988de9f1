package io.simwarden.persistence.checkpoint;

import java.security.PublicKey;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * That one event is in a signed checkpoint, checkable with the proof, the event's chain value and the signer's
 * public key alone: the event's audit path in its SIM's event tree (up to the SIM's {@code eventsRoot}), the SIM
 * leaf's audit path in the checkpoint's tree (up to its signed root), and the checkpoint. Its size grows as
 * {@code log2(events of the SIM) + log2(SIMs)} hashes.
 *
 * @param imsi           the SIM
 * @param seqNr          the event's sequence number
 * @param chain          the event's chain value (which commits to the event's content and everything before it)
 * @param eventIndex     the event's place in the SIM's event tree (0-based)
 * @param eventPath      its audit path there, hex
 * @param leaf           the SIM's leaf in the checkpoint
 * @param leafIndex      the leaf's place in the checkpoint's tree (0-based, by IMSI)
 * @param checkpointPath its audit path there, hex
 * @param checkpoint     the signed checkpoint
 */
public record InclusionProof(String imsi, long seqNr, String chain, long eventIndex, List<String> eventPath,
    CheckpointLeaf leaf, long leafIndex, List<String> checkpointPath, Checkpoint checkpoint) {

  private static final HexFormat HEX = HexFormat.of();

  public InclusionProof {
    eventPath = List.copyOf(eventPath);
    checkpointPath = List.copyOf(checkpointPath);
  }

  /** Why the proof does not hold with {@code trusted} as the signer's key; empty when it holds. */
  public Optional<String> refute(PublicKey trusted) {
    if (!CheckpointKeys.encode(trusted).equals(checkpoint.publicKey())) {
      return Optional.of("the checkpoint names another signing key than the trusted public key");
    }
    if (!checkpoint.signedBy(trusted)) {
      return Optional.of("the checkpoint's signature does not match its journal, time, size and root");
    }
    if (!leaf.imsi().equals(imsi) || seqNr < 1 || seqNr > leaf.seqNr()) {
      return Optional.of("the SIM leaf (" + leaf.imsi() + " up to seq " + leaf.seqNr() + ") does not cover "
          + imsi + " seq " + seqNr);
    }
    try {
      if (!MerkleTree.proves(EventAccumulator.eventLeafHash(seqNr, chain), eventIndex, leaf.eventsSize(),
          decode(eventPath), HEX.parseHex(leaf.eventsRoot()))) {
        return Optional.of("the event's chain value and path do not lead to the SIM's events root "
            + leaf.eventsRoot());
      }
      if (!MerkleTree.proves(leaf.hash(), leafIndex, checkpoint.size(), decode(checkpointPath),
          checkpoint.rootBytes())) {
        return Optional.of("the SIM leaf and its path do not lead to the checkpoint's root " + checkpoint.root());
      }
    } catch (IllegalArgumentException notHex) {
      return Optional.of("a hash is not hex: " + notHex.getMessage());
    }
    return Optional.empty();
  }

  /** The proof of event {@code eventIndex} among {@code eventLeafHashes} and leaf {@code leafIndex} of {@code leaves}. */
  public static InclusionProof of(String imsi, long seqNr, String chain, List<byte[]> eventLeafHashes,
      int eventIndex, List<CheckpointLeaf> leaves, int leafIndex, Checkpoint checkpoint) {
    List<byte[]> leafHashes = leaves.stream().map(CheckpointLeaf::hash).toList();
    return new InclusionProof(imsi, seqNr, chain, eventIndex, encode(MerkleTree.path(eventLeafHashes, eventIndex)),
        leaves.get(leafIndex), leafIndex, encode(MerkleTree.path(leafHashes, leafIndex)), checkpoint);
  }

  private static List<String> encode(List<byte[]> hashes) {
    return hashes.stream().map(HEX::formatHex).toList();
  }

  private static List<byte[]> decode(List<String> hashes) {
    return hashes.stream().map(HEX::parseHex).toList();
  }
}
