package io.simwarden.sim.sweep;

/** A sweep that cannot run as asked; the message names the flag and what to change. */
public final class SweepException extends RuntimeException {

  public SweepException(String flag, String problem) {
    super(flag + ": " + problem);
  }
}
