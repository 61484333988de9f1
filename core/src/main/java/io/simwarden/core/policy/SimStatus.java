package io.simwarden.core.policy;

/**
 * Lifecycle of a SIM: {@code ISSUED → ACTIVE ⇄ SUSPENDED → TERMINATED}.
 *
 * <p>Termination is irreversible, so it is only accepted from {@code SUSPENDED} (or from {@code ISSUED},
 * a SIM that never carried traffic): an active SIM must be suspended first, which makes an accidental
 * termination of a working device a two-step mistake rather than a one-step one.
 */
public enum SimStatus {
  ISSUED,
  ACTIVE,
  SUSPENDED,
  TERMINATED;

  /** Operator transitions between statuses. */
  public enum Transition {
    ACTIVATE(ACTIVE),
    SUSPEND(SUSPENDED),
    RESUME(ACTIVE),
    TERMINATE(TERMINATED);

    private final SimStatus target;

    Transition(SimStatus target) {
      this.target = target;
    }

    public SimStatus target() {
      return target;
    }
  }

  /**
   * Why {@code transition} is not allowed from this status, or {@code null} when it is.
   */
  public String refusal(Transition transition) {
    if (this == TERMINATED) {
      return "SIM is TERMINATED; a terminated SIM cannot be " + pastTense(transition);
    }
    switch (transition) {
      case ACTIVATE:
        return this == ISSUED ? null : "only an ISSUED SIM can be activated; this SIM is " + this
            + (this == SUSPENDED ? " (use resume)" : "");
      case SUSPEND:
        return this == ACTIVE ? null : "only an ACTIVE SIM can be suspended; this SIM is " + this;
      case RESUME:
        return this == SUSPENDED ? null : "only a SUSPENDED SIM can be resumed; this SIM is " + this;
      case TERMINATE:
        return this == SUSPENDED || this == ISSUED ? null
            : "an ACTIVE SIM cannot be terminated directly; suspend it first";
      default:
        throw new IllegalStateException("unknown transition " + transition);
    }
  }

  private static String pastTense(Transition t) {
    switch (t) {
      case ACTIVATE: return "activated";
      case SUSPEND: return "suspended";
      case RESUME: return "resumed";
      default: return "terminated again";
    }
  }
}
