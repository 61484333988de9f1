package io.simwarden.persistence.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simwarden.core.ValidationException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Signed checkpoints and inclusion proofs: what holds, and that each changed byte makes them fail. */
class CheckpointTest {

  private static final KeyPair KEY = CheckpointKeys.generate();
  private static final Instant AT = Instant.parse("2026-03-01T12:00:00.123Z");

  private static String chain(String imsi, long seqNr) {
    return String.format("%064x", (imsi.hashCode() * 31L + seqNr) * 0x9E3779B97F4A7C15L);
  }

  /** Five SIMs with 1, 2, 7, 8 and 13 events, listed out of IMSI order. */
  private static List<List<String>> fleet() {
    List<List<String>> sims = new ArrayList<>();
    int[] counts = {8, 1, 13, 2, 7};
    for (int i = 0; i < counts.length; i++) {
      String imsi = "00101000000000" + (4 - i);
      List<String> chains = new ArrayList<>();
      for (long s = 1; s <= counts[i]; s++) {
        chains.add(chain(imsi, s));
      }
      List<String> sim = new ArrayList<>(List.of(imsi));
      sim.addAll(chains);
      sims.add(sim);
    }
    return sims;
  }

  private static CheckpointLeaf leaf(List<String> sim) {
    EventAccumulator acc = EventAccumulator.EMPTY;
    for (int s = 1; s < sim.size(); s++) {
      acc = acc.append(s, sim.get(s));
    }
    return CheckpointLeaf.of(sim.get(0), sim.size() - 1, sim.get(sim.size() - 1), acc);
  }

  private static List<CheckpointLeaf> leaves() {
    return fleet().stream().map(CheckpointTest::leaf).toList();
  }

  private static InclusionProof proof(List<String> sim, int seqNr, Checkpoint checkpoint) {
    List<CheckpointLeaf> sorted = Checkpoint.sorted(leaves());
    List<byte[]> events = new ArrayList<>();
    for (int s = 1; s < sim.size(); s++) {
      events.add(EventAccumulator.eventLeafHash(s, sim.get(s)));
    }
    int leafIndex = sorted.indexOf(leaf(sim));
    return InclusionProof.of(sim.get(0), seqNr, sim.get(seqNr), events, seqNr - 1, sorted, leafIndex, checkpoint);
  }

  @Test
  void aCheckpointIsSignedOverItsJournalTimeSizeAndRoot() {
    Checkpoint c = Checkpoint.sign("simwarden", AT, leaves(), KEY);
    assertEquals(5, c.size());
    assertTrue(c.signedBy(KEY.getPublic()));
    assertTrue(c.holds(Checkpoint.sorted(leaves())));
    assertFalse(c.holds(leaves().subList(0, 4)), "a leaf left out");
    String otherRoot = (c.root().charAt(0) == '0' ? "1" : "0") + c.root().substring(1);
    assertFalse(new Checkpoint(c.journal(), c.created(), c.size(), otherRoot, c.signature(), c.publicKey())
        .signedBy(KEY.getPublic()), "a changed root");
    assertFalse(new Checkpoint(c.journal(), c.created(), c.size() - 1, c.root(), c.signature(), c.publicKey())
        .signedBy(KEY.getPublic()), "a changed size");
    assertFalse(new Checkpoint("other", c.created(), c.size(), c.root(), c.signature(), c.publicKey())
        .signedBy(KEY.getPublic()), "another journal");
    assertFalse(new Checkpoint(c.journal(), c.created().plusMillis(1), c.size(), c.root(), c.signature(),
        c.publicKey()).signedBy(KEY.getPublic()), "another time");
    assertFalse(c.signedBy(CheckpointKeys.generate().getPublic()), "another key");
  }

  @Test
  void everyEventOfEverySimHasAProofThatHoldsAndIsLogarithmic() {
    Checkpoint c = Checkpoint.sign("simwarden", AT, leaves(), KEY);
    for (List<String> sim : fleet()) {
      for (int s = 1; s < sim.size(); s++) {
        InclusionProof p = proof(sim, s, c);
        assertEquals(Optional.empty(), p.refute(KEY.getPublic()), sim.get(0) + " seq " + s);
        assertTrue(p.eventPath().size() <= 4 && p.checkpointPath().size() <= 3, "path lengths");
      }
    }
  }

  @Test
  void aProofFailsWhenOneByteOfTheChainValueOrAnyPartChanges() {
    Checkpoint c = Checkpoint.sign("simwarden", AT, leaves(), KEY);
    InclusionProof p = proof(fleet().get(2), 6, c);
    String chain = p.chain();
    String changed = chain.substring(0, 10) + (chain.charAt(10) == 'a' ? 'b' : 'a') + chain.substring(11);
    assertTrue(with(p, changed, p.seqNr(), p.leaf(), p.checkpoint()).refute(KEY.getPublic()).orElseThrow()
        .contains("events root"));
    assertTrue(with(p, chain, 5, p.leaf(), p.checkpoint()).refute(KEY.getPublic()).isPresent(), "another seqNr");
    CheckpointLeaf l = p.leaf();
    assertTrue(with(p, chain, p.seqNr(), new CheckpointLeaf(l.imsi(), l.seqNr() + 1, l.chain(), l.eventsSize(),
        l.eventsRoot()), p.checkpoint()).refute(KEY.getPublic()).orElseThrow().contains("checkpoint's root"));
    KeyPair other = CheckpointKeys.generate();
    Checkpoint forged = Checkpoint.sign("simwarden", AT, leaves(), other);
    assertTrue(with(p, chain, p.seqNr(), l, forged).refute(KEY.getPublic()).orElseThrow()
        .contains("another signing key"));
    Checkpoint reSigned = new Checkpoint(c.journal(), c.created(), c.size(), c.root(), forged.signature(),
        c.publicKey());
    assertTrue(with(p, chain, p.seqNr(), l, reSigned).refute(KEY.getPublic()).orElseThrow().contains("signature"));
  }

  private static InclusionProof with(InclusionProof p, String chain, long seqNr, CheckpointLeaf leaf, Checkpoint c) {
    return new InclusionProof(p.imsi(), seqNr, chain, p.eventIndex(), p.eventPath(), leaf, p.leafIndex(),
        p.checkpointPath(), c);
  }

  @Test
  void proofsAndExportsSurviveTheirJsonFiles(@TempDir Path dir) throws Exception {
    Checkpoint c = Checkpoint.sign("simwarden", AT, leaves(), KEY);
    InclusionProof p = proof(fleet().get(0), 3, c);
    Path file = dir.resolve("proof.json");
    Files.writeString(file, CheckpointJson.write(p));
    assertEquals(p, CheckpointJson.read(file, InclusionProof.class, "proof"));
    Path export = dir.resolve("checkpoint.json");
    Files.writeString(export, CheckpointJson.write(new CheckpointJson.Export(c, Checkpoint.sorted(leaves()))));
    CheckpointJson.Export back = CheckpointJson.read(export, CheckpointJson.Export.class, "checkpoint");
    assertEquals(c, back.checkpoint());
    assertTrue(back.checkpoint().holds(back.leaves()));
    Files.writeString(file, "{\"imsi\": \"001010000000001\"}");
    ValidationException e = assertThrows(ValidationException.class,
        () -> CheckpointJson.read(file, InclusionProof.class, "proof"));
    assertEquals("proof", e.field());
  }

  @Test
  void keysSurviveTheirFilesAndABadFileNamesItsFlag(@TempDir Path dir) throws Exception {
    Path keyFile = dir.resolve("checkpoint.key");
    Path pub = dir.resolve("checkpoint.pub");
    CheckpointKeys.write(KEY, keyFile, pub);
    KeyPair read = CheckpointKeys.read(keyFile, "key-file");
    Checkpoint c = Checkpoint.sign("simwarden", AT, leaves(), read);
    assertTrue(c.signedBy(CheckpointKeys.readPublic(pub, "public-key")));
    assertTrue(c.signedBy(KEY.getPublic()));
    assertFalse(Files.readString(pub).contains("PRIVATE"));
    ValidationException e = assertThrows(ValidationException.class, () -> CheckpointKeys.read(pub, "key-file"));
    assertEquals("key-file", e.field());
    assertEquals("public-key", assertThrows(ValidationException.class,
        () -> CheckpointKeys.readPublic(dir.resolve("missing"), "public-key")).field());
  }
}
