package io.simwarden.core.event;

import static io.simwarden.core.state.SimFixtures.OPERATOR;
import static io.simwarden.core.state.SimFixtures.PARTNER;
import static io.simwarden.core.state.SimFixtures.SAME_MODEL;
import static io.simwarden.core.state.SimFixtures.T0;
import static io.simwarden.core.state.SimFixtures.profile;
import static io.simwarden.core.state.SimFixtures.rule;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simwarden.core.event.SimEvent.AttachAccepted;
import io.simwarden.core.event.SimEvent.FlowsBlocked;
import io.simwarden.core.event.SimEvent.Provisioned;
import io.simwarden.core.event.SimEvent.UsageRecorded;
import io.simwarden.core.detect.AnomalyKind;
import io.simwarden.core.firewall.RuleAction;
import io.simwarden.core.id.IpAddress;
import io.simwarden.core.policy.CallDestination;
import io.simwarden.core.policy.SmsDestination;
import io.simwarden.core.policy.ImeiLock;
import io.simwarden.core.policy.QuotaAction;
import io.simwarden.core.policy.Rat;
import io.simwarden.core.policy.Service;
import io.simwarden.core.traffic.CallUsage;
import io.simwarden.core.traffic.SmsUsage;
import io.simwarden.core.traffic.EndpointUsage;
import io.simwarden.core.traffic.Protocol;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class EventChainTest {

  private static final String GENESIS = EventChain.GENESIS;
  private static final List<EndpointUsage> ENDPOINTS = SampleEvents.ENDPOINTS;

  static Provisioned provisionedWithSets() {
    return SampleEvents.provisionedWithSets();
  }

  static List<SimEvent> oneOfEachType() {
    return SampleEvents.oneOfEachType();
  }

  private static final int EVENT_TYPES = SimEvent.class.getPermittedSubclasses().length;

  /** Positions whose stored chain value does not follow from the stored value before them. */
  private static List<Integer> failingPositions(List<SimEvent> journal) {
    List<Integer> failing = new ArrayList<>();
    String previous = GENESIS;
    for (int i = 0; i < journal.size(); i++) {
      if (!EventChain.verifies(previous, journal.get(i))) {
        failing.add(i);
      }
      previous = journal.get(i).chain();
    }
    return failing;
  }

  @Test
  void genesisIs64Zeros() {
    assertEquals("0".repeat(64), GENESIS);
  }

  @Test
  void sealedJournalVerifiesAndEveryChainIsHexSha256() {
    List<SimEvent> events = oneOfEachType();
    assertEquals(EVENT_TYPES, events.size());
    assertEquals(Set.of(SimEvent.class.getPermittedSubclasses()),
        events.stream().map(Object::getClass).collect(Collectors.toSet()));
    List<SimEvent> sealed = EventChain.seal(GENESIS, events);
    assertEquals(List.of(), failingPositions(sealed));
    for (int i = 0; i < sealed.size(); i++) {
      assertTrue(sealed.get(i).chain().matches("[0-9a-f]{64}"), sealed.get(i).chain());
      assertEquals(events.get(i), sealed.get(i).withChain(null));
      assertNull(events.get(i).chain());
    }
  }

  @Test
  void sealingIsDeterministicAndContinuesFromThePreviousValue() {
    List<SimEvent> events = oneOfEachType();
    List<SimEvent> once = EventChain.seal(GENESIS, events);
    assertEquals(once, EventChain.seal(GENESIS, events));
    List<SimEvent> inTwoParts = new ArrayList<>(EventChain.seal(GENESIS, events.subList(0, 7)));
    inTwoParts.addAll(EventChain.seal(inTwoParts.get(6).chain(), events.subList(7, events.size())));
    assertEquals(once, inTwoParts);
    assertNotEquals(once.get(0).chain(), EventChain.seal("f".repeat(64), events).get(0).chain());
  }

  @Test
  void chainValueIgnoresTheEventsOwnChainField() {
    SimEvent e = oneOfEachType().get(12);
    assertEquals(EventChain.next(GENESIS, e), EventChain.next(GENESIS, e.withChain("a".repeat(64))));
    assertArrayEquals(EventChain.canonical(e), EventChain.canonical(e.withChain("anything")));
  }

  @Test
  void eventTypeIsPartOfTheChain() {
    SimEvent activated = new SimEvent.Activated(T0, OPERATOR, null);
    SimEvent resumed = new SimEvent.Resumed(T0, OPERATOR, null);
    assertArrayEquals(EventChain.canonical(activated), EventChain.canonical(resumed));
    assertNotEquals(EventChain.next(GENESIS, activated), EventChain.next(GENESIS, resumed));
  }

  @Test
  void canonicalEncodingIsSortedJsonWithIsoInstantsAndNoNulls() {
    assertEquals("{\"at\":\"2024-03-10T10:00:00Z\",\"by\":\"ops@example.com\",\"reason\":\"lost\"}",
        new String(EventChain.canonical(new SimEvent.Suspended(T0, OPERATOR, "lost", "c".repeat(64))),
            StandardCharsets.UTF_8));
    assertEquals("{\"at\":\"2024-03-10T10:00:00Z\",\"by\":\"ops@example.com\"}",
        new String(EventChain.canonical(new SimEvent.Suspended(T0, OPERATOR, null, null)), StandardCharsets.UTF_8));
  }

  /**
   * Voice destinations were added to the profile after profiles had been journaled: a profile that does not
   * restrict them must encode exactly as before, or every stored Provisioned and ProfileChanged event would
   * stop verifying. (The stored fixtures of persistence prove the same for old bytes.)
   */
  @Test
  void aProfileWithoutVoiceDestinationsEncodesAsBeforeTheyExisted() {
    String unrestricted = new String(EventChain.canonical(provisionedWithSets()), StandardCharsets.UTF_8);
    assertFalse(unrestricted.contains("voiceDestinations"), unrestricted);
    SimEvent restricted = new SimEvent.ProfileChanged(T0, OPERATOR, profile().services(Service.VOICE)
        .voiceDestinations(CallDestination.EMERGENCY, CallDestination.DOMESTIC).build(), null);
    assertTrue(new String(EventChain.canonical(restricted), StandardCharsets.UTF_8)
        .contains("\"voiceDestinations\":[\"EMERGENCY\",\"DOMESTIC\"]"));
  }

  @Test
  void eventWithoutChainValueDoesNotVerify() {
    assertFalse(EventChain.verifies(GENESIS, new SimEvent.Activated(T0, OPERATOR, null)));
  }

  @Test
  void swappingTwoEventsBreaksTheChainFromTheFirstOfThem() {
    List<SimEvent> sealed = EventChain.seal(GENESIS, oneOfEachType());
    for (int i = 0; i + 1 < sealed.size(); i++) {
      List<SimEvent> swapped = new ArrayList<>(sealed);
      swapped.set(i, sealed.get(i + 1));
      swapped.set(i + 1, sealed.get(i));
      List<Integer> expected = i + 2 < sealed.size() ? List.of(i, i + 1, i + 2) : List.of(i, i + 1);
      assertEquals(expected, failingPositions(swapped), "swap at " + i);
    }
  }

  @Test
  void droppingAnEventBreaksTheChainWhereItWas() {
    List<SimEvent> sealed = EventChain.seal(GENESIS, oneOfEachType());
    for (int i = 0; i + 1 < sealed.size(); i++) {
      List<SimEvent> gap = new ArrayList<>(sealed);
      gap.remove(i);
      assertEquals(List.of(i), failingPositions(gap), "dropped " + i);
    }
  }

  // ---- one changed field anywhere -------------------------------------------------------------

  /** Ways to change exactly one field of {@code e}: its time, and for some types each of several others. */
  private static List<UnaryOperator<SimEvent>> oneFieldChanges(SimEvent e) {
    List<UnaryOperator<SimEvent>> changes = new ArrayList<>();
    if (e instanceof Provisioned p) {
      changes.add(x -> new Provisioned(p.at(), p.by(), p.imsi(), p.iccid(), "other-org", p.profile(), p.imeiLock(),
          p.firewallRules(), p.device(), null));
      changes.add(x -> new Provisioned(p.at(), p.by(), p.imsi(), p.iccid(), p.organisation(),
          profile().services(Service.DATA, Service.SMS_MO, Service.SMS_MT).build(), p.imeiLock(),
          p.firewallRules(), p.device(), null));
      changes.add(x -> new Provisioned(p.at(), p.by(), p.imsi(), p.iccid(), p.organisation(), p.profile(),
          new ImeiLock(p.imeiLock().mode(), p.imeiLock().imei(), p.imeiLock().allowedTacs(),
              p.imeiLock().onMismatch(), !p.imeiLock().suspendOnMismatch()), p.firewallRules(), p.device(), null));
      changes.add(x -> new Provisioned(p.at(), p.by(), p.imsi(), p.iccid(), p.organisation(), p.profile(),
          p.imeiLock(), List.of(rule("allow-lan", 6, RuleAction.ALLOW, "10.0.0.0/8")), p.device(), null));
      changes.add(x -> new Provisioned(p.at(), p.by(), p.imsi(), p.iccid(), p.organisation(), p.profile(),
          p.imeiLock(), p.firewallRules(), p.device().withFirmware("2.4.2"), null));
    } else if (e instanceof AttachAccepted a) {
      changes.add(x -> new AttachAccepted(a.at(), a.imei(), a.rat(), a.plmn(), a.apn(), !a.dataAllowed(),
          a.roaming(), null));
      changes.add(x -> new AttachAccepted(a.at(), a.imei(), a.rat(), a.plmn(), a.apn(), a.dataAllowed(),
          !a.roaming(), null));
      changes.add(x -> new AttachAccepted(a.at(), SAME_MODEL, a.rat(), a.plmn(), a.apn(), a.dataAllowed(),
          a.roaming(), null));
      changes.add(x -> new AttachAccepted(a.at(), a.imei(), Rat.NB_IOT, a.plmn(), a.apn(), a.dataAllowed(),
          a.roaming(), null));
      changes.add(x -> new AttachAccepted(a.at(), a.imei(), a.rat(), PARTNER, a.apn(), a.dataAllowed(),
          a.roaming(), null));
    } else if (e instanceof FlowsBlocked f) {
      changes.add(x -> new FlowsBlocked(f.at(), f.reason(), "default", f.flows(), f.bytes(), f.endpoints(), null));
      changes.add(x -> new FlowsBlocked(f.at(), RejectReason.PRIVATE_NETWORK, f.ruleId(), f.flows(), f.bytes(),
          f.endpoints(), null));
      changes.add(x -> new FlowsBlocked(f.at(), f.reason(), f.ruleId(), f.flows() + 1, f.bytes(), f.endpoints(),
          null));
      changes.add(x -> new FlowsBlocked(f.at(), f.reason(), f.ruleId(), f.flows(), f.bytes(),
          List.of(f.endpoints().get(1), f.endpoints().get(0)), null));
      changes.add(x -> new FlowsBlocked(f.at(), f.reason(), f.ruleId(), f.flows(), f.bytes(), List.of(
          f.endpoints().get(0), new EndpointUsage(IpAddress.of("2001:db8::5"), Protocol.UDP, 162, 1, 80)), null));
    } else if (e instanceof UsageRecorded u) {
      changes.add(x -> new UsageRecorded(u.at(), u.windowStart().plusMillis(1), u.partial(), u.uplinkBytes(),
          u.downlinkBytes(), u.packets(), u.flows(), u.smsMo(), u.smsMt(), u.attaches(), u.detaches(), u.throttled(),
          u.endpoints(), u.endpointsDropped(), null));
      changes.add(x -> new UsageRecorded(u.at(), u.windowStart(), !u.partial(), u.uplinkBytes(), u.downlinkBytes(),
          u.packets(), u.flows(), u.smsMo(), u.smsMt(), u.attaches(), u.detaches(), u.throttled(), u.endpoints(),
          u.endpointsDropped(), null));
      changes.add(x -> new UsageRecorded(u.at(), u.windowStart(), u.partial(), u.downlinkBytes(), u.uplinkBytes(),
          u.packets(), u.flows(), u.smsMo(), u.smsMt(), u.attaches(), u.detaches(), u.throttled(), u.endpoints(),
          u.endpointsDropped(), null));
      changes.add(x -> new UsageRecorded(u.at(), u.windowStart(), u.partial(), u.uplinkBytes(), u.downlinkBytes(),
          u.packets(), u.flows(), u.smsMt(), u.smsMo(), u.attaches(), u.detaches(), u.throttled(), u.endpoints(),
          u.endpointsDropped(), null));
      changes.add(x -> new UsageRecorded(u.at(), u.windowStart(), u.partial(), u.uplinkBytes(), u.downlinkBytes(),
          u.packets(), u.flows(), u.smsMo(), u.smsMt(), u.attaches(), u.detaches(), !u.throttled(), u.endpoints(),
          u.endpointsDropped(), null));
      changes.add(x -> new UsageRecorded(u.at(), u.windowStart(), u.partial(), u.uplinkBytes(), u.downlinkBytes(),
          u.packets(), u.flows(), u.smsMo(), u.smsMt(), u.attaches(), u.detaches(), u.throttled(), u.endpoints(),
          u.endpointsDropped() + 1, null));
    } else if (e instanceof SimEvent.Suspended s) {
      changes.add(x -> new SimEvent.Suspended(s.at(), s.by(), s.reason() + ".", null));
      changes.add(x -> new SimEvent.Suspended(s.at(), "network:imei-lock", s.reason(), null));
    } else if (e instanceof SimEvent.AnomalyDetected a) {
      changes.add(x -> new SimEvent.AnomalyDetected(a.at(), a.kind(), Math.nextUp(a.score()), a.evidence(),
          a.response(), null));
      changes.add(x -> new SimEvent.AnomalyDetected(a.at(), AnomalyKind.DDOS_SOURCE, a.score(), a.evidence(),
          a.response(), null));
    } else if (e instanceof SimEvent.VoiceCallBlocked v) {
      changes.add(x -> new SimEvent.VoiceCallBlocked(v.at(), CallDestination.PREMIUM_RATE, v.reason(), v.detail(),
          null));
      changes.add(x -> new SimEvent.VoiceCallBlocked(v.at(), v.destination(), RejectReason.SERVICE_NOT_ALLOWED,
          v.detail(), null));
    } else if (e instanceof SimEvent.VoiceUsageRecorded v) {
      changes.add(x -> new SimEvent.VoiceUsageRecorded(v.at(), v.windowStart(), v.partial(), v.calls(),
          v.seconds() + 1, v.destinations(), null));
      changes.add(x -> new SimEvent.VoiceUsageRecorded(v.at(), v.windowStart(), v.partial(), v.calls(), v.seconds(),
          List.of(new CallUsage(CallDestination.DOMESTIC, 2, 300), new CallUsage(CallDestination.IRSF_RANGE, 1, 120)),
          null));
    } else if (e instanceof SimEvent.SmsUsageRecorded m) {
      changes.add(x -> new SimEvent.SmsUsageRecorded(m.at(), m.windowStart(), !m.partial(), m.destinations(), null));
      changes.add(x -> new SimEvent.SmsUsageRecorded(m.at(), m.windowStart(), m.partial(), List.of(
          new SmsUsage(SmsDestination.DOMESTIC, 2), new SmsUsage(SmsDestination.INTERNATIONAL, 3)), null));
    } else if (e instanceof SimEvent.QuotaExhausted q) {
      changes.add(x -> new SimEvent.QuotaExhausted(q.at(), QuotaKind.DATA, q.used(), q.limit(), q.action(),
          null));
      changes.add(x -> new SimEvent.QuotaExhausted(q.at(), q.kind(), q.used(), q.limit(), QuotaAction.THROTTLE,
          null));
      changes.add(x -> new SimEvent.QuotaExhausted(q.at(), q.kind(), q.used() + 1, q.limit(), q.action(),
          null));
    } else if (e instanceof SimEvent.RequestKeyRecorded k) {
      changes.add(x -> new SimEvent.RequestKeyRecorded(k.at(), k.key() + "x", k.request(), k.verdict(), k.refusal(),
          k.field(), null));
      changes.add(x -> new SimEvent.RequestKeyRecorded(k.at(), k.key(), k.request() + "0", k.verdict(), k.refusal(),
          k.field(), null));
      changes.add(x -> new SimEvent.RequestKeyRecorded(k.at(), k.key(), k.request(), k.verdict(), null, k.field(),
          null));
    }
    changes.add(x -> withTime(e, e.at().plusMillis(1)));
    return changes;
  }

  private static SimEvent withTime(SimEvent e, Instant at) {
    if (e instanceof Provisioned p) {
      return new Provisioned(at, p.by(), p.imsi(), p.iccid(), p.organisation(), p.profile(), p.imeiLock(),
          p.firewallRules(), p.device(), null);
    } else if (e instanceof SimEvent.Activated a) {
      return new SimEvent.Activated(at, a.by(), null);
    } else if (e instanceof SimEvent.Suspended s) {
      return new SimEvent.Suspended(at, s.by(), s.reason(), null);
    } else if (e instanceof SimEvent.Resumed r) {
      return new SimEvent.Resumed(at, r.by(), null);
    } else if (e instanceof SimEvent.Terminated t) {
      return new SimEvent.Terminated(at, t.by(), t.reason(), null);
    } else if (e instanceof SimEvent.ProfileChanged p) {
      return new SimEvent.ProfileChanged(at, p.by(), p.profile(), null);
    } else if (e instanceof SimEvent.ImeiLockChanged l) {
      return new SimEvent.ImeiLockChanged(at, l.by(), l.imeiLock(), null);
    } else if (e instanceof SimEvent.FirewallChanged f) {
      return new SimEvent.FirewallChanged(at, f.by(), f.rules(), null);
    } else if (e instanceof SimEvent.FirmwareUpdateRequested f) {
      return new SimEvent.FirmwareUpdateRequested(at, f.by(), f.targetVersion(), null);
    } else if (e instanceof SimEvent.FirmwareReported f) {
      return new SimEvent.FirmwareReported(at, f.previousVersion(), f.version(), f.requestCompleted(), null);
    } else if (e instanceof SimEvent.VulnerableFirmwareFlagged v) {
      return new SimEvent.VulnerableFirmwareFlagged(at, v.version(), null);
    } else if (e instanceof AttachAccepted a) {
      return new AttachAccepted(at, a.imei(), a.rat(), a.plmn(), a.apn(), a.dataAllowed(), a.roaming(), null);
    } else if (e instanceof SimEvent.AttachRejected a) {
      return new SimEvent.AttachRejected(at, a.imei(), a.rat(), a.plmn(), a.apn(), a.reason(), a.detail(), null);
    } else if (e instanceof SimEvent.ImeiBound b) {
      return new SimEvent.ImeiBound(at, b.imei(), null);
    } else if (e instanceof SimEvent.ImeiMismatch m) {
      return new SimEvent.ImeiMismatch(at, m.expected(), m.seen(), m.action(), null);
    } else if (e instanceof FlowsBlocked f) {
      return new FlowsBlocked(at, f.reason(), f.ruleId(), f.flows(), f.bytes(), f.endpoints(), null);
    } else if (e instanceof SimEvent.UnencryptedTrafficDetected u) {
      return new SimEvent.UnencryptedTrafficDetected(at, u.flows(), u.bytes(), u.endpoints(), null);
    } else if (e instanceof SimEvent.SmsBlocked s) {
      return new SimEvent.SmsBlocked(at, s.service(), s.reason(), null);
    } else if (e instanceof SimEvent.QuotaThresholdCrossed q) {
      return new SimEvent.QuotaThresholdCrossed(at, q.kind(), q.used(), q.limit(), null);
    } else if (e instanceof SimEvent.QuotaExhausted q) {
      return new SimEvent.QuotaExhausted(at, q.kind(), q.used(), q.limit(), q.action(), null);
    } else if (e instanceof SimEvent.AnomalyDetected a) {
      return new SimEvent.AnomalyDetected(at, a.kind(), a.score(), a.evidence(), a.response(), null);
    } else if (e instanceof SimEvent.ResponseCleared r) {
      return new SimEvent.ResponseCleared(at, r.by(), null);
    } else if (e instanceof SimEvent.VoiceCallBlocked v) {
      return new SimEvent.VoiceCallBlocked(at, v.destination(), v.reason(), v.detail(), null);
    } else if (e instanceof SimEvent.VoiceUsageRecorded v) {
      return new SimEvent.VoiceUsageRecorded(at, v.windowStart(), v.partial(), v.calls(), v.seconds(),
          v.destinations(), null);
    } else if (e instanceof SimEvent.SmsUsageRecorded m) {
      return new SimEvent.SmsUsageRecorded(at, m.windowStart(), m.partial(), m.destinations(), null);
    } else if (e instanceof UsageRecorded u) {
      return new UsageRecorded(at, u.windowStart(), u.partial(), u.uplinkBytes(), u.downlinkBytes(), u.packets(),
          u.flows(), u.smsMo(), u.smsMt(), u.attaches(), u.detaches(), u.throttled(), u.endpoints(),
          u.endpointsDropped(), null);
    } else if (e instanceof SimEvent.RequestKeyRecorded k) {
      return new SimEvent.RequestKeyRecorded(at, k.key(), k.request(), k.verdict(), k.refusal(), k.field(), null);
    }
    throw new IllegalStateException("unknown event type " + e.getClass());
  }

  @Test
  void changingOneFieldOfOneEventFailsExactlyThatPosition() {
    Random random = new Random(2024);
    List<SimEvent> samples = oneOfEachType();
    for (int round = 0; round < 500; round++) {
      int length = 1 + random.nextInt(30);
      List<SimEvent> events = new ArrayList<>(length);
      for (int i = 0; i < length; i++) {
        events.add(withTime(samples.get(random.nextInt(samples.size())), T0.plusSeconds(random.nextInt(100_000))));
      }
      List<SimEvent> sealed = EventChain.seal(GENESIS, events);
      int k = random.nextInt(length);
      List<UnaryOperator<SimEvent>> changes = oneFieldChanges(events.get(k));
      SimEvent changed = changes.get(random.nextInt(changes.size())).apply(events.get(k));
      assertNotEquals(events.get(k), changed, "the change must change something");

      List<SimEvent> tampered = new ArrayList<>(sealed);
      tampered.set(k, changed.withChain(sealed.get(k).chain()));
      assertEquals(List.of(k), failingPositions(tampered), "round " + round + ": changed " + changed);
    }
  }

  @Test
  void everyTypeHasAFieldChangeThatBreaksItsChain() {
    List<SimEvent> sealed = EventChain.seal(GENESIS, oneOfEachType());
    Set<Class<?>> covered = new HashSet<>();
    for (int k = 0; k < sealed.size(); k++) {
      SimEvent original = sealed.get(k).withChain(null);
      for (UnaryOperator<SimEvent> change : oneFieldChanges(original)) {
        List<SimEvent> tampered = new ArrayList<>(sealed);
        tampered.set(k, change.apply(original).withChain(sealed.get(k).chain()));
        assertEquals(List.of(k), failingPositions(tampered), original.getClass().getSimpleName());
      }
      covered.add(original.getClass());
    }
    assertEquals(EVENT_TYPES, covered.size());
  }

  // ---- across JVMs ----------------------------------------------------------------------------

  /** Prints the chain value of {@link #provisionedWithSets()} after genesis; run in separate JVMs. */
  public static final class ChainProbe {
    public static void main(String[] args) {
      System.out.println(EventChain.next(GENESIS, provisionedWithSets()));
    }
  }

  private static String chainInFreshJvm() throws IOException, InterruptedException {
    String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    Process java = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", classpath, ChainProbe.class.getName()).redirectErrorStream(true).start();
    String out;
    try (InputStream in = java.getInputStream()) {
      out = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
    }
    assertTrue(java.waitFor(60, TimeUnit.SECONDS), "probe JVM did not exit");
    assertEquals(0, java.exitValue(), out);
    return out;
  }

  /**
   * The chain is documented as "stable across JVMs": a verifier on another node, or this node after a
   * restart, must compute the same value from the same event. Sets in the profile and lock must therefore
   * not be encoded in their hash-iteration order, which {@code Set.copyOf} randomises per JVM.
   */
  @Test
  void chainOfAnEventWithSetsIsTheSameInEveryJvm() throws Exception {
    String here = EventChain.next(GENESIS, provisionedWithSets());
    List<String> elsewhere = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      elsewhere.add(chainInFreshJvm());
    }
    for (String value : elsewhere) {
      assertEquals(here, value, "chain values computed in 5 JVMs: " + here + " " + elsewhere);
    }
  }
}
