package io.simwarden.node.api;

import io.simwarden.core.ValidationException;
import io.simwarden.core.entity.RequestKeyReused;
import io.simwarden.core.entity.SimEntity;
import io.simwarden.core.entity.SimFleet;
import io.simwarden.core.id.Imsi;
import io.simwarden.node.security.Principal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * A client's {@code Idempotency-Key} on one command to one SIM, with the digest of the request it came with:
 * the operation, the caller and the body. The SIM journals both with its decision, so the request sent again
 * under the key is answered as it was and applied once, and the key sent with another request is refused (422).
 *
 * @param key     the client's key, as given
 * @param request the request's digest
 * @param field   where the key was given, for problems: the header or a bulk line's field
 */
record IdempotencyKey(String key, String request, String field) {

  /** The request header of a single command. */
  static final String HEADER = "Idempotency-Key";
  /** The field of a bulk line. */
  static final String LINE_FIELD = "idempotencyKey";
  static final int MAX_LENGTH = 128;

  /**
   * {@code raw} checked (1-128 printable ASCII characters), or {@code null} when absent; {@code field} names it in
   * the 400.
   */
  static String check(String field, String raw) {
    if (raw == null) {
      return null;
    }
    boolean printable = !raw.isEmpty() && raw.length() <= MAX_LENGTH;
    for (int i = 0; printable && i < raw.length(); i++) {
      printable = raw.charAt(i) >= 0x20 && raw.charAt(i) <= 0x7e;
    }
    if (!printable) {
      throw ApiProblem.invalid(field, "must be 1-" + MAX_LENGTH + " printable ASCII characters (a UUID is a good "
          + "key), got " + (raw.length() > MAX_LENGTH ? raw.length() + " characters" : ValidationException.quote(raw)));
    }
    return raw;
  }

  /**
   * The key {@code key} (checked already; {@code null} for none) of {@code operation} by {@code caller} with
   * {@code body} (any request record, {@code null} for none).
   */
  static IdempotencyKey of(String field, String key, String operation, Principal caller, Object body) {
    if (key == null) {
      return null;
    }
    MessageDigest sha = sha256();
    sha.update((operation + "\n" + caller.operatorId() + "\n").getBytes(StandardCharsets.UTF_8));
    sha.update(body == null ? new byte[0] : Json.bytes(body));
    return new IdempotencyKey(key, HexFormat.of().formatHex(sha.digest(), 0, 16), field);
  }

  /** The same client key for the second command of one request (provision, then activate). */
  IdempotencyKey then(String step) {
    // A control character: no client's key (printable ASCII) can collide with it.
    return new IdempotencyKey(key + "\u001f" + step, request, field);
  }

  /**
   * Sends {@code command} to SIM {@code imsi}, under {@code key} when there is one; a key the SIM remembers for
   * another request fails the stage with a 422.
   */
  static <R> CompletionStage<R> ask(SimFleet fleet, Imsi imsi, IdempotencyKey key,
      Function<ActorRef<R>, SimEntity.Command> command) {
    if (key == null) {
      return fleet.ask(imsi.value(), command);
    }
    return fleet.<Object>ask(imsi.value(), r -> new SimEntity.Idempotent(key.key(), key.request(),
        command.apply(r.narrow()))).thenApply(answer -> {
          if (answer instanceof RequestKeyReused) {
            throw ApiProblem.idempotencyKeyReused(key.field(), key.key().replaceFirst("\u001f.*", ""),
                imsi.toString());
          }
          @SuppressWarnings("unchecked")
          R reply = (R) answer;
          return reply;
        });
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }
}
