package io.simwarden.sim.driver;

import io.simwarden.core.decision.Verdict;
import io.simwarden.core.entity.SimEntity;
import io.simwarden.core.entity.SimProtocol.CommandResult;
import io.simwarden.core.traffic.Flow;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;

/** One command the driver sends to a SIM entity, built around the reply address the ask provides. */
public sealed interface SimCommand {

  enum Kind { PROVISION, ACTIVATE, ATTACH, DETACH, REPORT, SMS_MO, SMS_MT, CALL, FLUSH, STATE, SET_PROFILE }

  Kind kind();

  /** A network command (answered with a {@link Verdict}); {@code at} is its simulated time. */
  record Network(Kind kind, long at, Function<ActorRef<Verdict>, SimEntity.Command> build) implements SimCommand {}

  /**
   * One report interval of traffic ({@code at} its simulated time, {@code step} its interval). The driver
   * sends a SIM's reports of one usage window together in a {@link SimEntity.ReportTrafficBatch}.
   */
  record Report(int step, long at, List<Flow> flows) implements SimCommand {
    @Override
    public Kind kind() {
      return Kind.REPORT;
    }

    public SimEntity.TrafficReport toTrafficReport() {
      return new SimEntity.TrafficReport(flows, Instant.ofEpochMilli(at));
    }
  }

  /** An operator command (answered with a {@link CommandResult}). */
  record Operator(Kind kind, Function<ActorRef<CommandResult>, SimEntity.Command> build) implements SimCommand {}

  /** Reads the SIM's final state (for the journal digest). */
  enum State implements SimCommand {
    INSTANCE;

    @Override
    public Kind kind() {
      return Kind.STATE;
    }
  }
}
