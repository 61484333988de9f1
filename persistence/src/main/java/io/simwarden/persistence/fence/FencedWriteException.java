package io.simwarden.persistence.fence;

/** A write to Cassandra refused because this node's {@link WriteFence} was closed; nothing was sent. */
public final class FencedWriteException extends RuntimeException {
  FencedWriteException(String what) {
    super("Cassandra write refused: this node holds its writes (it stood still, sees only a minority of the "
        + "cluster, or was downed) until it knows its SIMs were not started elsewhere; nothing was sent: " + what,
        null, false, false);
  }
}
