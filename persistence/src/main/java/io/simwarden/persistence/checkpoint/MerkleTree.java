package io.simwarden.persistence.checkpoint;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * The Merkle tree of RFC 6962 (Certificate Transparency), section 2.1, with SHA-256: a leaf hashes as
 * {@code SHA-256(0x00 ‖ leaf)}, an inner node as {@code SHA-256(0x01 ‖ left ‖ right)}, and a tree of {@code n} leaves
 * splits at the largest power of two below {@code n}. The audit path of a leaf has at most {@code ceil(log2 n)}
 * hashes; {@link #rootFromPath} is the verification algorithm of RFC 9162, section 2.1.3.2.
 */
public final class MerkleTree {

  private MerkleTree() {}

  /** {@code SHA-256(0x00 ‖ leaf)}. */
  public static byte[] leafHash(byte[] leaf) {
    MessageDigest sha = sha256();
    sha.update((byte) 0);
    sha.update(leaf);
    return sha.digest();
  }

  /** {@code SHA-256(0x01 ‖ left ‖ right)}. */
  public static byte[] nodeHash(byte[] left, byte[] right) {
    MessageDigest sha = sha256();
    sha.update((byte) 1);
    sha.update(left);
    sha.update(right);
    return sha.digest();
  }

  /** The root of the tree whose leaves hash to {@code leafHashes}, in order; of no leaves, {@code SHA-256()}. */
  public static byte[] root(List<byte[]> leafHashes) {
    if (leafHashes.isEmpty()) {
      return sha256().digest();
    }
    List<byte[]> level = leafHashes;
    // Bottom up, pairing neighbours; an odd last node moves up unpaired: the same tree as RFC 6962's split.
    while (level.size() > 1) {
      List<byte[]> up = new ArrayList<>((level.size() + 1) / 2);
      for (int i = 0; i + 1 < level.size(); i += 2) {
        up.add(nodeHash(level.get(i), level.get(i + 1)));
      }
      if (level.size() % 2 == 1) {
        up.add(level.get(level.size() - 1));
      }
      level = up;
    }
    return level.get(0);
  }

  /** The audit path of leaf {@code index}: the sibling hashes from the leaf up to the root. */
  public static List<byte[]> path(List<byte[]> leafHashes, int index) {
    if (index < 0 || index >= leafHashes.size()) {
      throw new IllegalArgumentException("leaf " + index + " of a tree of " + leafHashes.size());
    }
    List<byte[]> path = new ArrayList<>();
    List<byte[]> level = leafHashes;
    int i = index;
    while (level.size() > 1) {
      int sibling = i ^ 1;
      if (sibling < level.size()) {
        path.add(level.get(sibling));
      }
      List<byte[]> up = new ArrayList<>((level.size() + 1) / 2);
      for (int j = 0; j + 1 < level.size(); j += 2) {
        up.add(nodeHash(level.get(j), level.get(j + 1)));
      }
      if (level.size() % 2 == 1) {
        up.add(level.get(level.size() - 1));
      }
      level = up;
      i /= 2;
    }
    return path;
  }

  /**
   * The root that leaf {@code index} of a tree of {@code size} leaves, hashing to {@code leafHash}, proves with
   * {@code path}; empty when the path does not fit the index and size (RFC 9162, 2.1.3.2).
   */
  public static java.util.Optional<byte[]> rootFromPath(byte[] leafHash, long index, long size, List<byte[]> path) {
    if (index < 0 || index >= size) {
      return java.util.Optional.empty();
    }
    long fn = index;
    long sn = size - 1;
    byte[] r = leafHash;
    for (byte[] p : path) {
      if (sn == 0) {
        return java.util.Optional.empty();
      }
      if ((fn & 1) == 1 || fn == sn) {
        r = nodeHash(p, r);
        if ((fn & 1) == 0) {
          while ((fn & 1) == 0 && fn != 0) {
            fn >>= 1;
            sn >>= 1;
          }
        }
      } else {
        r = nodeHash(r, p);
      }
      fn >>= 1;
      sn >>= 1;
    }
    return sn == 0 ? java.util.Optional.of(r) : java.util.Optional.empty();
  }

  /** Whether {@code path} proves leaf {@code index} (hashing to {@code leafHash}) in the tree of {@code root}. */
  public static boolean proves(byte[] leafHash, long index, long size, List<byte[]> path, byte[] root) {
    return rootFromPath(leafHash, index, size, path).map(r -> MessageDigest.isEqual(r, root)).orElse(false);
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
