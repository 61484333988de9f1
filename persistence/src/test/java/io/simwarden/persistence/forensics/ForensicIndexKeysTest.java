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
    assertEquals(ForensicIndexKeys.day(Instant.parse("2026-01-02T00:00:00Z")), plan.lastDay(),
        "an anomaly is filed under its own day: the window ends with the day of its last instant");
    SearchCriteria usage = new SearchCriteria(Set.of(), c.from(), c.to(), null, null,
        SearchCriteria.remote("203.0.113.7"), null);
    assertEquals(ForensicIndexKeys.day(Instant.parse("2026-01-03T00:00:00Z")),
        ForensicIndexKeys.plan(usage).get().lastDay(), "a usage window starting before to is filed the day after");
    SearchCriteria sms = new SearchCriteria(Set.of("smsusagerecorded"), c.from(), Instant.parse(
        "2026-01-03T00:00:01Z"), null, null, null, null);
    assertEquals(ForensicIndexKeys.day(Instant.parse("2026-01-04T00:00:00Z")),
        ForensicIndexKeys.plan(sms).get().lastDay());
  }

  /** A row outside the window names no matching event, unless a usage window's start decides. */
  @Test
  void rowsOutsideTheWindowAreLeftUnreadUnlessAUsageWindowCanMatch() {
    Instant from = Instant.parse("2026-01-01T09:00:00Z");
    Instant to = Instant.parse("2026-01-01T10:00:00Z");
    SearchCriteria scan = new SearchCriteria(Set.of("portscan"), from, to, null, null, null, null);
    ForensicIndexKeys.Plan plan = ForensicIndexKeys.plan(scan).get();
    assertEquals(false, ForensicIndexKeys.mayMatch(plan, scan, from.minusMillis(1)));
    assertEquals(true, ForensicIndexKeys.mayMatch(plan, scan, from));
    assertEquals(false, ForensicIndexKeys.mayMatch(plan, scan, to));
    SearchCriteria usage = new SearchCriteria(Set.of(), from, to, null, null, SearchCriteria.remote("203.0.113.7"),
        null);
    ForensicIndexKeys.Plan remote = ForensicIndexKeys.plan(usage).get();
    assertEquals(false, ForensicIndexKeys.mayMatch(remote, usage, from.minusMillis(1)));
    assertEquals(true, ForensicIndexKeys.mayMatch(remote, usage, to.plusSeconds(600)));
  }

  /** A row that holds its time to the millisecond may name an event anywhere in that millisecond. */
  @Test
  void aRowKnownToTheMillisecondMayMatchAWindowStartingOrEndingInsideIt() {
    Instant from = Instant.parse("2026-01-01T09:00:00.000400Z");
    Instant to = Instant.parse("2026-01-01T09:00:00.000600Z");
    SearchCriteria narrow = new SearchCriteria(Set.of("portscan"), from, to, null, null, null, null);
    ForensicIndexKeys.Plan plan = ForensicIndexKeys.plan(narrow).get();
    Instant row = Instant.parse("2026-01-01T09:00:00Z");
    assertEquals(false, ForensicIndexKeys.mayMatch(plan, narrow, row));
    assertEquals(true, ForensicIndexKeys.mayMatchWithin(plan, narrow, row));
    assertEquals(false, ForensicIndexKeys.mayMatchWithin(plan, narrow, row.minusMillis(1)));
    assertEquals(false, ForensicIndexKeys.mayMatchWithin(plan, narrow, row.plusMillis(1)));
  }

  /**
   * A matching event's row is in a day the plan reads and passes {@link ForensicIndexKeys#mayMatch}; where
   * {@link ForensicIndexKeys#rowsDecide} says the rows decide, an event matches exactly when it is filed under a key
   * of the plan and its time is in the window: what an outbreak answered from the rows alone relies on.
   */
  @Test
  void aMatchingEventsRowIsReadAndWhereTheRowsDecideTheyAreExactlyTheMatches() {
    int decided = 0;
    for (SimEvent e : SampleEvents.oneOfEachType()) {
      List<SearchCriteria> searches = new java.util.ArrayList<>();
      for (SimEvent other : SampleEvents.oneOfEachType()) {
        searches.add(criteria(Set.of(SearchCriteria.kind(other.getClass().getSimpleName())), null, null, null, null));
        if (other instanceof SimEvent.AnomalyDetected a) {
          searches.add(criteria(Set.of(SearchCriteria.kind(a.kind().name())), null, null, null, null));
        }
        if (other instanceof SimEvent.AttachAccepted a) {
          searches.add(criteria(Set.of(), null, a.imei().tac(), null, null));
          searches.add(criteria(Set.of(), null, null, a.imei(), null));
          searches.add(criteria(Set.of(), null, null, null, a.plmn()));
        }
        if (other instanceof SimEvent.UsageRecorded u) {
          for (EndpointUsage usage : u.endpoints()) {
            searches.add(criteria(Set.of(), usage.remote().toString(), null, null, null));
            searches.add(criteria(Set.of(), ForensicIndexKeys.bucket(usage.remote()), null, null, null));
          }
        }
      }
      List<Instant> ends = new java.util.ArrayList<>(List.of(e.at().minusSeconds(1), e.at(), e.at().plusSeconds(1)));
      if (e instanceof SimEvent.SmsUsageRecorded m) {
        ends.add(m.windowStart().plusMillis(1));
      }
      if (e instanceof SimEvent.UsageRecorded u) {
        ends.add(u.windowStart().plusMillis(1));
      }
      Set<ForensicIndexKeys.Key> keys = ForensicIndexKeys.of(e);
      for (SearchCriteria any : searches) {
        List<SearchCriteria> windowed = new java.util.ArrayList<>(List.of(any));
        for (Instant end : ends) {
          windowed.add(new SearchCriteria(any.kinds(), end, null, any.tac(), any.imei(), any.remote(), any.plmn()));
          windowed.add(new SearchCriteria(any.kinds(), null, end, any.tac(), any.imei(), any.remote(), any.plmn()));
        }
        for (SearchCriteria c : windowed) {
          Optional<ForensicIndexKeys.Plan> plan = ForensicIndexKeys.plan(c);
          if (plan.isEmpty()) {
            continue;
          }
          long day = ForensicIndexKeys.day(e.at());
          if (c.matches(e)) {
            assertTrue(ForensicIndexKeys.mayMatch(plan.get(), c, e.at()) && (plan.get().firstDay() == null
                || day >= plan.get().firstDay()) && (plan.get().lastDay() == null || day <= plan.get().lastDay()),
                "the row of " + e + " is read for " + c);
          }
          if (!ForensicIndexKeys.rowsDecide(plan.get(), c)) {
            continue;
          }
          decided++;
          boolean filed = plan.get().values().stream().anyMatch(v -> keys.contains(new ForensicIndexKeys.Key(
              plan.get().type(), v)));
          assertEquals(c.matches(e), filed && c.windowHolds(e.at()), c + " on " + e);
        }
      }
    }
    assertTrue(decided > 100, "the rows decide many of these searches: " + decided);
  }

  @Test
  void theRowsDoNotDecideAnAddressInsideABucketTwoCriteriaOrAUsageWindowsEnd() {
    Instant to = Instant.parse("2026-01-01T09:00:00Z");
    List<SearchCriteria> undecided = List.of(
        criteria(Set.of(), "203.0.113.7", null, null, null),
        criteria(Set.of(), "203.0.113.0/25", null, null, null),
        new SearchCriteria(Set.of(), null, to, null, null, SearchCriteria.remote("203.0.113.0/24"), null),
        new SearchCriteria(Set.of("smsusagerecorded"), null, to, null, null, null, null),
        criteria(Set.of("attachaccepted"), null, null, null, Plmn.of("20801")),
        criteria(Set.of("portscan"), "203.0.113.0/24", null, null, null));
    for (SearchCriteria c : undecided) {
      assertEquals(false, ForensicIndexKeys.rowsDecide(ForensicIndexKeys.plan(c).orElseThrow(), c), c.toString());
    }
    for (SearchCriteria c : List.of(criteria(Set.of(), "203.0.113.0/24", null, null, null),
        criteria(Set.of(), "198.51.0.0/16", null, null, null),
        new SearchCriteria(Set.of("portscan"), to, to.plusSeconds(3600), null, null, null, null),
        new SearchCriteria(Set.of("smsusagerecorded"), to, null, null, null, null, null))) {
      assertTrue(ForensicIndexKeys.rowsDecide(ForensicIndexKeys.plan(c).orElseThrow(), c), c.toString());
    }
  }
}
