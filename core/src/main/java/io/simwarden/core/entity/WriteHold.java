package io.simwarden.core.entity;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.apache.pekko.actor.typed.javadsl.ActorContext;

/**
 * Whether a SIM may write now, and the reminder it sends itself while it may not. A node that stood still (a GC
 * pause, SIGSTOP) may have been downed meanwhile and its SIMs started elsewhere; until it knows, its SIMs keep every
 * command that may write (the entity stashes them) and answer reads. {@code writesAllowed} is the node's view
 * (its StallWatch; always true in simulations and benchmarks).
 */
final class WriteHold {
  /** How often a SIM whose node holds writes looks again. */
  private static final Duration RESUME_CHECK = Duration.ofMillis(500);

  private final BooleanSupplier writesAllowed;
  private final ActorContext<SimEntity.Command> context;
  /** A {@link SimEntity.ResumeWrites} is on its way to this SIM. */
  private boolean resumeScheduled;

  WriteHold(BooleanSupplier writesAllowed, ActorContext<SimEntity.Command> context) {
    this.writesAllowed = writesAllowed;
    this.context = context;
  }

  /**
   * Whether {@code command} must wait: it may write (any command but a read, even a passivation, which journals
   * the open usage window) while writes are held. A reminder is then on its way.
   */
  boolean keeps(SimEntity.Command command) {
    if (command instanceof SimEntity.GetState || writesAllowed.getAsBoolean()) {
      return false;
    }
    remindLater();
    return true;
  }

  /** On the reminder: whether the kept commands may go now; if not, another reminder is on its way. */
  boolean released() {
    resumeScheduled = false;
    if (writesAllowed.getAsBoolean()) {
      return true;
    }
    remindLater();
    return false;
  }

  private void remindLater() {
    if (!resumeScheduled) {
      resumeScheduled = true;
      context.scheduleOnce(RESUME_CHECK, context.getSelf(), SimEntity.ResumeWrites.INSTANCE);
    }
  }
}
