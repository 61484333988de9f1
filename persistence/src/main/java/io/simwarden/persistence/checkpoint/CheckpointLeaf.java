package io.simwarden.persistence.checkpoint;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * One SIM in a checkpoint: its chain head as the chain-heads projection had checked it, and the root of its events
 * ({@link EventAccumulator}). Its leaf in the checkpoint's tree is the UTF-8 text
 * {@code imsi \n seqNr \n chain \n eventsSize \n eventsRoot} (every field digits or hex, so the text is unambiguous).
 *
 * @param imsi       the SIM
 * @param seqNr      the highest sequence number checked
 * @param chain      the chain value stored at {@code seqNr}
 * @param eventsSize events in the SIM's event tree (its distinct sequence numbers checked; 0 when the head predates
 *                   event trees)
 * @param eventsRoot the RFC 6962 root of the SIM's event tree, hex
 */
public record CheckpointLeaf(String imsi, long seqNr, String chain, long eventsSize, String eventsRoot) {

  /** The leaf's text, as hashed into the checkpoint's tree. */
  public byte[] bytes() {
    return (imsi + "\n" + seqNr + "\n" + chain + "\n" + eventsSize + "\n" + eventsRoot)
        .getBytes(StandardCharsets.UTF_8);
  }

  /** {@code SHA-256(0x00 ‖ bytes())}. */
  public byte[] hash() {
    return MerkleTree.leafHash(bytes());
  }

  /** The leaf of a SIM whose head holds {@code events}. */
  public static CheckpointLeaf of(String imsi, long seqNr, String chain, EventAccumulator events) {
    return new CheckpointLeaf(imsi, seqNr, chain, events.size(), HexFormat.of().formatHex(events.root()));
  }
}
