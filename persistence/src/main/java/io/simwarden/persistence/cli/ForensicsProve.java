package io.simwarden.persistence.cli;

import io.simwarden.core.ValidationException;
import io.simwarden.core.id.Imsi;
import io.simwarden.persistence.checkpoint.CheckpointJson;
import io.simwarden.persistence.checkpoint.CheckpointLeaf;
import io.simwarden.persistence.checkpoint.EventAccumulator;
import io.simwarden.persistence.checkpoint.InclusionProof;
import io.simwarden.persistence.checkpoint.MerkleTree;
import io.simwarden.persistence.forensics.ForensicsJournal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorSystem;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "prove", mixinStandardHelpOptions = true,
    description = {"Print the inclusion proof (JSON) of one event in the newest signed checkpoint (or --checkpoint "
        + "FILE): the event's audit path in its SIM's event tree and the SIM's audit path in the checkpoint's "
        + "tree, about log2(events of the SIM) + log2(SIMs) hashes. 'forensics check-proof' checks it offline.",
        "Reads the checkpoint's leaves and the one SIM's events, nothing else of the journal.",
        "Exit status: 0 printed, 1 no checkpoint covers the event, " + ForensicsCommand.TAMPERED + " the SIM's "
            + "events no longer give the checkpointed root, 2 bad arguments."})
final class ForensicsProve extends ForensicsCommand.JournalCommand {
  @Option(names = "--imsi", required = true, paramLabel = "IMSI", description = "The event's SIM.")
  String imsi;

  @Option(names = "--seq", required = true, paramLabel = "N", description = "The event's sequence number.")
  long seqNr;

  @Option(names = "--out", paramLabel = "FILE", description = "Write the proof to FILE instead of stdout.")
  Path outFile;

  @Mixin
  CheckpointOptions checkpoints;

  @Override
  void validate() {
    imsi = Imsi.of(imsi).value();
    if (seqNr < 1) {
      throw new ValidationException("seq", "must be 1 or more, got " + seqNr);
    }
  }

  @Override
  int run(ForensicsJournal journal, ActorSystem<Void> system) {
    String keyspace = system.settings().config().getString("pekko.persistence.cassandra.journal.keyspace");
    Optional<CheckpointOptions.Loaded> loaded = checkpoints.load(system, keyspace);
    if (loaded.isEmpty()) {
      err().println("no checkpoint of " + keyspace + " ('simwarden checkpoint create' makes one)");
      return 1;
    }
    Optional<String> bad = checkpoints.refute(loaded.get(), system.settings().config(), keyspace, err());
    if (bad.isPresent()) {
      err().println("CHECKPOINT " + loaded.get().describe() + " (" + loaded.get().source() + ") is not trustworthy: "
          + bad.get());
      return 1;
    }
    List<CheckpointLeaf> leaves = loaded.get().leaves();
    int leafIndex = indexOf(leaves, imsi);
    if (leafIndex < 0 || leaves.get(leafIndex).seqNr() < seqNr) {
      err().println("the " + loaded.get().describe() + " does not cover " + imsi + " seq " + seqNr
          + (leafIndex < 0 ? " (the SIM is not in it)" : " (it holds the SIM up to seq "
              + leaves.get(leafIndex).seqNr() + "); a later checkpoint will"));
      return 1;
    }
    CheckpointLeaf leaf = leaves.get(leafIndex);
    List<byte[]> eventHashes = new ArrayList<>();
    int eventIndex = -1;
    String chain = null;
    long last = 0;
    for (ForensicsJournal.StoredRow r : ForensicsCommand.join(journal.rows(imsi, 1))) {
      long s = r.row().seqNr();
      if (s > last && s <= leaf.seqNr()) {
        String c = r.recorded().event().chain();
        if (s == seqNr) {
          eventIndex = eventHashes.size();
          chain = c;
        }
        eventHashes.add(EventAccumulator.eventLeafHash(s, c));
        last = s;
      }
    }
    String root = HexFormat.of().formatHex(MerkleTree.root(eventHashes));
    if (eventIndex < 0 || eventHashes.size() != leaf.eventsSize() || !root.equals(leaf.eventsRoot())) {
      err().println("TAMPERED  " + imsi + ": its events up to seq " + leaf.seqNr() + " now give " + eventHashes.size()
          + " events, root " + root + "; the checkpoint holds " + leaf.eventsSize() + " events, root "
          + leaf.eventsRoot() + (leaf.eventsSize() == 0 ? " (its head predates event trees)" : "")
          + ": run 'forensics verify'");
      return ForensicsCommand.TAMPERED;
    }
    String json = CheckpointJson.write(InclusionProof.of(imsi, seqNr, chain, eventHashes, eventIndex, leaves,
        leafIndex, loaded.get().checkpoint()));
    if (outFile == null) {
      out().println(json);
    } else {
      try {
        Files.writeString(outFile, json + "\n");
      } catch (IOException e) {
        throw new ValidationException("out", "cannot write " + outFile + ": " + e.getMessage());
      }
      out().printf("wrote the proof of %s seq %d in the %s to %s%n", imsi, seqNr, loaded.get().describe(), outFile);
    }
    out().flush();
    return 0;
  }

  private static int indexOf(List<CheckpointLeaf> leaves, String imsi) {
    int lo = 0;
    int hi = leaves.size() - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      int c = leaves.get(mid).imsi().compareTo(imsi);
      if (c == 0) {
        return mid;
      }
      if (c < 0) {
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return -1;
  }
}
