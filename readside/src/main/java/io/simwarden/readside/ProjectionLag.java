package io.simwarden.readside;

/**
 * Told of every envelope a projection handles, with when its event was written and when it was handled: the
 * node turns this into its lag histogram and gauge. Called on the projection's thread; keep it cheap.
 */
@FunctionalInterface
public interface ProjectionLag {

  /** Tells nothing to nobody. */
  ProjectionLag NONE = (projection, slice, writtenMillis, handledMillis) -> { };

  /**
   * @param projection    the projection's name, e.g. {@code fleet-summary}
   * @param slice         the slice the envelope came from
   * @param writtenMillis when the event was written to the journal (the envelope's timestamp), epoch millis
   * @param handledMillis when the handler was done with it, epoch millis
   */
  void handled(String projection, int slice, long writtenMillis, long handledMillis);
}
