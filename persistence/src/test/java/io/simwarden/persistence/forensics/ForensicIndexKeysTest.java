package io.simwarden.persistence.forensics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simwarden.core.event.SampleEvents;
import io.simwarden.core.event.SimEvent;
import io.simwarden.core.id.Imei;
import io.simwarden.core.id.Plmn;
import io.simwarden.core.id.Tac;
import io.simwarden.core.traffic.EndpointUsage;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Where the forensic index files an event and what a search reads: every event a search matches must be filed
 * under the key the search's plan reads, for the index to answer what the full scan answers.
 */
class ForensicIndexKeysTest {

  private static SearchCriteria criteria(Set<String> kinds, String remote, Tac tac, Imei imei, Plmn plmn) {
    return new SearchCriteria(kinds, null, null, tac, imei, remote == null ? null : SearchCriteria.remote(remote),
        plmn);
  }

  @Test
  void everyEventASearchMatchesIsFiledUnderAKeyItsPlanReads() {
    for (SimEvent e : SampleEvents.oneOfEachType()) {
      Set<ForensicIndexKeys.Key> keys = ForensicIndexKeys.of(e);
      List<SearchCriteria> searches = new java.util.ArrayList<>();
      searches.add(criteria(Set.of(SearchCriteria.kind(e.getClass().getSimpleName())), null, null, null, null));
      if (e instanceof SimEvent.AnomalyDetected a) {
        searches.add(criteria(Set.of(SearchCriteria.kind(a.kind().name())), null, null, null, null));
      }
      if (e instanceof SimEvent.AttachAccepted a) {
        searches.add(criteria(Set.of(), null, a.imei().tac(), null, null));
        searches.add(criteria(Set.of(), null, null, a.imei(), null));
        searches.add(criteria(Set.of(), null, null, null, a.plmn()));
      }
      List<EndpointUsage> endpoints = e instanceof SimEvent.UsageRecorded u ? u.endpoints()
          : e instanceof SimEvent.FlowsBlocked b ? b.endpoints() : List.of();
      for (EndpointUsage u : endpoints) {
        searches.add(criteria(Set.of(), u.remote().toString(), null, null, null));
        searches.add(criteria(Set.of(), ForensicIndexKeys.bucket(u.remote()), null, null, null));
      }
      for (SearchCriteria c : searches) {
        assertTrue(c.matches(e), c + " matches " + e);
        Optional<ForensicIndexKeys.Plan> plan = ForensicIndexKeys.plan(c);
        if (plan.isPresent()) {
          assertTrue(plan.get().values().stream().anyMatch(v -> keys.contains(new ForensicIndexKeys.Key(
              plan.get().type(), v))), e.getClass().getSimpleName() + " is filed where " + plan.get() + " reads");
        }
      }
    }
  }

  @Test
  void routineKindsAreNotIndexedByKindAndASearchForThemReadsTheJournal() {
    assertEquals(Optional.empty(), ForensicIndexKeys.plan(criteria(Set.of("usagerecorded"), null, null, null,
        null)));
    assertEquals(Optional.empty(), ForensicIndexKeys.plan(criteria(Set.of("portscan", "attachaccepted"), null,
        null, null, null)));
    assertEquals("kind", ForensicIndexKeys.plan(criteria(Set.of("portscan"), null, null, null, null)).get().type());
  }

  @Test
  void aNetworkIsReadBucketByBucketUpToAnIpv4Slash16() {
    assertEquals(List.of("203.0.113.0/24"), ForensicIndexKeys.plan(criteria(Set.of(), "203.0.113.7", null, null,
        null)).get().values());
    assertEquals(List.of("10.1.4.0/24", "10.1.5.0/24", "10.1.6.0/24", "10.1.7.0/24"), ForensicIndexKeys.plan(
        criteria(Set.of(), "10.1.4.0/22", null, null, null)).get().values());
    assertEquals(256, ForensicIndexKeys.plan(criteria(Set.of(), "10.1.0.0/16", null, null, null)).get().values()
        .size());
    assertEquals(Optional.empty(), ForensicIndexKeys.plan(criteria(Set.of(), "10.0.0.0/8", null, null, null)));
    assertEquals(List.of("2001:db8:1::/48"), ForensicIndexKeys.plan(criteria(Set.of(), "2001:db8:1:2::9", null,
        null, null)).get().values());
  }

  @Test
  void theWindowReadsTheDaysOfItsEndsAndTheDayAfter() {
    SearchCriteria c = new SearchCriteria(Set.of("portscan"), Instant.parse("2026-01-01T09:00:00Z"),
        Instant.parse("2026-01-03T00:00:00Z"), null, null, null, null);
    ForensicIndexKeys.Plan plan = ForensicIndexKeys.plan(c).get();
    assertEquals(ForensicIndexKeys.day(Instant.parse("2026-01-01T00:00:00Z")), plan.firstDay());
    assertEquals(ForensicIndexKeys.day(Instant.parse("2026-01-04T00:00:00Z")), plan.lastDay());
  }
}
