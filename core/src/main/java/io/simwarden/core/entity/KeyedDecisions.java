package io.simwarden.core.entity;

import io.simwarden.core.entity.SimProtocol.CloseWindow;
import io.simwarden.core.entity.SimProtocol.Command;
import io.simwarden.core.entity.SimProtocol.NetworkCommand;
import io.simwarden.core.entity.SimProtocol.OperatorCommand;
import io.simwarden.core.entity.SimProtocol.ReportTrafficBatch;
import io.simwarden.core.event.SimEvent;
import io.simwarden.core.state.SimState;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.persistence.typed.javadsl.EffectFactories;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;

/**
 * A SIM entity's memory of its last keyed decision ({@link SimEntity.Idempotent}): the key, the chain value before
 * it, the events it sealed while their write has not succeeded, and its answer. The entity keeps one instance for
 * its life, across restarts after a failed write, so that a command re-sent with the same key is answered (or its
 * events written again) without being decided twice. Working memory, never journaled.
 */
final class KeyedDecisions {

  /** What {@link SimEntity.Idempotent} remembers of a decision. */
  static final class KeyedDecision {
    private final String key;
    private final String chainBefore;
    private String chainAfter;
    /** The events to write again while their write has not succeeded (dropped once it has: memory per SIM). */
    private List<SimEvent> sealed = List.of();
    private Function<SimState, Object> answer;

    private KeyedDecision(String key, String chainBefore) {
      this.key = key;
      this.chainBefore = chainBefore;
      this.chainAfter = chainBefore;
    }

    /** Whether the decision's events are in the journal of a SIM whose chain value is {@code chain}. */
    boolean journaledAt(String chain) {
      return chain.equals(chainAfter);
    }

    /** Whether a SIM whose chain value is {@code chain} lost the decision's events: they must be written again. */
    boolean lostAt(String chain) {
      return chain.equals(chainBefore) && !sealed.isEmpty();
    }

    /** The events to write again. */
    List<SimEvent> sealed() {
      return sealed;
    }

    /** The decision's answer, given the state after its events. */
    Object answer(SimState state) {
      return answer.apply(state);
    }

    /** Its events reached the journal: nothing to write again. */
    void written() {
      sealed = List.of();
    }

    private void sealed(List<SimEvent> events) {
      sealed = events;
      chainAfter = events.isEmpty() ? chainBefore : events.get(events.size() - 1).chain();
    }
  }

  /** The reply address of a command that {@link SimEntity.Idempotent} may wrap. */
  @SuppressWarnings("unchecked")
  static ActorRef<Object> replyTo(Command command) {
    ActorRef<?> to;
    if (command instanceof NetworkCommand n) {
      to = n.replyTo();
    } else if (command instanceof OperatorCommand o) {
      to = o.replyTo();
    } else if (command instanceof ReportTrafficBatch b) {
      to = b.replyTo();
    } else if (command instanceof CloseWindow w) {
      to = w.replyTo();
    } else {
      throw new IllegalStateException("not an idempotent command: " + command.getClass().getName());
    }
    return (ActorRef<Object>) to;
  }

  /** The last keyed decision. */
  private KeyedDecision last;
  /** The keyed decision being made, while its command is handled. */
  private KeyedDecision deciding;

  /** The last keyed decision if it was made under {@code key}, else {@code null}. */
  KeyedDecision lastWithKey(String key) {
    return last != null && last.key.equals(key) ? last : null;
  }

  /**
   * The effect of {@code c} when it repeats the last keyed decision: the same answer when its events are in the
   * journal, or exactly those events written again when their write was lost; {@code null} when {@code c} is to be
   * decided.
   */
  ReplyEffect<SimEvent, SimState> repeat(EffectFactories<SimEvent, SimState> effect, SimState state,
      SimEntity.Idempotent c) {
    KeyedDecision again = lastWithKey(c.key());
    if (again == null) {
      return null;
    }
    ActorRef<Object> replyTo = replyTo(c.command());
    if (again.journaledAt(state.chain())) {
      return effect.reply(replyTo, again.answer(state));
    }
    if (again.lostAt(state.chain())) {
      return effect.persist(again.sealed()).thenRun(s -> again.written()).thenReply(replyTo, again::answer);
    }
    return null;
  }

  /**
   * Makes the decision of {@code handle} the keyed decision {@code key} of a SIM whose chain value is
   * {@code chainBefore}; it is remembered when it answered (see {@link #answered} and {@link #answering}).
   */
  <R> R decide(String key, String chainBefore, Supplier<R> handle) {
    deciding = new KeyedDecision(key, chainBefore);
    try {
      R effect = handle.get();
      if (deciding.answer != null) {
        last = deciding;
      }
      return effect;
    } finally {
      deciding = null;
    }
  }

  /** For a keyed decision that answers at once: its answer. */
  void answered(Object value) {
    if (deciding != null) {
      deciding.answer = s -> value;
    }
  }

  /** For a keyed decision that persists: how its answer follows from the state after the write. */
  void answering(Function<SimState, Object> answer) {
    if (deciding != null) {
      deciding.answer = answer;
    }
  }

  /**
   * Records the events a keyed decision being made is about to persist; returns that decision (to call
   * {@link KeyedDecision#written} once they are), or {@code null} when no keyed decision is being made.
   */
  KeyedDecision sealing(List<SimEvent> events) {
    KeyedDecision keyed = deciding;
    if (keyed != null) {
      keyed.sealed(events);
    }
    return keyed;
  }
}
