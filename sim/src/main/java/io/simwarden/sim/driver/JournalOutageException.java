package io.simwarden.sim.driver;

import java.time.Duration;

/**
 * A SIM got no answer for longer than the run's outage limit ({@code simwarden.sim.journal-outage-limit},
 * {@code --journal-outage-limit}): the journal stayed unreachable, and the run stops. Its last checkpoint stays, so
 * {@code simulate --resume} continues it once the journal is back.
 */
public final class JournalOutageException extends SimulationException {

  public JournalOutageException(String imsi, Duration failingFor, int attempts, Duration limit, Throwable cause) {
    super("SIM " + imsi + " got no answer for " + failingFor.toSeconds() + " s (" + attempts + " attempts, last: "
        + cause.getClass().getSimpleName() + "): the journal stayed unreachable longer than the outage limit of "
        + limit.toSeconds() + " s", cause);
  }
}
