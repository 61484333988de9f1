package io.simwarden.sim.archetype;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simwarden.core.entity.SimEntity;
import io.simwarden.core.firewall.Firewall;
import io.simwarden.core.policy.ConnectivityProfile;
import io.simwarden.core.policy.EncryptionPolicy;
import io.simwarden.core.policy.Service;
import io.simwarden.core.traffic.Flow;
import io.simwarden.sim.clock.VirtualClock;
import io.simwarden.sim.driver.GeneratedRun;
import io.simwarden.sim.driver.SimCommand;
import io.simwarden.sim.traffic.FlowTable;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A week of a clean fleet of every archetype, generated without actors, checked against the traffic
 * contract and against each archetype's own profile: everything a clean device does must be allowed.
 */
class CleanTrafficTest {

  private static final String WEEK = """
      seed = 11
      duration = 7d
      fleet {
        smart-meter { count = 40 }, asset-tracker { count = 40 }, ip-camera { count = 40 }
        vehicle-telematics { count = 40 }, payment-terminal { count = 40 }, medical-wearable { count = 40 }
      }
      """;

  private static GeneratedRun run;
  private static final Map<Integer, Long> lastAt = new HashMap<>();
  private static final Map<Long, Integer> reportsPerSimStep = new HashMap<>();
  private static final Map<Archetype, double[]> bytesByHour = new EnumMap<>(Archetype.class);
  private static final Map<Archetype, long[]> attachesPerSim = new EnumMap<>(Archetype.class);
  private static final StringBuilder violations = new StringBuilder();
  private static int reports;
  private static int calls;

  @BeforeAll
  static void generate() {
    run = GeneratedRun.of(WEEK);
    Map<Archetype, Firewall> firewalls = new EnumMap<>(Archetype.class);
    for (Archetype a : Archetype.values()) {
      ConnectivityProfile p = a.model().profile();
      firewalls.put(a, Firewall.compile(p.firewallRules(), java.util.List.of(), p.defaultAction()));
      bytesByHour.put(a, new double[24]);
      attachesPerSim.put(a, new long[1]);
    }
    run.run(sent -> {
      Archetype a = run.fleet.archetype(sent.sim());
      if (sent.at() >= 0) {
        Long previous = lastAt.put(sent.sim(), sent.at());
        if (previous != null && previous > sent.at()) {
          violations.append("SIM ").append(sent.sim()).append(" went back in time at ").append(sent.at()).append('\n');
        }
        long stepStart = run.clock.stepStart(sent.step());
        if (sent.kind() != SimCommand.Kind.FLUSH
            && (sent.at() < stepStart || sent.at() >= stepStart + run.clock.intervalMillis())) {
          violations.append(sent.kind()).append(" of SIM ").append(sent.sim()).append(" outside its interval\n");
        }
      }
      if (sent.kind() == SimCommand.Kind.ATTACH) {
        attachesPerSim.get(a)[0]++;
        SimEntity.Attach attach = (SimEntity.Attach) sent.command();
        ConnectivityProfile p = a.model().profile();
        if (!p.allows(attach.rat()) || !p.plmns().allows(attach.plmn()) || !p.allowsApn(attach.apn())) {
          violations.append(a).append(" attaches where its profile refuses: ").append(attach).append('\n');
        }
      }
      if (sent.kind() == SimCommand.Kind.SMS_MO && !a.model().profile().allows(Service.SMS_MO)
          || sent.kind() == SimCommand.Kind.SMS_MT && !a.model().profile().allows(Service.SMS_MT)) {
        violations.append(a).append(" uses an SMS service its profile refuses\n");
      }
      if (sent.kind() == SimCommand.Kind.CALL) {
        calls++;
        SimEntity.VoiceCall call = (SimEntity.VoiceCall) sent.command();
        if (!a.model().profile().allowsCallTo(call.call().destination())) {
          violations.append(a).append(" calls where its profile refuses: ").append(call).append('\n');
        }
      }
      if (sent.kind() == SimCommand.Kind.REPORT) {
        reports++;
        reportsPerSimStep.merge((long) sent.sim() << 20 | sent.step(), 1, Integer::sum);
        SimEntity.ReportTraffic r = (SimEntity.ReportTraffic) sent.command();
        if (r.flows().size() > FlowTable.MAX_FLOWS) {
          violations.append("report with ").append(r.flows().size()).append(" flows\n");
        }
        for (Flow f : r.flows()) {
          if (!allowed(a, firewalls.get(a), f)) {
            violations.append(a).append(" sends a flow its profile refuses: ").append(f).append('\n');
          }
          bytesByHour.get(a)[VirtualClock.hourOfDay(sent.at())] += f.bytes();
        }
      }
    });
  }

  private static boolean allowed(Archetype a, Firewall firewall, Flow f) {
    ConnectivityProfile p = a.model().profile();
    boolean leaves = p.privateNetwork().leaves(f.remote());
    if (leaves && p.privateNetwork().enabled() && !p.privateNetwork().internetBreakout()) {
      return false;
    }
    if (!firewall.allows(firewall.match(f.direction(), f.protocol(), f.remote(), f.port()))) {
      return false;
    }
    return !leaves || f.encrypted() || p.unencrypted() == EncryptionPolicy.ALLOW;
  }

  @Test
  void everythingACleanDeviceDoesIsAllowedByItsProfile() {
    assertEquals("", violations.toString());
    assertTrue(reports > 100_000, "a week of 240 devices sends many reports, got " + reports);
    assertTrue(calls >= 10, "drivers and patients make calls, got " + calls);
  }

  @Test
  void atMostOneReportPerSimPerInterval() {
    assertTrue(reportsPerSimStep.values().stream().allMatch(n -> n == 1));
  }

  @Test
  void everyArchetypeHasADailyRhythmOfAtMostAboutTenfold() {
    for (Archetype a : Archetype.values()) {
      double[] h = bytesByHour.get(a);
      double day = 0;
      double night = 0;
      for (int hour = 9; hour < 18; hour++) {
        day += h[hour] / 9;
      }
      for (int hour = 2; hour < 5; hour++) {
        night += h[hour] / 3;
      }
      double ratio = Math.max(day, night) / Math.min(day, night);
      assertTrue(ratio <= 11, a + " day/night volume ratio " + ratio);
    }
  }

  @Test
  void devicesAttachAFewTimesADayNotInStorms() {
    for (Archetype a : Archetype.values()) {
      double perSimDay = attachesPerSim.get(a)[0] / 40.0 / 7;
      assertTrue(perSimDay >= 1.0 / 7 && perSimDay < 4, a + " attaches " + perSimDay + " times a day");
    }
  }
}
