package io.simwarden.core.state;

import static io.simwarden.core.state.SimFixtures.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.simwarden.core.ValidationException;
import io.simwarden.core.decision.Verdict;
import io.simwarden.core.event.EventChain;
import io.simwarden.core.event.RejectReason;
import io.simwarden.core.event.SimEvent;
import io.simwarden.core.event.SimEvent.RequestKeyRecorded;
import io.simwarden.core.policy.ImeiLock;
import io.simwarden.core.state.RequestKeys.Lookup;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a SIM remembers of clients' keyed requests, folded from its events, without an actor system. */
class RequestKeysTest {

  private static final RequestKeys.Bounds FOUR_KEYS_ONE_HOUR = new RequestKeys.Bounds(4, Duration.ofHours(1));

  private static RequestKeyRecorded recorded(String key, String request, Instant at) {
    return new RequestKeyRecorded(at, key, request, Verdict.OK, null, null, null);
  }

  private static RequestKeys rememberAll(RequestKeys.Bounds bounds, RequestKeyRecorded... events) {
    RequestKeys keys = null;
    for (RequestKeyRecorded e : events) {
      keys = RequestKeys.remember(keys, e, bounds);
    }
    return keys;
  }

  @Test
  void theSameKeyWithTheSameRequestRepeatsAndWithAnotherRequestIsReused() {
    RequestKeys keys = rememberAll(FOUR_KEYS_ONE_HOUR, recorded("k1", "suspend:a", T0));
    assertEquals(Lookup.REPEAT, RequestKeys.lookup(keys, "k1", "suspend:a"));
    assertEquals(Lookup.REUSED, RequestKeys.lookup(keys, "k1", "resume:b"));
    assertEquals(Lookup.NEW, RequestKeys.lookup(keys, "k2", "suspend:a"));
    assertEquals(Lookup.NEW, RequestKeys.lookup(null, "k1", "suspend:a"), "a SIM that never got a key");
  }

  @Test
  void theEntryKeepsTheAnswerAsRecorded() {
    Verdict refused = Verdict.refused(RejectReason.SUSPENDED);
    RequestKeys keys = RequestKeys.remember(null,
        new RequestKeyRecorded(T0, "k1", "attach:a", refused, null, null, null), FOUR_KEYS_ONE_HOUR);
    keys = RequestKeys.remember(keys,
        new RequestKeyRecorded(T0, "k2", "resume:a", null, "SIM is not SUSPENDED", "status", null),
        FOUR_KEYS_ONE_HOUR);
    assertEquals(refused, RequestKeys.find(keys, "k1").verdict());
    assertEquals("SIM is not SUSPENDED", RequestKeys.find(keys, "k2").refusal());
    assertEquals("status", RequestKeys.find(keys, "k2").field());
    assertNull(RequestKeys.find(keys, "k3"));
  }

  @Test
  void beyondTheCountTheOldestKeysAreForgotten() {
    for (int n = 1; n <= 12; n++) {
      RequestKeyRecorded[] events = new RequestKeyRecorded[n];
      for (int i = 0; i < n; i++) {
        events[i] = recorded("k" + i, "r" + i, T0.plusSeconds(i));
      }
      RequestKeys keys = rememberAll(FOUR_KEYS_ONE_HOUR, events);
      assertEquals(Math.min(n, 4), keys.entries().size(), n + " keys recorded");
      for (int i = 0; i < n; i++) {
        assertEquals(i >= n - 4 ? Lookup.REPEAT : Lookup.NEW, RequestKeys.lookup(keys, "k" + i, "r" + i),
            "key " + i + " of " + n);
      }
    }
  }

  @Test
  void keysOlderThanTheWindowBeforeTheNewestAreForgotten() {
    RequestKeys keys = rememberAll(FOUR_KEYS_ONE_HOUR, recorded("old", "r", T0),
        recorded("recent", "r", T0.plus(Duration.ofMinutes(50))),
        recorded("now", "r", T0.plus(Duration.ofMinutes(61))));
    assertEquals(Lookup.NEW, RequestKeys.lookup(keys, "old", "r"));
    assertEquals(Lookup.REPEAT, RequestKeys.lookup(keys, "recent", "r"));
    // A request that arrives with an older event time does not push the newer ones out.
    keys = RequestKeys.remember(keys, recorded("late", "r", T0), FOUR_KEYS_ONE_HOUR);
    assertEquals(Lookup.REPEAT, RequestKeys.lookup(keys, "now", "r"));
    assertEquals(Lookup.NEW, RequestKeys.lookup(keys, "late", "r"), "older than the window at once");
  }

  @Test
  void recoveryFromTheEventsRebuildsTheMemoryAndOnlyKeyedEventsChangeIt() {
    List<SimEvent> events = new ArrayList<>();
    events.add(SimFixtures.provisioned(SimFixtures.profile().build(), ImeiLock.OFF, List.of(), null));
    for (int i = 0; i < 40; i++) {
      events.add(i % 2 == 0 ? SimFixtures.activated() : recorded("k" + i, "r" + i, T0.plusSeconds(i)));
    }
    List<SimEvent> journal = EventChain.seal(EventChain.GENESIS, events);
    SimState recovered = SimState.EMPTY;
    for (SimEvent e : journal) {
      recovered = recovered.apply(e, FOUR_KEYS_ONE_HOUR);
    }
    assertEquals(List.of("k33", "k35", "k37", "k39"), recovered.requests().entries().stream()
        .map(RequestKeys.Entry::key).toList());
    assertEquals(Lookup.REPEAT, RequestKeys.lookup(recovered.requests(), "k39", "r39"));
    assertEquals(Lookup.NEW, RequestKeys.lookup(recovered.requests(), "k31", "r31"));
    // A snapshot is a state: recovering from one taken midway and the events after it remembers the same.
    SimState snapshot = SimState.EMPTY;
    for (SimEvent e : journal.subList(0, 30)) {
      snapshot = snapshot.apply(e, FOUR_KEYS_ONE_HOUR);
    }
    SimState fromSnapshot = snapshot;
    for (SimEvent e : journal.subList(30, journal.size())) {
      fromSnapshot = fromSnapshot.apply(e, FOUR_KEYS_ONE_HOUR);
    }
    assertEquals(recovered, fromSnapshot);
    assertNull(SimState.EMPTY.applyAll(journal.subList(0, 2)).requests(), "no key, no memory");
    SimState before = SimState.EMPTY.applyAll(journal.subList(0, 3));
    assertEquals(before.requests(), before.apply(journal.get(3)).requests(),
        "an unkeyed event keeps the memory as it was");
  }

  @Test
  void boundsOutsideTheirRangeAreRefusedNamingTheSetting() {
    ValidationException e = assertThrows(ValidationException.class,
        () -> new RequestKeys.Bounds(0, Duration.ofHours(1)));
    assertEquals("simwarden.sim.request-keys.keys", e.field());
    e = assertThrows(ValidationException.class, () -> new RequestKeys.Bounds(4, Duration.ZERO));
    assertEquals("simwarden.sim.request-keys.window", e.field());
  }
}
