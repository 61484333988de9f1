package io.simwarden.core.decision;

import io.simwarden.core.event.SimEvent;
import java.util.List;

/**
 * Outcome of an operator command: the events to journal, or why it was refused.
 *
 * @param events  events to journal in order (empty when refused)
 * @param refusal why the command was refused, or {@code null}
 */
public record OperatorDecision(List<SimEvent> events, String refusal) {

  public static OperatorDecision accept(SimEvent... events) {
    return new OperatorDecision(List.of(events), null);
  }

  public static OperatorDecision refuse(String why) {
    return new OperatorDecision(List.of(), why);
  }

  public boolean refused() {
    return refusal != null;
  }
}
