package io.simwarden.core.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simwarden.core.ValidationException;
import io.simwarden.core.event.SimTags.Coverage;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which events carry a read-side slice tag, and that a SIM's events all land in one slice. */
class SimTagsTest {
  private static final String IMSI = "208011234567890";

  @Test
  void lifecycleEventsAndAlertsCarryTheSimsSliceByDefault() {
    String slice = SimTags.sliceTag(SimTags.sliceOf(IMSI));
    for (SimEvent event : SampleEvents.oneOfEachType()) {
      Set<String> tags = SimTags.tagsFor(IMSI, event);
      boolean wanted = SimTags.countsStatus(event) || SimTags.groupOf(event) == SimTags.ALERT;
      assertEquals(wanted, tags.contains(slice), event.getClass().getSimpleName() + " " + tags);
      String group = SimTags.groupOf(event);
      assertEquals(group == null ? 0 : 1, tags.stream().filter(t -> !t.startsWith(SimTags.SLICE)).count(),
          "the alert and audit tags are as before: " + event.getClass().getSimpleName());
    }
  }

  @Test
  void everyEventCarriesTheSliceWhenCoverageIsEveryEvent() {
    String slice = SimTags.sliceTag(SimTags.sliceOf(IMSI));
    for (SimEvent event : SampleEvents.oneOfEachType()) {
      assertTrue(SimTags.tagsFor(IMSI, event, Coverage.EVERY_EVENT).contains(slice),
          event.getClass().getSimpleName());
    }
    assertFalse(SimTags.tagsFor(IMSI, SampleEvents.oneOfEachType().stream()
        .filter(e -> e instanceof SimEvent.UsageRecorded).findFirst().orElseThrow()).contains(slice),
        "usage windows are not sliced by default");
  }

  @Test
  void slicesSpreadImsisOverEverySlice() {
    Set<Integer> seen = new HashSet<>();
    for (int n = 0; n < 200; n++) {
      int slice = SimTags.sliceOf(String.format("20801%010d", n));
      assertTrue(slice >= 0 && slice < SimTags.SLICES);
      seen.add(slice);
    }
    assertEquals(SimTags.SLICES, seen.size());
    assertEquals("slice-7", SimTags.sliceTag(7));
  }

  @Test
  void coverageIsParsedFromConfigurationWithAClearError() {
    assertEquals(Coverage.EVERY_EVENT, Coverage.parse("every-event"));
    ValidationException bad = assertThrows(ValidationException.class, () -> Coverage.parse("all"));
    assertEquals("simwarden.sim.slice-tags", bad.field());
  }
}
