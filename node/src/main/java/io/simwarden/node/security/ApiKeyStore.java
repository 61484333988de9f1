package io.simwarden.node.security;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.persistence.cassandra.query.javadsl.CassandraReadJournal;
import org.apache.pekko.persistence.query.NoOffset;
import org.apache.pekko.persistence.query.PersistenceQuery;

/**
 * API keys in the journal: written by short-lived {@link ApiKey} writers, read back through the read
 * journal. Every node and the command line use this one class.
 */
public final class ApiKeyStore {
  private final ActorSystem<?> system;
  private final Duration timeout;
  private final SecureRandom random = new SecureRandom();

  public ApiKeyStore(ActorSystem<?> system, Duration timeout) {
    this.system = system;
    this.timeout = timeout;
  }

  /** A created key: the token (shown once, never stored) and what was stored. */
  public record Issued(String token, ApiKey.State key) {}

  /**
   * Creates a key for {@code organisation} with {@code role}; {@code ratePerSecond} 0 means the node's
   * default limit. Fails with the refusal's message when the scope is invalid.
   */
  public CompletionStage<Issued> create(Role role, String organisation, String name, int ratePerSecond, String by) {
    ApiKey.checkScope(role, organisation);
    ApiKeySecrets.NewToken fresh = ApiKeySecrets.generate(random);
    return write(fresh.keyId(), r -> new ApiKey.Create(role, organisation, name, fresh.salt(), fresh.hash(),
        ratePerSecond, by, Instant.now(), r))
        .thenApply(result -> {
          if (!result.accepted()) {
            throw new IllegalStateException(result.error());
          }
          return new Issued(fresh.token(), result.state());
        });
  }

  /** Revokes a key; the result says why not when it is unknown or already revoked. */
  public CompletionStage<ApiKey.Result> revoke(String keyId, String by) {
    return write(keyId, r -> new ApiKey.Revoke(by, Instant.now(), r));
  }

  /** The key as journaled, read without running its writer; empty when there is no such key. */
  public CompletionStage<Optional<ApiKey.State>> find(String keyId) {
    return readJournal().currentEventsByPersistenceId(ApiKey.persistenceId(keyId).id(), 0, Long.MAX_VALUE)
        .runFold(ApiKey.State.EMPTY, (s, envelope) -> s.apply((ApiKey.Event) envelope.event()), system)
        .thenApply(s -> s.exists() ? Optional.of(s) : Optional.empty());
  }

  /**
   * Every key, oldest first, from the key tag. Tag reads lag writes by the journal's eventual-consistency
   * delay (a few seconds), so a key created just now may not be listed yet.
   */
  public CompletionStage<List<ApiKey.State>> list() {
    return readJournal().currentEventsByTag(ApiKey.TAG, NoOffset.getInstance())
        .runFold(new LinkedHashMap<String, ApiKey.State>(), (keys, envelope) -> {
          ApiKey.Event event = (ApiKey.Event) envelope.event();
          String id = event instanceof ApiKey.Created c ? c.keyId() : ((ApiKey.Revoked) event).keyId();
          keys.put(id, keys.getOrDefault(id, ApiKey.State.EMPTY).apply(event));
          return keys;
        }, system)
        .thenApply(keys -> {
          List<ApiKey.State> all = new ArrayList<>(keys.values());
          all.sort(Comparator.comparing(ApiKey.State::createdAt));
          return all;
        });
  }

  private CompletionStage<ApiKey.Result> write(String keyId,
      java.util.function.Function<ActorRef<ApiKey.Result>, ApiKey.Command> command) {
    ActorRef<ApiKey.Command> writer = system.systemActorOf(ApiKey.create(keyId),
        "apikey-" + keyId + "-" + UUID.randomUUID(), Props.empty());
    return AskPattern.ask(writer, command::apply, timeout, system.scheduler());
  }

  private CassandraReadJournal readJournal() {
    return PersistenceQuery.get(system).getReadJournalFor(CassandraReadJournal.class,
        CassandraReadJournal.Identifier());
  }
}
