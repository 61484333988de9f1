package io.simwarden.persistence.forensics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.simwarden.core.event.SampleEvents;
import io.simwarden.core.event.SimEvent;
import io.simwarden.core.state.SimState;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventNarrativeTest {

  @Test
  void everyEventTypeHasAWhoAndAOneLineWhy() {
    List<SimEvent> events = SampleEvents.oneOfEachType();
    assertEquals(SimEvent.class.getPermittedSubclasses().length, events.size(), "the fixture has every type");
    for (SimEvent e : events) {
      String why = EventNarrative.why(e);
      assertFalse(why.isBlank() || why.contains("\n"), e + ": " + why);
    }
    assertEquals("network", EventNarrative.who(events.get(6)));
    assertEquals(((SimEvent.Suspended) events.get(18)).by(), EventNarrative.who(events.get(18)));
    assertEquals("port-scan (score 4.3): 23 targets on port 23; response QUARANTINE",
        EventNarrative.why(events.get(20)));
    assertEquals("4 flows (980 B) blocked (FIREWALL, rule deny-telnet); to 203.0.113.7:23/TCP, 2001:db8::5:161/UDP",
        EventNarrative.why(events.get(12)));
  }

  @Test
  void aStateDiffNamesExactlyTheFieldsAnEventChanged() {
    List<SimEvent> events = SampleEvents.oneOfEachType();
    SimState before = SimState.EMPTY.applyAll(events.subList(0, 18));
    SimState after = before.apply(events.get(18));
    List<String> fields = StateView.diff(before, after).stream().map(StateView.Change::field).toList();
    assertEquals(List.of("status", "suspendedBy", "lastEventAt"), fields);
    assertEquals("SUSPENDED", StateView.fields(after).get("status"));
  }
}
