package io.simwarden.core.entity;

import io.simwarden.core.EventTime;
import io.simwarden.core.ValidationException;
import io.simwarden.core.decision.OperatorDecider;
import io.simwarden.core.decision.OperatorDecision;
import io.simwarden.core.entity.SimProtocol.Activate;
import io.simwarden.core.entity.SimProtocol.ClearResponse;
import io.simwarden.core.entity.SimProtocol.OperatorCommand;
import io.simwarden.core.entity.SimProtocol.Provision;
import io.simwarden.core.entity.SimProtocol.RequestFirmwareUpdate;
import io.simwarden.core.entity.SimProtocol.Resume;
import io.simwarden.core.entity.SimProtocol.SetFirewall;
import io.simwarden.core.entity.SimProtocol.SetImeiLock;
import io.simwarden.core.entity.SimProtocol.SetProfile;
import io.simwarden.core.entity.SimProtocol.Suspend;
import io.simwarden.core.entity.SimProtocol.Terminate;
import io.simwarden.core.policy.SimStatus.Transition;
import io.simwarden.core.state.SimState;
import java.util.List;

/**
 * Which {@link OperatorDecider} call decides each operator command, after the checks every operator command gets:
 * it reached the SIM it names, it names its operator, and its event time is one the entity can take. Bad input is
 * a refusal naming the field, never an exception.
 */
final class OperatorCommands {

  private OperatorCommands() {}

  /** The decision on {@code command} for SIM {@code imsi} in {@code state}. */
  static OperatorDecision decide(String imsi, SimState state, OperatorCommand command) {
    if (command instanceof Provision c && (c.imsi() == null || !imsi.equals(c.imsi().value()))) {
      return OperatorDecision.invalid(new ValidationException("imsi",
          "command for " + c.imsi() + " was routed to SIM " + imsi));
    }
    try {
      OperatorDecider.checkOperator(command.by());
      if (!EventTime.accepted(command.at())) {
        throw new ValidationException("at", EventTime.outOfRange(command.at()));
      }
      return decision(state, command);
    } catch (ValidationException e) {
      return OperatorDecision.invalid(e);
    }
  }

  private static OperatorDecision decision(SimState s, OperatorCommand command) {
    if (command instanceof Provision c) {
      return OperatorDecider.provision(s, c.at(), c.by(), c.imsi(), c.iccid(), c.organisation(), c.profile(),
          c.imeiLock(), c.firewallRules() == null ? List.of() : c.firewallRules(), c.device());
    }
    if (command instanceof Activate c) {
      return OperatorDecider.transition(s, Transition.ACTIVATE, c.at(), c.by(), null);
    }
    if (command instanceof Suspend c) {
      return OperatorDecider.transition(s, Transition.SUSPEND, c.at(), c.by(), c.reason());
    }
    if (command instanceof Resume c) {
      return OperatorDecider.transition(s, Transition.RESUME, c.at(), c.by(), null);
    }
    if (command instanceof Terminate c) {
      return OperatorDecider.transition(s, Transition.TERMINATE, c.at(), c.by(), c.reason());
    }
    if (command instanceof SetProfile c) {
      return OperatorDecider.setProfile(s, c.at(), c.by(), c.profile());
    }
    if (command instanceof SetImeiLock c) {
      return OperatorDecider.setImeiLock(s, c.at(), c.by(), c.imeiLock());
    }
    if (command instanceof SetFirewall c) {
      return OperatorDecider.setFirewall(s, c.at(), c.by(), c.rules());
    }
    if (command instanceof RequestFirmwareUpdate c) {
      return OperatorDecider.requestFirmwareUpdate(s, c.at(), c.by(), c.targetVersion());
    }
    if (command instanceof ClearResponse c) {
      return OperatorDecider.clearResponse(s, c.at(), c.by());
    }
    throw new IllegalStateException("unhandled operator command " + command.getClass().getName());
  }
}
