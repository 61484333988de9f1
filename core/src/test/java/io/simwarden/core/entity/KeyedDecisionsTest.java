package io.simwarden.core.entity;

import static io.simwarden.core.state.SimFixtures.activated;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simwarden.core.event.EventChain;
import io.simwarden.core.event.SimEvent;
import io.simwarden.core.state.SimState;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the entity remembers of its last keyed decision, without an actor system. */
class KeyedDecisionsTest {

  private static final String BEFORE = EventChain.GENESIS;

  private final KeyedDecisions keyed = new KeyedDecisions();

  /** A driver's retry key (working memory only) around no particular command. */
  private static SimEntity.Idempotent driver(String key) {
    return new SimEntity.Idempotent(key, null);
  }

  @Test
  void aDecisionThatGaveNoAnswerOfItsOwnIsNotRemembered() {
    assertEquals("handled", keyed.decide(driver("k1"), BEFORE, () -> "handled"));
    assertNull(keyed.lastWithKey(driver("k1")));
  }

  @Test
  void aDecisionAnsweredAtOnceIsRememberedUnderItsKeyOnly() {
    keyed.decide(driver("k1"), BEFORE, () -> {
      keyed.answered("ok");
      return "effect";
    });
    KeyedDecisions.KeyedDecision last = keyed.lastWithKey(driver("k1"));
    assertEquals("ok", last.answer(SimState.EMPTY));
    assertTrue(last.journaledAt(BEFORE));
    assertFalse(last.lostAt(BEFORE));
    assertNull(keyed.lastWithKey(driver("k2")));
  }

  @Test
  void aPersistingDecisionIsJournaledAtItsLastChainValueAndLostAtTheOneBeforeUntilWritten() {
    List<SimEvent> sealed = EventChain.seal(BEFORE, List.of(activated(), activated()));
    KeyedDecisions.KeyedDecision[] sealing = new KeyedDecisions.KeyedDecision[1];
    keyed.decide(driver("k1"), BEFORE, () -> {
      sealing[0] = keyed.sealing(sealed);
      keyed.answering(SimState::chain);
      return "effect";
    });
    KeyedDecisions.KeyedDecision last = keyed.lastWithKey(driver("k1"));
    assertSame(sealing[0], last);
    assertTrue(last.journaledAt(sealed.get(1).chain()));
    assertTrue(last.lostAt(BEFORE));
    assertEquals(sealed, last.sealed());

    last.written();
    assertFalse(last.lostAt(BEFORE));
    assertEquals(List.of(), last.sealed());
  }

  @Test
  void eventsPersistedOutsideAKeyedDecisionBelongToNone() {
    assertNull(keyed.sealing(EventChain.seal(BEFORE, List.of(activated()))));
    keyed.answered("ignored");
    assertNull(keyed.lastWithKey(driver("k1")));
  }

  @Test
  void aLaterKeyedDecisionReplacesTheLastOneOnlyWhenItAnswers() {
    keyed.decide(driver("k1"), BEFORE, () -> {
      keyed.answered("first");
      return "effect";
    });
    keyed.decide(driver("k2"), BEFORE, () -> "no answer");
    assertEquals("first", keyed.lastWithKey(driver("k1")).answer(SimState.EMPTY));
    keyed.decide(driver("k2"), BEFORE, () -> {
      keyed.answered("second");
      return "effect";
    });
    assertNull(keyed.lastWithKey(driver("k1")));
    assertEquals("second", keyed.lastWithKey(driver("k2")).answer(SimState.EMPTY));
  }
}
