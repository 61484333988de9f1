package io.simwarden.node.security;

import io.simwarden.core.CborSerializable;
import io.simwarden.core.ValidationException;
import io.simwarden.core.decision.OperatorDecider;
import java.time.Instant;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;

/**
 * One API key, event-sourced in the same journal as the SIMs (persistence id {@code ApiKey|<keyId>}), so
 * that every node of the cluster sees the same keys.
 *
 * <p>Only the salted hash of the secret is journaled. The behaviour is a one-shot writer: it recovers the
 * key, persists one change, replies and stops. Nodes never run it; they read the key's events through the
 * read journal ({@link ApiKeyStore#find}), so the command line can create and revoke keys while the
 * cluster runs without two live writers of one persistence id. Every event carries the tag {@value #TAG},
 * which lists the keys.
 */
public final class ApiKey extends EventSourcedBehaviorWithEnforcedReplies<ApiKey.Command, ApiKey.Event, ApiKey.State> {

  public static final String TYPE = "ApiKey";
  public static final String TAG = "apikey";

  // Command ------------------------------------------------------------------------------------------

  public sealed interface Command extends CborSerializable {}

  public record Create(Role role, String organisation, String name, String salt, String hash, int ratePerSecond,
      String by, Instant at, ActorRef<Result> replyTo) implements Command {}

  public record Revoke(String by, Instant at, ActorRef<Result> replyTo) implements Command {}

  // Reply --------------------------------------------------------------------------------------------

  /** Accepted with the key's state, or refused with the reason. */
  public record Result(boolean accepted, String error, State state) implements CborSerializable {}

  // Event --------------------------------------------------------------------------------------------

  public sealed interface Event extends CborSerializable {
    Instant at();
  }

  public record Created(String keyId, Role role, String organisation, String name, String salt, String hash,
      int ratePerSecond, String by, Instant at) implements Event {}

  public record Revoked(String keyId, String by, Instant at) implements Event {}

  // State --------------------------------------------------------------------------------------------

  /**
   * A key as its events left it; {@link #EMPTY} when it was never created.
   *
   * @param salt Base64 salt of the hash
   * @param hash Base64 SHA-256 of salt and secret
   */
  public record State(String keyId, Role role, String organisation, String name, String salt, String hash,
      int ratePerSecond, Instant createdAt, String createdBy, Instant revokedAt, String revokedBy)
      implements CborSerializable {

    public static final State EMPTY = new State(null, null, null, null, null, null, 0, null, null, null, null);

    public boolean exists() {
      return keyId != null;
    }

    public boolean revoked() {
      return revokedAt != null;
    }

    public State apply(Event event) {
      if (event instanceof Created c) {
        return new State(c.keyId(), c.role(), c.organisation(), c.name(), c.salt(), c.hash(), c.ratePerSecond(),
            c.at(), c.by(), null, null);
      }
      Revoked r = (Revoked) event;
      return new State(keyId, role, organisation, name, salt, hash, ratePerSecond, createdAt, createdBy, r.at(),
          r.by());
    }
  }

  /**
   * Checks the scope of a new key: a tenant organisation for every role, or {@link Principal#FLEET_WIDE}
   * for an admin key.
   */
  public static String checkScope(Role role, String organisation) {
    if (Principal.FLEET_WIDE.equals(organisation)) {
      if (role != Role.ADMIN) {
        throw new ValidationException("org", "only an admin key can be fleet-wide ('*'); give a "
            + role + " key the organisation it works for");
      }
      return organisation;
    }
    try {
      return OperatorDecider.checkOrganisation(organisation);
    } catch (ValidationException e) {
      throw new ValidationException("org", e.problem());
    }
  }

  public static PersistenceId persistenceId(String keyId) {
    return PersistenceId.of(TYPE, keyId);
  }

  public static Behavior<Command> create(String keyId) {
    return new ApiKey(keyId);
  }

  private final String keyId;

  private ApiKey(String keyId) {
    super(persistenceId(keyId));
    this.keyId = keyId;
  }

  @Override
  public State emptyState() {
    return State.EMPTY;
  }

  @Override
  public CommandHandlerWithReply<Command, Event, State> commandHandler() {
    return newCommandHandlerWithReplyBuilder().forAnyState()
        .onCommand(Create.class, this::onCreate)
        .onCommand(Revoke.class, this::onRevoke)
        .build();
  }

  private ReplyEffect<Event, State> onCreate(State state, Create c) {
    if (state.exists()) {
      return Effect().stop().thenReply(c.replyTo(), s -> new Result(false, "key " + keyId + " already exists", s));
    }
    try {
      checkScope(c.role(), c.organisation());
    } catch (ValidationException e) {
      return Effect().stop().thenReply(c.replyTo(), s -> new Result(false, e.getMessage(), s));
    }
    return Effect().persist(new Created(keyId, c.role(), c.organisation(), c.name(), c.salt(), c.hash(),
            c.ratePerSecond(), c.by(), c.at()))
        .thenStop()
        .thenReply(c.replyTo(), s -> new Result(true, null, s));
  }

  private ReplyEffect<Event, State> onRevoke(State state, Revoke c) {
    if (!state.exists()) {
      return Effect().stop().thenReply(c.replyTo(), s -> new Result(false, "no API key " + keyId, s));
    }
    if (state.revoked()) {
      return Effect().stop().thenReply(c.replyTo(), s -> new Result(false, "key " + keyId + " was already revoked at "
          + s.revokedAt(), s));
    }
    return Effect().persist(new Revoked(keyId, c.by(), c.at()))
        .thenStop()
        .thenReply(c.replyTo(), s -> new Result(true, null, s));
  }

  @Override
  public EventHandler<State, Event> eventHandler() {
    return State::apply;
  }

  @Override
  public Set<String> tagsFor(Event event) {
    return Set.of(TAG);
  }
}
