package io.simwarden.core.entity;

import io.simwarden.core.decision.Verdict;
import io.simwarden.core.entity.SimProtocol.CloseWindow;
import io.simwarden.core.entity.SimProtocol.Command;
import io.simwarden.core.entity.SimProtocol.CommandResult;
import io.simwarden.core.entity.SimProtocol.NetworkCommand;
import io.simwarden.core.entity.SimProtocol.OperatorCommand;
import io.simwarden.core.entity.SimProtocol.ReportTrafficBatch;
import io.simwarden.core.event.EventChain;
import io.simwarden.core.event.SimEvent;
import io.simwarden.core.event.SimEvent.RequestKeyRecorded;
import io.simwarden.core.state.RequestKeys;
import io.simwarden.core.state.SimState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
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
 *
 * <p>A client's key (an {@code Idempotency-Key}, {@link SimEntity.Idempotent#request} set) is journaled besides: its
 * decision writes a {@link RequestKeyRecorded} after its events, in the same write, and the SIM's state remembers
 * it ({@link RequestKeys}), so that the request sent again, to this or any later incarnation of the SIM, is
 * answered from there.
 */
final class KeyedDecisions {

  /** What {@link SimEntity.Idempotent} remembers of a decision. */
  static final class KeyedDecision {
    private final String key;
    private final String chainBefore;
    /** The digest of a client's request, or {@code null} for the driver's key. */
    private final String request;
    private final Instant at;
    private boolean recorded;
    private String chainAfter;
    /** The events to write again while their write has not succeeded (dropped once it has: memory per SIM). */
    private List<SimEvent> sealed = List.of();
    private Function<SimState, Object> answer;

    private KeyedDecision(String key, String chainBefore, String request, Instant at) {
      this.key = key;
      this.chainBefore = chainBefore;
      this.chainAfter = chainBefore;
      this.request = request;
      this.at = at;
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

  /** The last keyed decision if it was made under {@code c}'s key (and for the same client request), else null. */
  KeyedDecision lastWithKey(SimEntity.Idempotent c) {
    return last != null && last.key.equals(c.key()) && Objects.equals(last.request, c.request()) ? last : null;
  }

  /** Event time of a command a client's key may be recorded for, or {@code null}. */
  private static Instant at(Command command) {
    if (command instanceof NetworkCommand n) {
      return n.at();
    }
    return command instanceof OperatorCommand o ? o.at() : null;
  }

  /** The answer remembered for a client's request, given the SIM's state now. */
  private static Object answer(RequestKeys.Entry remembered, SimState state) {
    return remembered.verdict() != null ? remembered.verdict()
        : new CommandResult(remembered.refusal() == null, remembered.refusal(), remembered.field(), state);
  }

  /**
   * The effect of {@code c} when it repeats the last keyed decision: the same answer when its events are in the
   * journal, or exactly those events written again when their write was lost; {@code null} when {@code c} is to be
   * decided.
   */
  ReplyEffect<SimEvent, SimState> repeat(EffectFactories<SimEvent, SimState> effect, SimState state,
      SimEntity.Idempotent c) {
    ActorRef<Object> replyTo = replyTo(c.command());
    if (c.request() != null) {
      RequestKeys.Lookup known = RequestKeys.lookup(state.requests(), c.key(), c.request());
      if (known == RequestKeys.Lookup.REPEAT) {
        return effect.reply(replyTo, answer(RequestKeys.find(state.requests(), c.key()), state));
      }
      if (known == RequestKeys.Lookup.REUSED) {
        return effect.reply(replyTo, new RequestKeyReused(c.key()));
      }
    }
    KeyedDecision again = lastWithKey(c);
    if (again == null) {
      return null;
    }
    if (again.journaledAt(state.chain())) {
      return effect.reply(replyTo, again.answer(state));
    }
    if (again.lostAt(state.chain())) {
      return effect.persist(again.sealed()).thenRun(s -> again.written()).thenReply(replyTo, again::answer);
    }
    return null;
  }

  /**
   * Makes the decision of {@code handle} the keyed decision of {@code c} for a SIM whose chain value is
   * {@code chainBefore}; it is remembered when it answered (see {@link #answered} and {@link #answering}).
   */
  <R> R decide(SimEntity.Idempotent c, String chainBefore, Supplier<R> handle) {
    Instant at = at(c.command());
    deciding = new KeyedDecision(c.key(), chainBefore, at == null ? null : c.request(), at);
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
   * {@code sealed} (the events a decision is about to persist, maybe none), followed by the {@link
   * RequestKeyRecorded} of the client's key being decided, sealed after them; {@code sealed} itself when no
   * client's key is being decided or it is recorded already. Call once the answer is known.
   */
  List<SimEvent> withRecord(List<SimEvent> sealed) {
    KeyedDecision d = deciding;
    if (d == null || d.request == null || d.recorded || d.answer == null) {
      return sealed;
    }
    d.recorded = true;
    Object answer = d.answer.apply(SimState.EMPTY);
    Verdict verdict = answer instanceof Verdict v ? v : null;
    CommandResult refused = answer instanceof CommandResult r && !r.accepted() ? r : null;
    SimEvent record = new RequestKeyRecorded(d.at, d.key, d.request, verdict,
        refused == null ? null : refused.error(), refused == null ? null : refused.field(), null);
    String previous = sealed.isEmpty() ? d.chainBefore : sealed.get(sealed.size() - 1).chain();
    List<SimEvent> all = new ArrayList<>(sealed);
    all.addAll(EventChain.seal(previous, List.of(record)));
    return all;
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
