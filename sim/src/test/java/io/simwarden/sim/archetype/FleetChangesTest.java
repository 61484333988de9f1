package io.simwarden.sim.archetype;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simwarden.core.entity.SimEntity;
import io.simwarden.core.firewall.RuleAction;
import io.simwarden.core.id.Cidr;
import io.simwarden.core.id.Plmn;
import io.simwarden.core.policy.SmsDestination;
import io.simwarden.core.traffic.Flow;
import io.simwarden.sim.clock.VirtualClock;
import io.simwarden.sim.driver.GeneratedRun.Sent;
import io.simwarden.sim.driver.GeneratedRun;
import io.simwarden.sim.driver.SimCommand;
import io.simwarden.sim.scenario.BuiltInScenarios;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** What each benign change makes the devices do, checked on the generator alone (no network). */
class FleetChangesTest {

  private static final String FLEET = """
      seed = 8
      duration = 4d
      fleet {
        smart-meter { count = 20 }, ip-camera { count = 20 }, payment-terminal { count = 20 }
        medical-wearable { count = 20 }
      }
      """;

  private static final long HOUR = VirtualClock.HOUR;

  @Test
  void aFirmwareUpdateAddsTheEndpointToEveryDeviceOfTheModelAfterItsRollout() {
    GeneratedRun run = GeneratedRun.of(FLEET + """
        changes = [ { type = firmware-update, at = 2d, rollout = 6h, archetypes = [ip-camera],
          destination = "198.51.100.90", port = 8443, data-per-hour = 20kB } ]
        """);
    long at = run.clock.startMillis() + 48 * HOUR;
    Map<Integer, Long> bytesBySim = run.all().stream().filter(s -> s.kind() == SimCommand.Kind.REPORT)
        .flatMap(s -> ((SimEntity.ReportTraffic) s.command()).flows().stream()
            .filter(f -> f.remote().toString().equals("198.51.100.90") && f.port() == 8443)
            .peek(f -> assertTrue(s.at() >= at, "nothing before the update"))
            .map(f -> Map.entry(s.sim(), f.bytes())))
        .collect(Collectors.groupingBy(Map.Entry::getKey, Collectors.summingLong(Map.Entry::getValue)));
    Set<Integer> cameras = Set.copyOf(java.util.stream.IntStream.range(0, run.fleet.size())
        .filter(sim -> run.fleet.archetype(sim) == Archetype.IP_CAMERA).boxed().toList());
    assertEquals(cameras, bytesBySim.keySet(), "every camera and nothing else");
    for (long uploaded : bytesBySim.values()) {
      assertTrue(uploaded > 0.8 * 20_000 * 42 && uploaded < 2.0 * 20_000 * 48, "about 20 kB an hour: " + uploaded);
    }
  }

  @Test
  void aDeclaredFirmwareUpdateGivesItsEndpointAnAllowRuleAndAnUnannouncedOneNone() {
    String change = FLEET + """
        changes = [ { type = firmware-update, at = 2d, rollout = 6h, archetypes = [ip-camera],
          destination = "198.51.100.90", port = 8443, data-per-hour = 20kB%s } ]
        """;
    GeneratedRun run = GeneratedRun.of(change.formatted(""));
    List<Sent> profiles = run.all().stream().filter(s -> s.kind() == SimCommand.Kind.SET_PROFILE).toList();
    assertEquals(20, profiles.size(), "every camera, once");
    for (Sent p : profiles) {
      SimEntity.SetProfile set = (SimEntity.SetProfile) p.command();
      assertEquals(run.clock.startMillis() + 48 * HOUR, set.at().toEpochMilli(), "at the rollout's start");
      assertTrue(set.profile().firewallRules().stream().anyMatch(r -> r.action() == RuleAction.ALLOW
          && r.remote().equals(Cidr.of("198.51.100.90/32")) && r.ports().lo() == 8443 && r.ports().hi() == 8443),
          set.profile().firewallRules().toString());
    }
    assertTrue(GeneratedRun.of(change.formatted(", declared = false")).all().stream()
        .noneMatch(s -> s.kind() == SimCommand.Kind.SET_PROFILE), "an unannounced update changes no profile");
  }

  @Test
  void anSmsHabitSendsItsClassesOfNumberFromItsTimeOn() {
    GeneratedRun run = GeneratedRun.of("""
        seed = 9
        duration = 3d
        fleet { vehicle-telematics { count = 30 }, smart-meter { count = 10 } }
        changes = [ { type = sms-habit, at = 1d, archetypes = [vehicle-telematics], sms-per-day = 6,
          destinations { domestic = 0.5, international = 0.5 } } ]
        """);
    long at = run.clock.startMillis() + 24 * HOUR;
    List<Sent> sms = run.all().stream().filter(s -> s.kind() == SimCommand.Kind.SMS_MO).toList();
    assertTrue(sms.stream().allMatch(s -> s.at() >= at && run.fleet.archetype(s.sim())
        == Archetype.VEHICLE_TELEMATICS), "vehicles only, from the habit's time on");
    assertTrue(sms.size() > 0.6 * 30 * 6 * 2, "about six a day each while attached: " + sms.size());
    long abroad = sms.stream().filter(s -> ((SimEntity.SmsMo) s.command()).to() == SmsDestination.INTERNATIONAL)
        .count();
    assertTrue(abroad > 0.35 * sms.size() && abroad < 0.65 * sms.size(), abroad + " of " + sms.size() + " abroad");
  }

  @Test
  void aScheduleShiftMovesEveryDevicesHabitsAnHourEarlierInUtc() {
    GeneratedRun run = GeneratedRun.of(FLEET + "changes = [ { type = schedule-shift, at = 50h, minutes = 60 } ]");
    long start = run.clock.startMillis();
    List<Sent> reboots = run.all().stream().filter(s -> s.kind() == SimCommand.Kind.DETACH
        && run.fleet.archetype(s.sim()) == Archetype.PAYMENT_TERMINAL).toList();
    assertTrue(reboots.stream().filter(s -> s.at() < start + 48 * HOUR)
        .allMatch(s -> VirtualClock.hourOfDay(s.at()) == 3), "the daily reboot at 03:00 UTC before");
    List<Sent> after = reboots.stream().filter(s -> s.at() >= start + 72 * HOUR).toList();
    assertTrue(after.size() >= 20, "a reboot a day on the last day");
    assertTrue(after.stream().allMatch(s -> VirtualClock.hourOfDay(s.at()) == 2), "at 03:00 local = 02:00 UTC after");
  }

  @Test
  void anOutageSilencesItsShareOfTheFleetThenEachReattachesTwice() {
    GeneratedRun run = GeneratedRun.of(FLEET + """
        changes = [ { type = outage, at = 52h, duration = 45m, share = 0.4, spread = 2m, attempts = 2 } ]
        """);
    long down = run.clock.startMillis() + 52 * HOUR;
    long restored = down + 45 * VirtualClock.MINUTE;
    List<Sent> all = run.all();
    Map<Integer, List<Sent>> reattaches = all.stream().filter(s -> s.kind() == SimCommand.Kind.ATTACH
        && s.at() >= restored && s.at() < restored + 3 * VirtualClock.MINUTE).collect(Collectors.groupingBy(Sent::sim));
    assertEquals(0.4 * run.fleet.size(), reattaches.size(), 0.15 * run.fleet.size(), "about 40 % of the fleet");
    for (Map.Entry<Integer, List<Sent>> e : reattaches.entrySet()) {
      assertEquals(2, e.getValue().size(), "a first attempt and one after 30 s");
      assertTrue(all.stream().noneMatch(s -> s.sim() == e.getKey() && s.at() >= down + 5 * VirtualClock.MINUTE
          && s.at() < restored), "no service, nothing sent");
    }
  }

  @Test
  void aNewRoamingPartnerIsAllowedThenUsedInsteadOfTheOld() {
    GeneratedRun run = GeneratedRun.of("""
        seed = 12
        duration = 5d
        fleet { asset-tracker { count = 150 }, smart-meter { count = 10 } }
        changes = [ { type = roaming-partner, at = 2d, plmn = "26202", replaces = "26201" } ]
        """);
    long at = run.clock.startMillis() + 48 * HOUR;
    List<Sent> all = run.all();
    List<Sent> profiles = all.stream().filter(s -> s.kind() == SimCommand.Kind.SET_PROFILE).toList();
    assertEquals(150, profiles.size(), "every tracker (they roam on 26201), no meter");
    for (Sent p : profiles) {
      assertTrue(((SimEntity.SetProfile) p.command()).profile().plmns().allows(Plmn.of("26202")));
      assertTrue(((SimEntity.SetProfile) p.command()).at().toEpochMilli() > at - 5 * VirtualClock.MINUTE);
    }
    List<Sent> german = all.stream().filter(s -> s.kind() == SimCommand.Kind.ATTACH
        && ((SimEntity.Attach) s.command()).plmn().mcc().equals("262")).toList();
    assertTrue(german.stream().anyMatch(s -> s.at() < at), "trackers went to Germany before");
    assertTrue(german.stream().filter(s -> s.at() >= at).count() >= 3, "and after: " + german.stream()
        .map(s -> VirtualClock.formatOffset(s.at() - run.clock.startMillis())).toList());
    for (Sent s : german) {
      assertEquals(s.at() < at ? "01" : "02", ((SimEntity.Attach) s.command()).plmn().mnc(), "the partner of the day");
    }
  }

  @Test
  void theRoamingControlSteersSimsToTheNewPartner() {
    GeneratedRun run = new GeneratedRun(BuiltInScenarios.load("control-roaming-partner"));
    long onTheNewPartner = run.all().stream().filter(s -> s.kind() == SimCommand.Kind.ATTACH
        && ((SimEntity.Attach) s.command()).plmn().equals(Plmn.of("26202"))).map(Sent::sim).distinct().count();
    assertTrue(onTheNewPartner >= 3, "SIMs attached on 26202: " + onTheNewPartner);
  }

  @Test
  void aChangeActsFromItsTimeOnNotBefore() {
    String day = FLEET.replace("4d", "1d");
    List<Flow> plain = flowsBefore(GeneratedRun.of(day), 23);
    List<Flow> shifted = flowsBefore(GeneratedRun.of(day + "changes = [ { type = schedule-shift, at = 23h } ]"), 23);
    assertTrue(plain.size() > 1_000);
    assertEquals(plain, shifted);
  }

  private static List<Flow> flowsBefore(GeneratedRun run, int hours) {
    long until = run.clock.startMillis() + hours * HOUR;
    return run.all().stream().filter(s -> s.kind() == SimCommand.Kind.REPORT && s.at() < until)
        .flatMap(s -> ((SimEntity.ReportTraffic) s.command()).flows().stream()).toList();
  }
}
