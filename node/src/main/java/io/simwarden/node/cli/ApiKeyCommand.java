package io.simwarden.node.cli;

import com.typesafe.config.ConfigFactory;
import io.simwarden.core.ValidationException;
import io.simwarden.node.security.ApiKey;
import io.simwarden.node.security.ApiKeySecrets;
import io.simwarden.node.security.ApiKeyStore;
import io.simwarden.node.security.Role;
import io.simwarden.persistence.journal.JournalMode;
import io.simwarden.persistence.journal.JournalOptions;
import io.simwarden.persistence.journal.OpenJournal;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code simwarden apikey create|revoke|list}: API keys, written to and read from the journal the nodes use.
 * Works while the cluster runs: nodes read keys from the journal (a revocation reaches every node within
 * {@code simwarden.http.auth.cache-ttl}).
 */
@Command(name = "apikey", mixinStandardHelpOptions = true,
    description = "Create, revoke and list the API keys of the HTTP API (stored as salted hashes in the journal).",
    subcommands = {ApiKeyCommand.Create.class, ApiKeyCommand.Revoke.class, ApiKeyCommand.ListKeys.class})
public final class ApiKeyCommand {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  /** Runs {@code work} against the journal in a short-lived local actor system. */
  static <T> T withStore(JournalOptions journal, CommandSpec spec, Function<ApiKeyStore, T> work) {
    if (journal.mode() != JournalMode.CASSANDRA) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--journal memory: keys must live in the journal the nodes read; use --journal cassandra");
    }
    try (OpenJournal opened = journal.open(spec.commandLine().getErr())) {
      ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "simwarden-apikey",
          ConfigFactory.load(opened.config().withFallback(ConfigFactory.parseString("pekko.actor.provider = local"))));
      try {
        return work.apply(new ApiKeyStore(system, TIMEOUT));
      } finally {
        system.terminate();
        system.getWhenTerminated().toCompletableFuture().join();
      }
    }
  }

  @Command(name = "create", mixinStandardHelpOptions = true,
      description = {"Create a key and print its token (<keyId>.<secret>) on stdout, once: only its hash is stored.",
          "Details go to stderr, so KEY=$(simwarden apikey create ...) captures just the token."})
  static final class Create implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--role", required = true, paramLabel = "ROLE",
        description = "admin, operator, viewer or auditor.")
    String role;

    @Option(names = "--org", required = true, paramLabel = "ORG",
        description = "The organisation (tenant) whose SIMs the key sees; '*' (admin only) for every organisation.")
    String organisation;

    @Option(names = "--name", defaultValue = "", paramLabel = "TEXT", description = "What the key is for.")
    String name;

    @Option(names = "--rate-limit", defaultValue = "0", paramLabel = "N",
        description = "Requests per second on each node; 0 (default) for the node's simwarden.http.rate-limit.")
    int rateLimit;

    @Option(names = "--by", defaultValue = "cli", paramLabel = "WHO", description = "Who creates it (journaled).")
    String by;

    @Mixin
    JournalOptions journal;

    @Override
    public Integer call() {
      Role parsed;
      try {
        parsed = Role.parse(role);
        ApiKey.checkScope(parsed, organisation);
      } catch (ValidationException e) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--" + e.getMessage());
      }
      if (rateLimit < 0 || rateLimit > 1_000_000) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--rate-limit must be 0-1000000");
      }
      if (name.length() > 200) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--name: at most 200 characters");
      }
      ApiKeyStore.Issued issued = withStore(journal, spec, store -> store.create(parsed, organisation, name, rateLimit,
          by).toCompletableFuture().join());
      PrintWriter err = spec.commandLine().getErr();
      err.printf("created API key %s: role %s, organisation %s%s. The token below is shown only now.%n",
          issued.key().keyId(), issued.key().role(), issued.key().organisation(),
          rateLimit > 0 ? ", " + rateLimit + " requests/s" : "");
      err.flush();
      spec.commandLine().getOut().println(issued.token());
      spec.commandLine().getOut().flush();
      return 0;
    }
  }

  @Command(name = "revoke", mixinStandardHelpOptions = true,
      description = "Revoke a key; nodes refuse it within simwarden.http.auth.cache-ttl (5 s by default).")
  static final class Revoke implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "KEY_ID", description = "The key's id: the part of the token before the dot.")
    String keyId;

    @Option(names = "--by", defaultValue = "cli", paramLabel = "WHO", description = "Who revokes it (journaled).")
    String by;

    @Mixin
    JournalOptions journal;

    @Override
    public Integer call() {
      String id = keyId.contains(".") ? keyId.substring(0, keyId.indexOf('.')) : keyId;
      if (!ApiKeySecrets.isKeyId(id)) {
        throw new CommandLine.ParameterException(spec.commandLine(),
            "KEY_ID must be 12 characters of a-z and 2-7 (as 'apikey list' shows), got '" + keyId + "'");
      }
      ApiKey.Result result = withStore(journal, spec, store -> store.revoke(id, by).toCompletableFuture().join());
      if (!result.accepted()) {
        spec.commandLine().getErr().println("error: " + result.error());
        return 1;
      }
      spec.commandLine().getOut().println("revoked API key " + id);
      return 0;
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true,
      description = "List every key (never a secret). Keys created in the last few seconds may not show yet.")
  static final class ListKeys implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    JournalOptions journal;

    @Override
    public Integer call() {
      List<ApiKey.State> keys = withStore(journal, spec, store -> store.list().toCompletableFuture().join());
      PrintWriter out = spec.commandLine().getOut();
      out.printf("%-12s  %-8s  %-20s  %-20s  %-7s  %s%n", "KEY ID", "ROLE", "ORGANISATION", "CREATED", "STATE", "NAME");
      for (ApiKey.State k : keys) {
        out.printf("%-12s  %-8s  %-20s  %-20s  %-7s  %s%n", k.keyId(), k.role(), k.organisation(),
            k.createdAt().truncatedTo(ChronoUnit.SECONDS), k.revoked() ? "revoked" : "active", k.name());
      }
      return 0;
    }
  }
}
