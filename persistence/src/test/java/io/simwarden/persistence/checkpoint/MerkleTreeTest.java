package io.simwarden.persistence.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The RFC 6962 tree against the Certificate Transparency reference vectors, and every path of small trees. */
class MerkleTreeTest {

  private static final HexFormat HEX = HexFormat.of();
  private static final List<String> LEAVES = List.of("", "00", "10", "2021", "3031", "40414243", "5051525354555657",
      "606162636465666768696a6b6c6d6e6f");
  private static final List<String> ROOTS = List.of(
      "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
      "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
      "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
      "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
      "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
      "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
      "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
      "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328");

  private static List<byte[]> leafHashes(int n) {
    return LEAVES.subList(0, n).stream().map(l -> MerkleTree.leafHash(HEX.parseHex(l))).toList();
  }

  private static List<String> hex(List<byte[]> hashes) {
    return hashes.stream().map(HEX::formatHex).toList();
  }

  @Test
  void theRootsOfOneToEightLeavesAreTheReferenceRoots() {
    assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        HEX.formatHex(MerkleTree.root(List.of())));
    for (int n = 1; n <= 8; n++) {
      assertEquals(ROOTS.get(n - 1), HEX.formatHex(MerkleTree.root(leafHashes(n))), "size " + n);
    }
  }

  @Test
  void auditPathsAreTheReferencePaths() {
    assertEquals(List.of(), hex(MerkleTree.path(leafHashes(1), 0)));
    assertEquals(List.of("96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"), hex(MerkleTree.path(leafHashes(8), 0)));
    assertEquals(List.of("bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"), hex(MerkleTree.path(leafHashes(8), 5)));
    assertEquals(List.of("fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"),
        hex(MerkleTree.path(leafHashes(3), 2)));
    assertEquals(List.of("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"), hex(MerkleTree.path(leafHashes(5), 1)));
  }

  @Test
  void everyPathOfEveryTreeUpToSixtyFiveLeavesProvesItsLeafAndNoOther() {
    for (int n = 1; n <= 65; n++) {
      List<byte[]> leaves = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        leaves.add(MerkleTree.leafHash(new byte[] {(byte) i, (byte) (i >> 8)}));
      }
      byte[] root = MerkleTree.root(leaves);
      for (int i = 0; i < n; i++) {
        List<byte[]> path = MerkleTree.path(leaves, i);
        assertTrue(path.size() <= 64 - Long.numberOfLeadingZeros(n - 1), "path length at " + i + " of " + n);
        assertTrue(MerkleTree.proves(leaves.get(i), i, n, path, root), "leaf " + i + " of " + n);
        assertFalse(MerkleTree.proves(leaves.get((i + 1) % n), i, n, path, root) && n > 1, "other leaf at " + i);
        if (n > 1) {
          assertFalse(MerkleTree.proves(leaves.get(i), (i + 1) % n, n, path, root), "other index for " + i);
        }
      }
    }
  }

  @Test
  void aTamperedPathProvesNothing() {
    List<byte[]> leaves = leafHashes(8);
    List<byte[]> path = new ArrayList<>(MerkleTree.path(leaves, 5));
    byte[] changed = path.get(1).clone();
    changed[0] ^= 1;
    path.set(1, changed);
    assertFalse(MerkleTree.proves(leaves.get(5), 5, 8, path, HEX.parseHex(ROOTS.get(7))));
    assertFalse(MerkleTree.proves(leaves.get(5), 5, 8, path.subList(0, 2), HEX.parseHex(ROOTS.get(7))),
        "a path too short");
    assertArrayEquals(HEX.parseHex(ROOTS.get(7)), MerkleTree.rootFromPath(leaves.get(5), 5, 8,
        MerkleTree.path(leaves, 5)).orElseThrow());
  }
}
