package io.simwarden.persistence.cli;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import io.simwarden.core.ValidationException;
import io.simwarden.persistence.checkpoint.Checkpoint;
import io.simwarden.persistence.checkpoint.CheckpointJson;
import io.simwarden.persistence.checkpoint.CheckpointKeys;
import io.simwarden.persistence.checkpoint.CheckpointLeaf;
import io.simwarden.persistence.checkpoint.CheckpointStore;
import io.simwarden.persistence.forensics.ForensicIndex;
import io.simwarden.persistence.forensics.ForensicsJournal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.connectors.cassandra.javadsl.CassandraSessionRegistry;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code checkpoint keygen|create|export}: signed checkpoints of every SIM's chain head. */
@Command(name = "checkpoint", mixinStandardHelpOptions = true,
    description = {"Signed checkpoints: a Merkle root over every SIM's chain head (kept by the read side with "
        + "simwarden.sim.slice-tags = every-event), signed with an Ed25519 key the journal never sees and stored in "
        + "a keyspace of its own, so that 'forensics verify' finds a SIM whose last events, or whole history, "
        + "vanished since, and 'forensics prove' proves one event in O(log n) hashes.",
        "Run 'checkpoint create --repeat' (or 'checkpoint create' from cron) on one host that holds the key."},
    subcommands = {CheckpointCommand.Keygen.class, CheckpointCommand.Create.class, CheckpointCommand.Export.class})
public final class CheckpointCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand: keygen, create or export");
  }

  @Command(name = "keygen", mixinStandardHelpOptions = true,
      description = {"Make an Ed25519 signing key: the key file (private and public key, owner-only) and the public "
          + "key file for verifiers. Keep the key file off the nodes and out of Cassandra."})
  static final class Keygen implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--key-file", paramLabel = "FILE", required = true, description = "Where to write the key.")
    Path keyFile;

    @Option(names = "--public-key", paramLabel = "FILE",
        description = "Where to write the public key (default: the key file's name with .pub).")
    Path publicKey;

    @Option(names = "--force", description = "Overwrite an existing key file.")
    boolean force;

    @Override
    public Integer call() throws IOException {
      Path pub = publicKey != null ? publicKey : keyFile.resolveSibling(keyFile.getFileName() + ".pub");
      if (Files.exists(keyFile) && !force) {
        throw new ValidationException("key-file", keyFile + " exists; a new key cannot verify the checkpoints the "
            + "old one signed (--force overwrites it)");
      }
      KeyPair key = CheckpointKeys.generate();
      CheckpointKeys.write(key, keyFile, pub);
      spec.commandLine().getOut().printf("wrote the signing key to %s and its public key to %s%n", keyFile, pub);
      return 0;
    }
  }

  @Command(name = "create", mixinStandardHelpOptions = true,
      description = {"Sign a checkpoint of the journal: read every SIM's chain head (the chain_heads table, never "
          + "the journal), compute their Merkle root, sign it and store it with its leaves in the checkpoint "
          + "keyspace. With --repeat, again every interval until stopped (a failed one is reported on stderr and "
          + "the next tried at its time).",
          "Exit status: 0 done, 1 the chain heads are incomplete or Cassandra failed, 2 bad arguments."})
  static final class Create extends ForensicsCommand.JournalCommand {
    @Option(names = "--key-file", paramLabel = "FILE",
        description = "The signing key (default: simwarden.checkpoint.key-file).")
    Path keyFile;

    @Option(names = "--checkpoint-keyspace", paramLabel = "NAME",
        description = "Keyspace of the checkpoints (default: simwarden.checkpoint.keyspace, simwarden_checkpoints).")
    String checkpointKeyspace;

    @Option(names = "--repeat", description = "Sign a checkpoint every --interval until stopped.")
    boolean repeat;

    @Option(names = "--interval", paramLabel = "DURATION",
        description = "With --repeat, e.g. 15m or 1h (default: simwarden.checkpoint.interval, 1h).")
    String interval;

    @Option(names = "--retention", paramLabel = "DURATION",
        description = "How long Cassandra keeps the checkpoint, e.g. 48h (default: simwarden.checkpoint.retention).")
    String retention;

    private KeyPair key;
    private Duration every;
    private Duration keep;

    @Override
    void validate() {
      com.typesafe.config.Config config = ConfigFactory.load();
      String file = keyFile != null ? keyFile.toString() : config.getString("simwarden.checkpoint.key-file");
      if (file.isEmpty()) {
        throw new ValidationException("key-file", "give --key-file FILE (or set simwarden.checkpoint.key-file); "
            + "'simwarden checkpoint keygen --key-file FILE' makes one");
      }
      key = CheckpointKeys.read(Path.of(file), "key-file");
      every = duration("interval", interval, config.getString("simwarden.checkpoint.interval"));
      keep = duration("retention", retention, config.getString("simwarden.checkpoint.retention"));
      CheckpointOptions.keyspaceOf(config, checkpointKeyspace);
    }

    @Override
    int run(ForensicsJournal journal, ActorSystem<Void> system) {
      String keyspace = system.settings().config().getString("pekko.persistence.cassandra.journal.keyspace");
      CheckpointStore store = new CheckpointStore(system, CassandraSessionRegistry.get(system)
          .sessionFor("pekko.persistence.cassandra"), keyspace,
          CheckpointOptions.keyspaceOf(system.settings().config(), checkpointKeyspace));
      if (!ForensicsCommand.join(store.exists())) {
        err().println("no checkpoint keyspace " + CheckpointOptions.keyspaceOf(system.settings().config(),
            checkpointKeyspace) + "; 'simwarden cassandra schema' creates it");
        return 1;
      }
      while (true) {
        if (!repeat) {
          return once(journal, system, store, keyspace);
        }
        try {
          once(journal, system, store, keyspace);
        } catch (RuntimeException e) {
          // Repeating: one failed checkpoint (Cassandra away) is reported, the next is tried at its time.
          err().println("checkpoint failed: " + e.getMessage() + "; the next in " + every);
          err().flush();
        }
        try {
          Thread.sleep(every.toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return 0;
        }
      }
    }

    private int once(ForensicsJournal journal, ActorSystem<Void> system, CheckpointStore store, String keyspace) {
      Optional<ForensicIndex.Progress> progress = ForensicsCommand.join(
          new ForensicIndex(system, journal, parallelism).progress(ForensicIndex.CHAIN_PROJECTION));
      if (progress.isEmpty() || !progress.get().complete()) {
        err().println("the chain heads of " + keyspace + " are incomplete (" + progress.map(p -> p.slices() + " of 8 "
            + "slices").orElse("none") + "): the read side keeps them with simwarden.sim.slice-tags = every-event");
        return 1;
      }
      Instant created = Instant.now();
      List<CheckpointLeaf> leaves = ForensicsCommand.join(store.heads());
      Checkpoint checkpoint = Checkpoint.sign(keyspace, created, leaves, key);
      ForensicsCommand.join(store.save(checkpoint, leaves, keep));
      out().printf("checkpoint %s of %s: %d SIMs, root %s [chain heads %s]%n", checkpoint.created(), keyspace,
          checkpoint.size(), checkpoint.root(), progress.get().describe());
      out().flush();
      return 0;
    }

    private static Duration duration(String field, String given, String configured) {
      String text = given != null ? given : configured;
      Duration d;
      try {
        d = ConfigFactory.parseString("d = \"" + text.replace("\"", "") + "\"").getDuration("d");
      } catch (ConfigException e) {
        throw new ValidationException(field, "not a duration: " + ValidationException.quote(text)
            + "; e.g. 15m, 1h, 2d");
      }
      if (d.compareTo(Duration.ofSeconds(1)) < 0) {
        throw new ValidationException(field, "must be at least 1s, got " + ValidationException.quote(text));
      }
      return d;
    }
  }

  @Command(name = "export", mixinStandardHelpOptions = true,
      description = {"Write the journal's newest checkpoint, with every SIM's leaf, to a JSON file: keep it where "
          + "the cluster cannot change it, and give it to 'forensics verify --checkpoint' or 'forensics prove "
          + "--checkpoint'.",
          "Exit status: 0 written, 1 no checkpoint or Cassandra failed, 2 bad arguments."})
  static final class Export extends ForensicsCommand.JournalCommand {
    @Option(names = "--out", paramLabel = "FILE", required = true, description = "The JSON file to write.")
    Path out;

    @Option(names = "--checkpoint-keyspace", paramLabel = "NAME",
        description = "Keyspace of the checkpoints (default: simwarden.checkpoint.keyspace, simwarden_checkpoints).")
    String checkpointKeyspace;

    @Override
    void validate() {
      CheckpointOptions.keyspaceOf(ConfigFactory.load(), checkpointKeyspace);
    }

    @Override
    int run(ForensicsJournal journal, ActorSystem<Void> system) {
      CheckpointOptions from = new CheckpointOptions();
      from.keyspace = checkpointKeyspace;
      String keyspace = system.settings().config().getString("pekko.persistence.cassandra.journal.keyspace");
      Optional<CheckpointOptions.Loaded> loaded = from.load(system, keyspace);
      if (loaded.isEmpty()) {
        err().println("no checkpoint of " + keyspace + " ('simwarden checkpoint create' makes one)");
        return 1;
      }
      try {
        Files.writeString(out, CheckpointJson.write(new CheckpointJson.Export(loaded.get().checkpoint(),
            loaded.get().leaves())));
      } catch (IOException e) {
        throw new ValidationException("out", "cannot write " + out + ": " + e.getMessage());
      }
      out().printf("exported %s of %s to %s%n", loaded.get().describe(), keyspace, out);
      return 0;
    }
  }
}
