package io.simwarden.core.decision;

import io.simwarden.core.ValidationException;
import io.simwarden.core.event.SimEvent;
import java.util.List;

/**
 * Outcome of an operator command: the events to journal, or why it was refused.
 *
 * @param events  events to journal in order (empty when refused)
 * @param refusal why the command was refused ({@code "<field>: <problem>"} for bad input), or {@code null}
 * @param field   the rejected field when the command carried bad input; {@code null} when it was accepted or
 *                refused because of the SIM's state (already provisioned, terminated, ...)
 */
public record OperatorDecision(List<SimEvent> events, String refusal, String field) {

  public static OperatorDecision accept(SimEvent... events) {
    return new OperatorDecision(List.of(events), null, null);
  }

  /** Refused because of the SIM's state: the command itself was well-formed. */
  public static OperatorDecision refuse(String why) {
    return new OperatorDecision(List.of(), why, null);
  }

  /** Refused because of bad input, naming the field. */
  public static OperatorDecision invalid(ValidationException e) {
    return new OperatorDecision(List.of(), e.getMessage(), e.field());
  }

  public boolean refused() {
    return refusal != null;
  }
}
