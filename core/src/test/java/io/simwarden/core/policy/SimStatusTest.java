package io.simwarden.core.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.simwarden.core.policy.SimStatus.Transition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SimStatusTest {

  @ParameterizedTest(name = "{1} from {0}")
  @CsvSource({
      "ISSUED,    ACTIVATE",
      "ACTIVE,    SUSPEND",
      "SUSPENDED, RESUME",
      "SUSPENDED, TERMINATE",
      "ISSUED,    TERMINATE",
  })
  void legalTransitionHasNoRefusal(SimStatus from, Transition transition) {
    assertNull(from.refusal(transition));
  }

  @ParameterizedTest(name = "{1} from {0}")
  @CsvSource(delimiter = '|', value = {
      "ACTIVE    | ACTIVATE  | only an ISSUED SIM can be activated; this SIM is ACTIVE",
      "SUSPENDED | ACTIVATE  | only an ISSUED SIM can be activated; this SIM is SUSPENDED (use resume)",
      "ISSUED    | SUSPEND   | only an ACTIVE SIM can be suspended; this SIM is ISSUED",
      "SUSPENDED | SUSPEND   | only an ACTIVE SIM can be suspended; this SIM is SUSPENDED",
      "ISSUED    | RESUME    | only a SUSPENDED SIM can be resumed; this SIM is ISSUED",
      "ACTIVE    | RESUME    | only a SUSPENDED SIM can be resumed; this SIM is ACTIVE",
      "ACTIVE    | TERMINATE | an ACTIVE SIM cannot be terminated directly; suspend it first",
      "TERMINATED | ACTIVATE  | SIM is TERMINATED; a terminated SIM cannot be activated",
      "TERMINATED | SUSPEND   | SIM is TERMINATED; a terminated SIM cannot be suspended",
      "TERMINATED | RESUME    | SIM is TERMINATED; a terminated SIM cannot be resumed",
      "TERMINATED | TERMINATE | SIM is TERMINATED; a terminated SIM cannot be terminated again",
  })
  void illegalTransitionIsRefusedWithItsReason(SimStatus from, Transition transition, String reason) {
    assertEquals(reason, from.refusal(transition));
  }

  @Test
  void everyTransitionLeadsToItsTargetStatus() {
    assertEquals(SimStatus.ACTIVE, Transition.ACTIVATE.target());
    assertEquals(SimStatus.SUSPENDED, Transition.SUSPEND.target());
    assertEquals(SimStatus.ACTIVE, Transition.RESUME.target());
    assertEquals(SimStatus.TERMINATED, Transition.TERMINATE.target());
  }
}
