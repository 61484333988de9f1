package io.simwarden.core.decision;

import io.simwarden.core.event.SimEvent;
import java.util.List;

/** Events to journal (without chain values yet, in order) and the answer to give. */
public record NetworkDecision(List<SimEvent> events, Verdict verdict) {

  public static NetworkDecision refused(Verdict verdict) {
    return new NetworkDecision(List.of(), verdict);
  }
}
