package io.simwarden.core.entity;

import static io.simwarden.core.testing.Sims.DEVICE;
import static io.simwarden.core.testing.Sims.HOME;
import static io.simwarden.core.testing.Sims.METER_APN;
import static io.simwarden.core.testing.Sims.OTHER_DEVICE;
import static io.simwarden.core.testing.Sims.STRANGER;
import static io.simwarden.core.testing.Sims.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.simwarden.core.decision.Verdict;
import io.simwarden.core.detect.AnomalyKind;
import io.simwarden.core.detect.Detection;
import io.simwarden.core.detect.Response;
import io.simwarden.core.entity.SimProtocol.CommandResult;
import io.simwarden.core.event.EventChain;
import io.simwarden.core.event.RejectReason;
import io.simwarden.core.event.SimEvent;
import io.simwarden.core.id.Imsi;
import io.simwarden.core.id.IpAddress;
import io.simwarden.core.policy.CallDestination;
import io.simwarden.core.policy.ConnectivityProfile;
import io.simwarden.core.policy.DeviceFacts;
import io.simwarden.core.policy.FleetPolicy;
import io.simwarden.core.policy.FormFactor;
import io.simwarden.core.policy.ImeiLock;
import io.simwarden.core.policy.Rat;
import io.simwarden.core.policy.SimStatus;
import io.simwarden.core.state.SimState;
import io.simwarden.core.testing.Sims;
import io.simwarden.core.traffic.Call;
import io.simwarden.core.traffic.CallUsage;
import io.simwarden.core.traffic.Flow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.JUnit5TestKitBuilder;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestKitJUnit5Extension;
import org.apache.pekko.actor.testkit.typed.annotations.JUnit5TestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.persistence.testkit.SnapshotMeta;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.PersistenceTestKit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestKitJUnit5Extension.class)
@ExtendWith(LogCapturingExtension.class)
class SimEntityTest {

  @JUnit5TestKit
  ActorTestKit testKit = new JUnit5TestKitBuilder()
      .withCustomConfig(EventSourcedBehaviorTestKit.config().withFallback(ConfigFactory.load()))
      .build();

  static final Imsi IMSI = Sims.imsi(1);
  static final SimSettings SETTINGS = new SimSettings(Duration.ofHours(1), 16, 8, 100, Duration.ofSeconds(5));

  FleetPolicy fleet = FleetPolicy.EMPTY;
  EventSourcedBehaviorTestKit<SimEntity.Command, SimEvent, SimState> sim;

  @BeforeEach
  void setUp() {
    sim = EventSourcedBehaviorTestKit.create(testKit.system(), SimEntity.create(IMSI.value(), SETTINGS, () -> fleet));
  }

  private EventSourcedBehaviorTestKit.CommandResultWithReply<SimEntity.Command, SimEvent, SimState, CommandResult>
      provision(ImeiLock lock) {
    return provision(lock, Sims.meterProfile());
  }

  private EventSourcedBehaviorTestKit.CommandResultWithReply<SimEntity.Command, SimEvent, SimState, CommandResult>
      provision(ImeiLock lock, ConnectivityProfile profile) {
    return sim.runCommand(replyTo -> new SimEntity.Provision(IMSI, Sims.iccid(1), "acme", profile,
        lock, List.of(), new DeviceFacts(FormFactor.REMOVABLE, "1.0.0"), "alice", T0, replyTo));
  }

  private EventSourcedBehaviorTestKit.CommandResultWithReply<SimEntity.Command, SimEvent, SimState, Verdict>
      call(CallDestination destination, long seconds, Instant at) {
    return sim.runCommand(replyTo -> new SimEntity.VoiceCall(new Call(destination, seconds), at, replyTo));
  }

  private void provisionAndActivate(ImeiLock lock) {
    provision(lock);
    sim.<CommandResult>runCommand(replyTo -> new SimEntity.Activate("alice", T0, replyTo));
  }

  private EventSourcedBehaviorTestKit.CommandResultWithReply<SimEntity.Command, SimEvent, SimState, Verdict>
      attach(io.simwarden.core.id.Imei imei, Instant at) {
    return sim.runCommand(replyTo -> new SimEntity.Attach(imei, Rat.LTE_M, HOME, METER_APN, at, replyTo));
  }

  @Test
  void provisioningRecordsWhoProvisionedAndStartsIssued() {
    var result = provision(ImeiLock.OFF);
    assertTrue(result.reply().accepted());
    SimEvent.Provisioned e = result.eventOfType(SimEvent.Provisioned.class);
    assertEquals("alice", e.by());
    assertEquals(IMSI, e.imsi());
    assertEquals("acme", e.organisation());
    assertEquals(SimStatus.ISSUED, result.state().status());
    assertEquals(EventChain.next(EventChain.GENESIS, e), e.chain());
  }

  @Test
  void provisionRoutedToAnotherImsiIsRefused() {
    var result = sim.<CommandResult>runCommand(replyTo -> new SimEntity.Provision(Sims.imsi(2), Sims.iccid(2), "acme",
        Sims.meterProfile(), ImeiLock.OFF, List.of(), null, "alice", T0, replyTo));
    assertFalse(result.reply().accepted());
    assertTrue(result.reply().error().contains("imsi"), result.reply().error());
    assertEquals("imsi", result.reply().field(), "bad input names its field");
    assertTrue(result.hasNoEvents());
  }

  @Test
  void resumingAnActiveSimIsRefusedWithItsReasonAndNoEvent() {
    provisionAndActivate(ImeiLock.OFF);
    var result = sim.<CommandResult>runCommand(replyTo -> new SimEntity.Resume("alice", T0, replyTo));
    assertFalse(result.reply().accepted());
    assertEquals("only a SUSPENDED SIM can be resumed; this SIM is ACTIVE", result.reply().error());
    assertNull(result.reply().field(), "a refusal by state names no field");
    assertTrue(result.hasNoEvents());
    assertEquals(SimStatus.ACTIVE, result.state().status());
  }

  @Test
  void suspendThenResumeRecordsOperatorAndReason() {
    provisionAndActivate(ImeiLock.OFF);
    var suspended = sim.<CommandResult>runCommand(replyTo ->
        new SimEntity.Suspend("bob", "lost device", T0.plusSeconds(60), replyTo));
    assertEquals(new SimEvent.Suspended(T0.plusSeconds(60), "bob", "lost device", null),
        suspended.eventOfType(SimEvent.Suspended.class).withChain(null));
    assertEquals(SimStatus.SUSPENDED, suspended.reply().state().status());
    assertEquals("bob", suspended.state().suspendedBy());
    var resumed = sim.<CommandResult>runCommand(replyTo -> new SimEntity.Resume("bob", T0.plusSeconds(120), replyTo));
    assertEquals(SimStatus.ACTIVE, resumed.state().status());
    assertNull(resumed.state().suspendedBy());
  }

  @Test
  void eventTimeOutsideTheRangeIsRefusedWithoutAnEventAndTheSimGoesOn() {
    provisionAndActivate(ImeiLock.OFF);
    for (Instant far : List.of(Instant.parse("+999999999-01-01T00:00:00Z"), Instant.parse("-999999999-01-01T00:00:00Z"),
        Instant.MAX, Instant.MIN)) {
      var attached = attach(DEVICE, far);
      assertEquals(RejectReason.INVALID_REQUEST, attached.reply().reason());
      assertTrue(attached.reply().detail().startsWith("at: must be between"), attached.reply().detail());
      assertTrue(attached.hasNoEvents());
      var traffic = sim.<Verdict>runCommand(replyTo -> new SimEntity.ReportTraffic(List.of(Sims.toHeadend(10)), far,
          replyTo));
      assertEquals(RejectReason.INVALID_REQUEST, traffic.reply().reason());
      assertEquals(RejectReason.INVALID_REQUEST, call(CallDestination.DOMESTIC, 10, far).reply().reason());
      var batch = sim.<SimEntity.Verdicts>runCommand(replyTo -> new SimEntity.ReportTrafficBatch(
          List.of(new SimEntity.TrafficReport(List.of(Sims.toHeadend(10)), far)), replyTo));
      assertEquals(RejectReason.INVALID_REQUEST, batch.reply().verdicts().get(0).reason());
      var suspended = sim.<CommandResult>runCommand(replyTo -> new SimEntity.Suspend("bob", null, far, replyTo));
      assertEquals("at", suspended.reply().field());
      assertTrue(suspended.hasNoEvents());
    }
    assertTrue(attach(DEVICE, T0.plusSeconds(10)).reply().accepted(), "the SIM still decides");
  }

  @Test
  void attachWithForeignImeiIsRejectedWhenPinned() {
    provisionAndActivate(ImeiLock.pinned(DEVICE, ImeiLock.MismatchAction.REJECT_ATTACH, false));
    var result = attach(OTHER_DEVICE, T0.plusSeconds(10));
    assertFalse(result.reply().accepted());
    assertEquals(RejectReason.IMEI_MISMATCH, result.reply().reason());
    List<SimEvent> events = result.events();
    assertEquals(2, events.size());
    assertEquals(new SimEvent.ImeiMismatch(T0.plusSeconds(10), DEVICE.value(), OTHER_DEVICE,
        ImeiLock.MismatchAction.REJECT_ATTACH, null), events.get(0).withChain(null));
    SimEvent.AttachRejected rejected = assertInstanceOf(SimEvent.AttachRejected.class, events.get(1));
    assertEquals(RejectReason.IMEI_MISMATCH, rejected.reason());
    assertNull(result.state().lastAttach());
    assertEquals(SimStatus.ACTIVE, result.state().status());
  }

  @Test
  void imeiMismatchWithSuspendSuspendsTheSimAsTheNetwork() {
    provisionAndActivate(ImeiLock.pinned(DEVICE, ImeiLock.MismatchAction.REJECT_DATA, true));
    var result = attach(OTHER_DEVICE, T0.plusSeconds(10));
    assertFalse(result.reply().accepted());
    SimEvent.Suspended suspended = result.events().stream().filter(SimEvent.Suspended.class::isInstance)
        .map(SimEvent.Suspended.class::cast).findFirst().orElseThrow();
    assertEquals("network:imei-lock", suspended.by());
    assertEquals(SimStatus.SUSPENDED, result.state().status());
  }

  @Test
  void firstSeenLockBindsAtFirstAcceptedAttachAndThenRejectsOtherDevices() {
    provisionAndActivate(ImeiLock.firstSeen(ImeiLock.MismatchAction.REJECT_ATTACH, false));
    var first = attach(DEVICE, T0.plusSeconds(10));
    assertTrue(first.reply().accepted());
    assertEquals(List.of(SimEvent.ImeiBound.class, SimEvent.AttachAccepted.class),
        first.events().stream().map(Object::getClass).toList());
    assertEquals(DEVICE, first.state().imeiLock().imei());

    var second = attach(OTHER_DEVICE, T0.plusSeconds(20));
    assertEquals(RejectReason.IMEI_MISMATCH, second.reply().reason());
  }

  @Test
  void stolenImeiOnTheFleetBlocklistIsRejected() {
    provisionAndActivate(ImeiLock.OFF);
    fleet = new FleetPolicy(Set.of(OTHER_DEVICE), Set.of());
    var result = attach(OTHER_DEVICE, T0.plusSeconds(10));
    assertEquals(RejectReason.IMEI_BLOCKLISTED, result.eventOfType(SimEvent.AttachRejected.class).reason());
  }

  @Test
  void compliantTrafficWritesOneUsageEventPerWindow() {
    provisionAndActivate(ImeiLock.OFF);
    attach(DEVICE, T0.plusSeconds(10));
    for (int minute = 1; minute < 60; minute++) {
      Instant at = T0.plusSeconds(minute * 60L);
      var r = sim.<Verdict>runCommand(replyTo -> new SimEntity.ReportTraffic(List.of(Sims.toHeadend(1000)), at,
          replyTo));
      assertTrue(r.hasNoEvents(), "minute " + minute + " journaled " + r.events());
      assertEquals(1, r.reply().allowedFlows());
    }
    Instant nextWindow = T0.plusSeconds(3600 + 30);
    var r = sim.<Verdict>runCommand(replyTo -> new SimEntity.ReportTraffic(List.of(Sims.toHeadend(500)), nextWindow,
        replyTo));
    SimEvent.UsageRecorded usage = r.eventOfType(SimEvent.UsageRecorded.class);
    assertEquals(T0, usage.windowStart());
    assertEquals(T0.plusSeconds(3600), usage.at());
    assertFalse(usage.partial());
    assertEquals(59_000, usage.uplinkBytes());
    assertEquals(59, usage.flows());
    assertEquals(1, usage.attaches());
    assertEquals(1, usage.endpoints().size());
    assertEquals(Sims.HEADEND, usage.endpoints().get(0).remote());
    assertEquals(59_000, r.state().data().used());
  }

  @Test
  void aBatchOfReportsJournalsAndAnswersExactlyAsTheSameReportsOneByOne() {
    List<SimEntity.TrafficReport> reports = List.of(
        new SimEntity.TrafficReport(List.of(Sims.toHeadend(1000)), T0.plusSeconds(600)),
        new SimEntity.TrafficReport(List.of(Sims.toHeadend(100), Sims.telnetProbe(STRANGER)), T0.plusSeconds(1200)),
        new SimEntity.TrafficReport(List.of(Sims.toHeadend(800)), T0.plusSeconds(3600 + 300)),
        new SimEntity.TrafficReport(List.of(Sims.toHeadend(900)), T0.plusSeconds(7200 + 300)));
    provisionAndActivate(ImeiLock.OFF);
    attach(DEVICE, T0.plusSeconds(10));
    List<Verdict> oneByOne = new ArrayList<>();
    for (SimEntity.TrafficReport r : reports) {
      oneByOne.add(sim.<Verdict>runCommand(replyTo -> new SimEntity.ReportTraffic(r.flows(), r.at(), replyTo)).reply());
    }
    List<Object> journalOneByOne = journal();
    SimState stateOneByOne = sim.getState();

    sim.clear();
    provisionAndActivate(ImeiLock.OFF);
    attach(DEVICE, T0.plusSeconds(10));
    var batch = sim.<SimEntity.Verdicts>runCommand(replyTo -> new SimEntity.ReportTrafficBatch(reports, replyTo));

    assertEquals(oneByOne, batch.reply().verdicts());
    assertEquals(1, batch.reply().verdicts().get(1).blockedFlows());
    assertEquals(List.of(SimEvent.FlowsBlocked.class, SimEvent.UsageRecorded.class, SimEvent.UsageRecorded.class),
        batch.events().stream().map(Object::getClass).toList(), "the blocked probe, then the two windows it closed");
    assertEquals(journalOneByOne, journal(), "the same events with the same chain values");
    assertEquals(stateOneByOne, batch.state());
  }

  @Test
  void anEmptyBatchIsAnsweredWithoutEvents() {
    provisionAndActivate(ImeiLock.OFF);
    var batch = sim.<SimEntity.Verdicts>runCommand(replyTo -> new SimEntity.ReportTrafficBatch(List.of(), replyTo));
    assertEquals(List.of(), batch.reply().verdicts());
    assertTrue(batch.hasNoEvents());
  }

  private List<Object> journal() {
    return sim.persistenceTestKit().persistedInStorage(SimEntity.persistenceId(IMSI.value()).id());
  }

  @Test
  void deniedFlowsAreJournaledAtOnceWithTheDecidingRule() {
    provisionAndActivate(ImeiLock.OFF);
    attach(DEVICE, T0.plusSeconds(10));
    var r = sim.<Verdict>runCommand(replyTo -> new SimEntity.ReportTraffic(
        List.of(Sims.toHeadend(100), Sims.telnetProbe(STRANGER), Sims.telnetProbe(STRANGER)), T0.plusSeconds(60),
        replyTo));
    assertEquals(1, r.reply().allowedFlows());
    assertEquals(2, r.reply().blockedFlows());
    SimEvent.FlowsBlocked blocked = r.eventOfType(SimEvent.FlowsBlocked.class);
    assertEquals("default", blocked.ruleId());
    assertEquals(RejectReason.FIREWALL, blocked.reason());
    assertEquals(2, blocked.flows());
    assertEquals(STRANGER, blocked.endpoints().get(0).remote());
  }

  @Test
  void trafficFromASuspendedSimIsRefusedWithoutEvents() {
    provisionAndActivate(ImeiLock.OFF);
    attach(DEVICE, T0.plusSeconds(10));
    sim.<CommandResult>runCommand(replyTo -> new SimEntity.Suspend("bob", "theft", T0.plusSeconds(20), replyTo));
    var r = sim.<Verdict>runCommand(replyTo -> new SimEntity.ReportTraffic(List.of(Sims.toHeadend(100)),
        T0.plusSeconds(30), replyTo));
    assertFalse(r.reply().accepted());
    assertEquals(RejectReason.SUSPENDED, r.reply().reason());
    assertTrue(r.hasNoEvents());
  }

  @Test
  void passivationJournalsTheOpenWindowAsPartialBeforeStopping() {
    Imsi imsi = Sims.imsi(77);
    ActorRef<SimEntity.Command> entity = testKit.spawn(SimEntity.create(imsi.value(), SETTINGS, () -> fleet));
    TestProbe<CommandResult> operator = testKit.createTestProbe();
    TestProbe<Verdict> network = testKit.createTestProbe();
    entity.tell(new SimEntity.Provision(imsi, Sims.iccid(77), "acme", Sims.meterProfile(), ImeiLock.OFF, List.of(),
        null, "alice", T0, operator.ref()));
    entity.tell(new SimEntity.Activate("alice", T0, operator.ref()));
    operator.receiveSeveralMessages(2);
    entity.tell(new SimEntity.Attach(DEVICE, Rat.LTE_M, HOME, METER_APN, T0.plusSeconds(10), network.ref()));
    entity.tell(new SimEntity.ReportTraffic(List.of(Sims.toHeadend(700)), T0.plusSeconds(600), network.ref()));
    network.receiveSeveralMessages(2);

    entity.tell(SimEntity.Passivate.INSTANCE);
    network.expectTerminated(entity);

    List<Object> journal = PersistenceTestKit.create(testKit.system())
        .persistedInStorage(SimEntity.persistenceId(imsi.value()).id());
    SimEvent.UsageRecorded usage = assertInstanceOf(SimEvent.UsageRecorded.class, journal.get(journal.size() - 1));
    assertTrue(usage.partial());
    assertEquals(T0.plusSeconds(600), usage.at());
    assertEquals(700, usage.uplinkBytes());
  }

  @Test
  void everyJournaledEventChainsToItsPredecessor() {
    provisionAndActivate(ImeiLock.firstSeen(ImeiLock.MismatchAction.REJECT_DATA, false));
    attach(DEVICE, T0.plusSeconds(10));
    attach(OTHER_DEVICE, T0.plusSeconds(20));
    sim.<CommandResult>runCommand(replyTo -> new SimEntity.Suspend("bob", null, T0.plusSeconds(30), replyTo));
    List<SimEvent> journal = new ArrayList<>();
    sim.persistenceTestKit().persistedInStorage(SimEntity.persistenceId(IMSI.value()).id())
        .forEach(e -> journal.add((SimEvent) e));
    assertEquals(7, journal.size(), journal.toString());
    String previous = EventChain.GENESIS;
    for (SimEvent e : journal) {
      assertTrue(EventChain.verifies(previous, e), "chain broken at " + e);
      previous = e.chain();
    }
    assertEquals(previous, sim.getState().chain());
  }

  @Test
  void stateIsRecoveredExactlyAfterRestart() {
    provisionAndActivate(ImeiLock.firstSeen(ImeiLock.MismatchAction.REJECT_ATTACH, false));
    attach(DEVICE, T0.plusSeconds(10));
    sim.<Verdict>runCommand(replyTo -> new SimEntity.ReportTraffic(List.of(Sims.telnetProbe(STRANGER)),
        T0.plusSeconds(60), replyTo));
    sim.<CommandResult>runCommand(replyTo -> new SimEntity.Suspend("bob", "probe", T0.plusSeconds(90), replyTo));
    SimState before = sim.getState();
    SimState after = sim.restart().state();
    assertEquals(before, after);
    assertEquals(DEVICE, after.imeiLock().imei());
    assertEquals(SimStatus.SUSPENDED, after.status());
  }

  @Test
  void withSnapshotsOffRecoveryReplaysTheEventsAndNeverReadsTheSnapshotStore() {
    provisionAndActivate(ImeiLock.OFF);
    SimState journaled = sim.getState();
    // A snapshot the events contradict: only a recovery that reads the snapshot store can end up in it.
    sim.snapshotTestKit().orElseThrow().persistForRecovery(SimEntity.persistenceId(IMSI.value()).id(),
        List.of(Pair.create(new SnapshotMeta(2, 0), SimState.EMPTY)));
    SimSettings snapshotsOff = new SimSettings(Duration.ofHours(1), 16, 8, 0, Duration.ofSeconds(5));

    assertEquals(SimState.EMPTY, recoveredState(SETTINGS), "snapshots on: the snapshot is read");
    assertEquals(journaled, recoveredState(snapshotsOff), "snapshots off: only the events");
  }

  /** The state a freshly started entity of SIM {@link #IMSI} recovers with {@code settings}. */
  private SimState recoveredState(SimSettings settings) {
    TestProbe<SimState> probe = testKit.createTestProbe();
    ActorRef<SimEntity.Command> entity = testKit.spawn(SimEntity.create(IMSI.value(), settings, () -> fleet));
    entity.tell(new SimEntity.GetState(probe.ref()));
    SimState state = probe.receiveMessage();
    testKit.stop(entity);
    return state;
  }

  @Test
  void aDetectionIsJournaledAndReturnedInTheVerdictOfTheTriggeringReport() {
    provisionAndActivate(ImeiLock.OFF);
    attach(DEVICE, T0.plusSeconds(10));
    for (int hour = 0; hour < 7; hour++) {
      Instant at = T0.plus(Duration.ofHours(hour)).plusSeconds(600);
      sim.<Verdict>runCommand(replyTo -> new SimEntity.ReportTraffic(List.of(Sims.toHeadend(1_000)), at, replyTo));
    }
    List<Flow> probes = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      probes.add(Sims.telnetProbe(IpAddress.v4(0x2D000000 + i * 977)));
    }
    var r = sim.<Verdict>runCommand(replyTo -> new SimEntity.ReportTraffic(probes,
        T0.plus(Duration.ofHours(7)).plusSeconds(600), replyTo));

    Detection detection = r.reply().detections().get(0);
    assertEquals(AnomalyKind.PORT_SCAN, detection.kind());
    assertEquals(Response.ALERT, detection.response());
    SimEvent.AnomalyDetected journaled = r.events().stream().filter(SimEvent.AnomalyDetected.class::isInstance)
        .map(SimEvent.AnomalyDetected.class::cast).findFirst().orElseThrow();
    assertEquals(new SimEvent.AnomalyDetected(T0.plus(Duration.ofHours(7)).plusSeconds(600), AnomalyKind.PORT_SCAN,
        detection.score(), journaled.evidence(), Response.ALERT, null), journaled.withChain(null));
    assertTrue(detection.score() >= 1);
    assertEquals(7, r.state().baseline().windows());
    assertEquals(r.state(), sim.restart().state());
  }

  @Test
  void clearingAResponseIsRefusedWhenNoneIsInForce() {
    provisionAndActivate(ImeiLock.OFF);
    var r = sim.<CommandResult>runCommand(replyTo -> new SimEntity.ClearResponse("bob", T0.plusSeconds(5), replyTo));
    assertFalse(r.reply().accepted());
    assertEquals("no THROTTLE or QUARANTINE response is in force", r.reply().error());
    assertTrue(r.hasNoEvents());
  }

  @Test
  void getStateOfAnUnprovisionedSimAnswersEmpty() {
    var r = sim.<SimState>runCommand(SimEntity.GetState::new);
    assertFalse(r.reply().isProvisioned());
    assertTrue(r.hasNoEvents());
  }

  @Test
  void attachToAnUnprovisionedSimIsRefusedWithoutCreatingAJournal() {
    var r = attach(DEVICE, T0);
    assertEquals(RejectReason.SIM_NOT_PROVISIONED, r.reply().reason());
    assertTrue(r.hasNoEvents());
  }

  @Test
  void aCallOnADataOnlySimIsRefusedWithItsReasonAndJournaledAsAnAlert() {
    provisionAndActivate(ImeiLock.OFF);
    attach(DEVICE, T0.plusSeconds(10));
    var r = call(CallDestination.IRSF_RANGE, 240, T0.plusSeconds(60));
    assertFalse(r.reply().accepted());
    assertEquals(RejectReason.SERVICE_NOT_ALLOWED, r.reply().reason());
    assertEquals("VOICE is not allowed by the profile", r.reply().detail());
    SimEvent.VoiceCallBlocked blocked = r.eventOfType(SimEvent.VoiceCallBlocked.class);
    assertEquals(new SimEvent.VoiceCallBlocked(T0.plusSeconds(60), CallDestination.IRSF_RANGE,
        RejectReason.SERVICE_NOT_ALLOWED, "VOICE is not allowed by the profile", null), blocked.withChain(null));
    assertEquals(Set.of("alert-" + Math.floorMod(IMSI.value().hashCode(), 4),
            "slice-" + Math.floorMod(IMSI.value().hashCode(), 8)),
        io.simwarden.core.event.SimTags.tagsFor(IMSI.value(), blocked));
    assertEquals(1, r.state().baseline().voice().recentRefused(T0.plusSeconds(60).toEpochMilli()), 1e-9);
  }

  @Test
  void aCallTheProfileAllowsIsCountedThenJournaledWithItsUsageWindow() {
    provision(ImeiLock.OFF, Sims.eCallProfile());
    sim.<CommandResult>runCommand(replyTo -> new SimEntity.Activate("alice", T0, replyTo));
    attach(DEVICE, T0.plusSeconds(10));
    var carried = call(CallDestination.DOMESTIC, 185, T0.plusSeconds(60));
    assertTrue(carried.reply().accepted());
    assertTrue(carried.hasNoEvents(), "a compliant call is counted in the open window, not journaled");
    var barred = call(CallDestination.INTERNATIONAL, 60, T0.plusSeconds(600));
    assertEquals(RejectReason.DESTINATION_NOT_ALLOWED, barred.reply().reason());
    assertEquals(1, barred.events().size());

    var flushed = sim.<Verdict>runCommand(replyTo -> new SimEntity.FlushUsage(T0.plusSeconds(3_600), replyTo));
    assertEquals(2, flushed.events().size());
    assertEquals(new SimEvent.VoiceUsageRecorded(T0.plusSeconds(3_600), T0, false, 1, 185,
        List.of(new CallUsage(CallDestination.DOMESTIC, 1, 185)), null), flushed.events().get(0).withChain(null));
    assertInstanceOf(SimEvent.UsageRecorded.class, flushed.events().get(1));
    assertTrue(flushed.state().baseline().voice().called(CallDestination.DOMESTIC));
    assertEquals(flushed.state(), sim.restart().state());
  }
}
