package io.simwarden.sim.driver;

/** {@code --resume} cannot apply: no such run, a finished one, or other flags than the run was started with. */
public final class ResumeException extends SimulationException {

  public ResumeException(String message) {
    super(message);
  }
}
