package io.simwarden.persistence.cli;

import com.typesafe.config.Config;
import io.simwarden.core.ValidationException;
import io.simwarden.persistence.checkpoint.Checkpoint;
import io.simwarden.persistence.checkpoint.CheckpointJson;
import io.simwarden.persistence.checkpoint.CheckpointKeys;
import io.simwarden.persistence.checkpoint.CheckpointLeaf;
import io.simwarden.persistence.checkpoint.CheckpointStore;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.connectors.cassandra.javadsl.CassandraSessionRegistry;
import picocli.CommandLine.Option;

/** Where a verb finds the checkpoint it compares with or proves against, and the key it trusts. */
final class CheckpointOptions {

  @Option(names = "--checkpoint", paramLabel = "FILE", description = "A checkpoint exported with 'simwarden "
      + "checkpoint export' (default: the journal's newest checkpoint in Cassandra).")
  Path file;

  @Option(names = "--checkpoint-keyspace", paramLabel = "NAME", description = "Keyspace of the checkpoints "
      + "(default: simwarden.checkpoint.keyspace, simwarden_checkpoints).")
  String keyspace;

  @Option(names = "--public-key", paramLabel = "FILE", description = "The checkpoint signer's public key file "
      + "(default: simwarden.checkpoint.public-key-file; without one, the key the checkpoint names is used, with "
      + "a notice).")
  Path publicKey;

  /** A checkpoint with its leaves, and where it came from. */
  record Loaded(Checkpoint checkpoint, List<CheckpointLeaf> leaves, String source) {
    String describe() {
      return "checkpoint " + checkpoint.created() + " of " + checkpoint.size() + " SIMs";
    }
  }

  static String keyspaceOf(Config config, String given) {
    String name = given != null ? given : config.getString("simwarden.checkpoint.keyspace");
    if (!name.matches("[a-z][a-z0-9_]{0,47}")) {
      throw new ValidationException("checkpoint-keyspace", "must be lower-case letters, digits or '_' starting "
          + "with a letter; got " + ValidationException.quote(name));
    }
    return name;
  }

  /** The trusted public key: --public-key, else the configured file; empty when neither is given. */
  Optional<PublicKey> trusted(Config config) {
    if (publicKey != null) {
      return Optional.of(CheckpointKeys.readPublic(publicKey, "public-key"));
    }
    String configured = config.getString("simwarden.checkpoint.public-key-file");
    return configured.isEmpty() ? Optional.empty()
        : Optional.of(CheckpointKeys.readPublic(Path.of(configured), "public-key"));
  }

  /**
   * The checkpoint of the journal in {@code journal}: from --checkpoint, else the newest in the checkpoint
   * keyspace; empty when there is none.
   */
  Optional<Loaded> load(ActorSystem<?> system, String journal) {
    if (file != null) {
      CheckpointJson.Export export = CheckpointJson.read(file, CheckpointJson.Export.class, "checkpoint");
      return Optional.of(new Loaded(export.checkpoint(), Checkpoint.sorted(export.leaves()), file.toString()));
    }
    String name = keyspaceOf(system.settings().config(), keyspace);
    CheckpointStore store = new CheckpointStore(system, CassandraSessionRegistry.get(system)
        .sessionFor("pekko.persistence.cassandra"), journal, name);
    if (!ForensicsCommand.join(store.exists())) {
      return Optional.empty();
    }
    return ForensicsCommand.join(store.latest()).map(c ->
        new Loaded(c, ForensicsCommand.join(store.leaves(c)), "keyspace " + name));
  }

  /**
   * Why {@code loaded} is not to be trusted, or empty: its signature under the trusted key (or, without one, the key
   * it names) and its leaves against its signed root. {@code notices} gets a line when no key is pinned.
   */
  Optional<String> refute(Loaded loaded, Config config, String journal, java.io.PrintWriter notices) {
    Checkpoint c = loaded.checkpoint();
    Optional<PublicKey> trusted = trusted(config);
    PublicKey key = trusted.orElseGet(() -> CheckpointKeys.decode(c.publicKey(), "checkpoint"));
    if (trusted.isEmpty()) {
      notices.println("notice: no trusted public key given (--public-key or simwarden.checkpoint.public-key-file); "
          + "checking the checkpoint with the key it names");
    }
    if (!c.journal().equals(journal)) {
      return Optional.of("the checkpoint is of journal " + c.journal() + ", not " + journal);
    }
    if (trusted.isPresent() && !CheckpointKeys.encode(key).equals(c.publicKey())) {
      return Optional.of("the checkpoint names another signing key than the trusted public key");
    }
    if (!c.signedBy(key)) {
      return Optional.of("bad signature: the checkpoint's signature does not match its journal, time, size and root");
    }
    if (!c.holds(loaded.leaves())) {
      return Optional.of("its " + loaded.leaves().size() + " leaves do not give its signed root " + c.root()
          + " of " + c.size() + " SIMs");
    }
    return Optional.empty();
  }
}
