package io.simwarden.sim.driver;

/** A run that cannot go on: the message says why and what to do. */
public class SimulationException extends RuntimeException {

  public SimulationException(String message) {
    super(message);
  }

  public SimulationException(String message, Throwable cause) {
    super(message, cause);
  }
}
