package io.simwarden.persistence.checkpoint;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A SIM's events as a Merkle Mountain Range that grows one event at a time: the roots of the perfect subtrees its
 * events so far make ({@code peaks}, largest first, one per set bit of {@code size}: at most 64, about
 * {@code log2(events)}). Folded from the right, {@code root = node(peak0, node(peak1, … peakK))}, the peaks give
 * exactly the {@link MerkleTree} (RFC 6962) root of the same events: an event's inclusion proof is an ordinary
 * RFC 6962 audit path, checked by the same code as a SIM's place in a checkpoint. The chain-heads projection keeps
 * the peaks in each SIM's head row and appends the events it checks; it never needs the older events again.
 *
 * <p>An event's leaf is {@code seqNr (8 bytes, big-endian) ‖ chain value (64 hex digits, ASCII)}.
 *
 * @param size  events appended
 * @param peaks the perfect subtrees' roots, largest first
 */
public record EventAccumulator(long size, List<byte[]> peaks) {

  private static final HexFormat HEX = HexFormat.of();

  /** No events yet. */
  public static final EventAccumulator EMPTY = new EventAccumulator(0, List.of());

  public EventAccumulator {
    peaks = List.copyOf(peaks);
    if (peaks.size() != Long.bitCount(size)) {
      throw new IllegalArgumentException(size + " events make " + Long.bitCount(size) + " peaks, not "
          + peaks.size());
    }
  }

  /** The leaf hash of the event at {@code seqNr} with chain value {@code chain}. */
  public static byte[] eventLeafHash(long seqNr, String chain) {
    byte[] text = chain.getBytes(StandardCharsets.US_ASCII);
    return MerkleTree.leafHash(ByteBuffer.allocate(8 + text.length).putLong(seqNr).put(text).array());
  }

  /** With the event at {@code seqNr} with chain value {@code chain} appended. */
  public EventAccumulator append(long seqNr, String chain) {
    List<byte[]> next = new ArrayList<>(peaks);
    byte[] carry = eventLeafHash(seqNr, chain);
    // Each trailing one bit of size is a peak as high as what is carried: merge them, as binary addition does.
    for (long s = size; (s & 1) == 1; s >>= 1) {
      carry = MerkleTree.nodeHash(next.remove(next.size() - 1), carry);
    }
    next.add(carry);
    return new EventAccumulator(size + 1, next);
  }

  /** The RFC 6962 root of the events appended ({@code SHA-256()} of none). */
  public byte[] root() {
    if (peaks.isEmpty()) {
      return MerkleTree.root(List.of());
    }
    byte[] root = peaks.get(peaks.size() - 1);
    for (int i = peaks.size() - 2; i >= 0; i--) {
      root = MerkleTree.nodeHash(peaks.get(i), root);
    }
    return root;
  }

  /** The peaks in hex, as the chain-head table stores them. */
  public List<String> encodedPeaks() {
    return peaks.stream().map(HEX::formatHex).toList();
  }

  /** The accumulator {@link #encodedPeaks} stored. */
  public static EventAccumulator decode(long size, List<String> peaks) {
    return new EventAccumulator(size, peaks.stream().map(HEX::parseHex).toList());
  }
}
