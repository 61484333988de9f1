package io.simwarden.persistence.cassandra;

/** The local Cassandra could not be started or stopped; the message says what to do about it. */
public final class CassandraLaunchException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public CassandraLaunchException(String message) {
    super(message);
  }

  public CassandraLaunchException(String message, Throwable cause) {
    super(message, cause);
  }
}
