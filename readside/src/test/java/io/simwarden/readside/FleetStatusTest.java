package io.simwarden.readside;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.simwarden.core.event.SampleEvents;
import io.simwarden.core.event.SimEvent;
import io.simwarden.core.event.SimTags;
import io.simwarden.core.policy.SimStatus;
import io.simwarden.core.state.SimState;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The fleet summary's fold of a SIM's lifecycle agrees with the entity's own event handler. */
class FleetStatusTest {
  private static final Instant T = Instant.parse("2026-12-01T00:00:00Z");

  @Test
  void theFoldFollowsTheEntitysStatusThroughEveryLifecycleEvent() {
    SimEvent.Provisioned provisioned = SampleEvents.provisionedWithSets();
    SimEvent[] life = {provisioned, new SimEvent.Activated(T, "alice", null),
        new SimEvent.Suspended(T, "network:imei-lock", "mismatch", null), new SimEvent.Resumed(T, "bob", null),
        new SimEvent.Suspended(T, "alice", "lost", null), new SimEvent.Terminated(T, "alice", "scrapped", null)};
    SimState state = SimState.EMPTY;
    FleetStatus row = null;
    for (int i = 0; i < life.length; i++) {
      state = state.apply(life[i]);
      row = FleetStatus.after(row, life[i], i + 1);
      assertEquals(new FleetStatus(provisioned.organisation(), state.status(), i + 1), row, life[i].toString());
    }
    assertEquals(SimStatus.TERMINATED, row.status());
  }

  @Test
  void otherEventsLeaveTheRowAsItIsAndAnUnprovisionedSimIsNotCounted() {
    FleetStatus row = new FleetStatus("acme", SimStatus.ACTIVE, 7);
    for (SimEvent event : SampleEvents.oneOfEachType()) {
      if (!SimTags.countsStatus(event)) {
        assertSame(row, FleetStatus.after(row, event, 8), event.getClass().getSimpleName());
      }
    }
    assertNull(FleetStatus.after(null, new SimEvent.Activated(T, "alice", null), 2));
  }
}
