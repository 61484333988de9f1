package io.simwarden.persistence.checkpoint;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;

/**
 * A signed checkpoint: the {@link MerkleTree} root over every SIM's {@link CheckpointLeaf}, sorted by IMSI, signed
 * with Ed25519. The signature covers the UTF-8 text {@code simwarden-checkpoint-v1 \n journal \n created (epoch ms)
 * \n size \n root}: which journal, when, how many SIMs, and their root.
 *
 * @param journal   the journal's keyspace
 * @param created   when the chain heads were read (millisecond precision, as Cassandra keeps it)
 * @param size      SIMs (leaves)
 * @param root      the tree's root, hex
 * @param signature the Ed25519 signature, Base64
 * @param publicKey the signer's public key (X.509 DER), Base64: which key signed it, not a reason to trust it
 */
public record Checkpoint(String journal, Instant created, long size, String root, String signature,
    String publicKey) {

  private static final HexFormat HEX = HexFormat.of();

  /** The checkpoint of {@code leaves} (any order) of {@code journal} at {@code created}, signed with {@code key}. */
  public static Checkpoint sign(String journal, Instant created, List<CheckpointLeaf> leaves, KeyPair key) {
    List<CheckpointLeaf> sorted = sorted(leaves);
    String root = HEX.formatHex(MerkleTree.root(sorted.stream().map(CheckpointLeaf::hash).toList()));
    Instant at = created.truncatedTo(ChronoUnit.MILLIS);
    try {
      Signature ed = Signature.getInstance("Ed25519");
      ed.initSign(key.getPrivate());
      ed.update(signed(journal, at, sorted.size(), root));
      return new Checkpoint(journal, at, sorted.size(), root, Base64.getEncoder().encodeToString(ed.sign()),
          CheckpointKeys.encode(key.getPublic()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot sign with the checkpoint key: " + e.getMessage(), e);
    }
  }

  /** {@code leaves} in the checkpoint's order: by IMSI. */
  public static List<CheckpointLeaf> sorted(List<CheckpointLeaf> leaves) {
    return leaves.stream().sorted(Comparator.comparing(CheckpointLeaf::imsi)).toList();
  }

  /** Whether the signature is {@code key}'s over this checkpoint's journal, time, size and root. */
  public boolean signedBy(PublicKey key) {
    try {
      Signature ed = Signature.getInstance("Ed25519");
      ed.initVerify(key);
      ed.update(signed(journal, created, size, root));
      return ed.verify(Base64.getDecoder().decode(signature));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false;
    }
  }

  /** Whether {@code leaves} (in checkpoint order) are this checkpoint's: as many, with its root. */
  public boolean holds(List<CheckpointLeaf> leaves) {
    return leaves.size() == size
        && HEX.formatHex(MerkleTree.root(leaves.stream().map(CheckpointLeaf::hash).toList())).equals(root);
  }

  /** {@code root} as bytes. */
  public byte[] rootBytes() {
    return HEX.parseHex(root);
  }

  private static byte[] signed(String journal, Instant created, long size, String root) {
    return ("simwarden-checkpoint-v1\n" + journal + "\n" + created.toEpochMilli() + "\n" + size + "\n" + root)
        .getBytes(StandardCharsets.UTF_8);
  }
}
