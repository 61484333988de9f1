package io.simwarden.persistence.cli;

import io.simwarden.persistence.checkpoint.CheckpointJson;
import io.simwarden.persistence.checkpoint.CheckpointKeys;
import io.simwarden.persistence.checkpoint.InclusionProof;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "check-proof", mixinStandardHelpOptions = true,
    description = {"Check an inclusion proof 'forensics prove' printed, offline: with the proof, the event's chain "
        + "value in it and the signer's public key only (no Cassandra).",
        "Exit status: 0 the proof holds, 1 it does not, 2 bad arguments."})
final class ForensicsCheckProof implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FILE", description = "The proof (JSON).")
  Path proof;

  @Option(names = "--public-key", required = true, paramLabel = "FILE",
      description = "The signer's public key file ('checkpoint keygen' wrote it).")
  Path publicKey;

  @Override
  public Integer call() {
    PublicKey key = CheckpointKeys.readPublic(publicKey, "public-key");
    InclusionProof p = CheckpointJson.read(proof, InclusionProof.class, "proof");
    Optional<String> refuted = p.refute(key);
    if (refuted.isPresent()) {
      spec.commandLine().getOut().println("proof does NOT hold: " + refuted.get());
      return 1;
    }
    spec.commandLine().getOut().printf("proof holds: %s seq %d (chain %s) is in the checkpoint %s of %s (%d SIMs, "
            + "root %s), signed by the trusted key; %d + %d hashes%n", p.imsi(), p.seqNr(), p.chain(),
        p.checkpoint().created(), p.checkpoint().journal(), p.checkpoint().size(), p.checkpoint().root(),
        p.eventPath().size(), p.checkpointPath().size());
    return 0;
  }
}
