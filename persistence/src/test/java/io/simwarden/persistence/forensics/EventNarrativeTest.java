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
    assertEquals("call to IRSF_RANGE refused (DESTINATION_NOT_ALLOWED): IRSF_RANGE numbers are not among the "
        + "profile's voice destinations [EMERGENCY, DOMESTIC]", EventNarrative.why(events.get(23)));
    assertEquals("calls since 2024-03-10T11:00:00Z: 3 calls, 7.0 min; DOMESTIC 2 calls, 5.0 min, INTERNATIONAL 1 call, "
        + "2.0 min", EventNarrative.why(events.get(24)));
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
