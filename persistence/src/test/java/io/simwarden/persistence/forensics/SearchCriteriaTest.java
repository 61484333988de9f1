package io.simwarden.persistence.forensics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simwarden.core.ValidationException;
import io.simwarden.core.event.SampleEvents;
import io.simwarden.core.event.SimEvent;
import io.simwarden.core.event.SimTags;
import io.simwarden.core.id.Cidr;
import io.simwarden.core.id.Imei;
import io.simwarden.core.id.Plmn;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SearchCriteriaTest {

  private static final List<SimEvent> EVENTS = SampleEvents.oneOfEachType();

  private static List<String> matching(SearchCriteria c) {
    return EVENTS.stream().filter(c::matches).map(EventNarrative::what).toList();
  }

  private static SearchCriteria kinds(String... kinds) {
    return new SearchCriteria(Set.of(kinds), null, null, null, null, null, null);
  }

  @Test
  void kindsAreEventTypesOrAnomalyKindsAsUsersWriteThem() {
    assertEquals("anomalydetected", SearchCriteria.kind("anomaly-detected"));
    assertEquals("portscan", SearchCriteria.kind("PORT_SCAN"));
    assertEquals(List.of("AnomalyDetected"), matching(kinds(SearchCriteria.kind("port-scan"))));
    assertEquals(List.of(), matching(kinds(SearchCriteria.kind("ddos-source"))));
    assertEquals(List.of("Suspended", "Resumed"), matching(kinds("suspended", "resumed")));
    ValidationException e = assertThrows(ValidationException.class, () -> SearchCriteria.kind("portscan2"));
    assertTrue(e.getMessage().startsWith("kind: must be an event type or anomaly kind ("), e.getMessage());
    assertTrue(e.getMessage().contains("port-scan") && e.getMessage().contains("UsageRecorded"), e.getMessage());
  }

  @Test
  void aRemoteAddressOrNetworkMatchesTheEventsThatNameIt() {
    SearchCriteria exact = new SearchCriteria(Set.of(), null, null, null, null, SearchCriteria.remote("203.0.113.7"),
        null);
    assertEquals(List.of("FlowsBlocked", "UsageRecorded"), matching(exact));
    SearchCriteria v6 = new SearchCriteria(Set.of(), null, null, null, null, Cidr.of("2001:db8::/32"), null);
    assertEquals(List.of("FlowsBlocked", "UnencryptedTrafficDetected", "UsageRecorded"), matching(v6));
    SearchCriteria other = new SearchCriteria(Set.of(), null, null, null, null, Cidr.of("203.0.113.8/32"), null);
    assertEquals(List.of(), matching(other));
  }

  @Test
  void aDeviceOrNetworkMatchesAttachesAndBindings() {
    Imei device = ((SimEvent.AttachAccepted) EVENTS.get(6)).imei();
    assertEquals(List.of("AttachAccepted", "ImeiBound"),
        matching(new SearchCriteria(Set.of(), null, null, null, device, null, null)));
    assertEquals(List.of("AttachAccepted", "ImeiBound", "AttachRejected", "ImeiMismatch"),
        matching(new SearchCriteria(Set.of(), null, null, device.tac(), null, null, null)));
    Plmn home = ((SimEvent.AttachAccepted) EVENTS.get(6)).plmn();
    assertEquals(List.of("AttachAccepted"), matching(new SearchCriteria(Set.of(), null, null, null, null, null, home)));
  }

  @Test
  void aTimeWindowIsHalfOpenAndAUsageWindowCountsWhenItOverlaps() {
    Instant t0 = EVENTS.get(0).at();
    SearchCriteria early = new SearchCriteria(Set.of(), t0.plusSeconds(1), t0.plusSeconds(3), null, null, null, null);
    assertEquals(List.of("Activated", "ProfileChanged", "UsageRecorded"), matching(early),
        "the usage window [t0, t0+1h) overlaps [t0+1s, t0+3s)");
    SearchCriteria after = new SearchCriteria(Set.of(), t0.plusSeconds(3600), t0.plusSeconds(3700), null, null, null,
        null);
    assertEquals(List.of("UsageRecorded", "VoiceUsageRecorded", "SmsUsageRecorded"), matching(after),
        "the window closing at t0+1h is in, and so are the voice and SMS windows [t0+1h, t0+2h); t0+3700s is not");
  }

  @Test
  void tagsServeASearchOnlyWhenEveryEventItCanMatchIsTagged() {
    assertEquals(Set.of(SimTags.ALERT), kinds("portscan").tagGroups());
    assertEquals(Set.of(SimTags.ALERT, SimTags.AUDIT), kinds("suspended").tagGroups());
    assertEquals(Set.of(), kinds("usagerecorded").tagGroups());
    assertEquals(Set.of(), kinds("anomalydetected", "attachaccepted").tagGroups());
    assertEquals(Set.of(), SearchCriteria.ANY.tagGroups(), "no kind: every event, tagged or not");
    for (SimEvent e : EVENTS) {
      String group = SimTags.groupOf(e);
      assertEquals(group == null, SimTags.groupsOf(e.getClass()).isEmpty(), e.getClass().getSimpleName());
      assertFalse(group != null && !SimTags.groupsOf(e.getClass()).contains(group), e.getClass().getSimpleName());
    }
  }

  @Test
  void aBadInstantNamesTheFieldAndTheFormat() {
    ValidationException e = assertThrows(ValidationException.class, () -> SearchCriteria.instant("from", "9am"));
    assertEquals("from: must be an ISO-8601 instant such as 2026-01-01T09:00:00Z, got '9am'", e.getMessage());
  }

  @Test
  void anInstantOutsideTheYears1970To9999IsRefused() {
    ValidationException e = assertThrows(ValidationException.class,
        () -> SearchCriteria.instant("to", "+999999999-01-01T00:00:00Z"));
    assertEquals("to", e.field());
    assertEquals("must be between 1970-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z, got +999999999-01-01T00:00:00Z",
        e.problem());
    assertEquals(java.time.Instant.parse("9999-12-31T23:59:59Z"), SearchCriteria.instant("to", "9999-12-31T23:59:59Z"));
  }
}
