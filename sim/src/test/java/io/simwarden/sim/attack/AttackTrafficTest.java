package io.simwarden.sim.attack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simwarden.core.entity.SimEntity;
import io.simwarden.core.policy.CallDestination;
import io.simwarden.core.policy.Service;
import io.simwarden.core.traffic.Direction;
import io.simwarden.core.traffic.Flow;
import io.simwarden.core.traffic.Protocol;
import io.simwarden.sim.clock.VirtualClock;
import io.simwarden.sim.driver.GeneratedRun;
import io.simwarden.sim.driver.GeneratedRun.Sent;
import io.simwarden.sim.driver.SimCommand;
import io.simwarden.sim.traffic.FlowTable;
import io.simwarden.sim.truth.Label;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** What each attack makes a compromised SIM send, checked on the generator alone (no network). */
class AttackTrafficTest {

  private static final String FLEET = """
      seed = 99
      duration = 14h
      fleet {
        smart-meter { count = 30 }, asset-tracker { count = 30 }, ip-camera { count = 30 }
        vehicle-telematics { count = 30 }, payment-terminal { count = 30 }, medical-wearable { count = 30 }
      }
      """;

  private static List<Sent> of(List<Sent> all, int sim) {
    return all.stream().filter(s -> s.sim() == sim).collect(Collectors.toList());
  }

  private static List<Flow> flows(Sent s) {
    return ((SimEntity.ReportTraffic) s.command()).flows();
  }

  @Test
  void miraiBotsScanTelnetAtNineToOneAndFloodTheTarget() {
    GeneratedRun run = GeneratedRun.of(FLEET + """
        attacks = [ { type = mirai, start = 8h, initial-bots = 2, spread-per-hour = 0.2, scan-rate = 160
          targets { archetypes = [ip-camera] }
          ddos { start = 12h, duration = 50m, target = "203.0.113.250", vectors = [udp, gre], rate = 1Mbps } } ]
        """);
    List<Label> bots = run.plan.labels();
    assertTrue(bots.size() >= 2, "at least the initial bots");
    assertTrue(bots.stream().allMatch(l -> run.fleet.telnetVulnerable(l.sim())), "only vulnerable devices");
    List<Sent> all = run.all();
    Label bot = bots.get(0);
    long port23 = 0;
    long port2323 = 0;
    long probeBytes = 0;
    boolean bruteForced = false;
    boolean flooded = false;
    for (Sent s : of(all, bot.sim())) {
      if (s.kind() != SimCommand.Kind.REPORT) {
        continue;
      }
      List<Flow> f = flows(s);
      assertTrue(f.size() <= FlowTable.MAX_FLOWS);
      long stepStart = run.clock.stepStart(s.step());
      if (stepStart + run.clock.intervalMillis() <= bot.start()) {
        assertTrue(f.stream().noneMatch(x -> x.port() == 2323), "no scanning before the infection");
        continue;
      }
      for (Flow x : f) {
        if (x.direction() == Direction.UPLINK && x.protocol() == Protocol.TCP && x.bytes() == 40) {
          if (x.port() == 23) {
            port23++;
          } else if (x.port() == 2323) {
            port2323++;
          }
          probeBytes += x.bytes();
        }
        bruteForced |= x.direction() == Direction.DOWNLINK && x.port() == 23;
        flooded |= x.remote().toString().equals("203.0.113.250");
      }
    }
    assertTrue(bruteForced, "the infection starts with an inbound telnet login");
    assertTrue(flooded, "the bot floods the DDoS target");
    double share2323 = port2323 / (double) (port23 + port2323);
    assertEquals(0.1, share2323, 0.02, "Mirai probes 2323 one time in ten");
    assertTrue(probeBytes > 0);
  }

  @Test
  void aStolenSimTurnsUpInAnotherDeviceAndItsOwnDeviceFallsSilent() {
    GeneratedRun run = GeneratedRun.of(FLEET + """
        attacks = [ { type = sim-theft, start = 9h, duration = 4h, abroad-share = 0
          targets { archetypes = [smart-meter], sims = 1 } } ]
        """);
    Label theft = run.plan.labels().get(0);
    List<Sent> mine = of(run.all(), theft.sim());
    SimEntity.Attach first = (SimEntity.Attach) mine.stream().filter(s -> s.kind() == SimCommand.Kind.ATTACH)
        .findFirst().orElseThrow().command();
    SimEntity.Attach thief = (SimEntity.Attach) mine.stream()
        .filter(s -> s.kind() == SimCommand.Kind.ATTACH && s.at() >= theft.start()).findFirst().orElseThrow().command();
    assertNotEquals(first.imei(), thief.imei());
    assertNotEquals(first.imei().tac(), thief.imei().tac(), "a phone is another device model");
    assertTrue(mine.stream().filter(s -> s.kind() == SimCommand.Kind.REPORT && s.at() >= theft.start())
        .flatMap(s -> flows(s).stream()).noneMatch(f -> f.port() == 4059), "the meter no longer reports readings");
  }

  @Test
  void exfiltrationUploadsTheConfiguredRateToANewDestination() {
    GeneratedRun run = GeneratedRun.of(FLEET + """
        attacks = [ { type = exfiltration, start = 9h, duration = 4h, data-per-hour = 20MB
          destination = "185.220.101.7", port = 8443, targets { archetypes = [medical-wearable], sims = 1 } } ]
        """);
    Label x = run.plan.labels().get(0);
    long bytes = of(run.all(), x.sim()).stream().filter(s -> s.kind() == SimCommand.Kind.REPORT)
        .flatMap(s -> flows(s).stream()).filter(f -> f.remote().toString().equals("185.220.101.7") && f.port() == 8443)
        .mapToLong(Flow::bytes).sum();
    double hours = (x.end() - x.start()) / (double) VirtualClock.HOUR;
    assertEquals(20e6 * hours, bytes, 20e6 * hours * 0.1);
  }

  @Test
  void aStormingDeviceIsSilentDuringTheOutageThenReattachesAboutEveryMinute() {
    GeneratedRun run = GeneratedRun.of(FLEET + """
        attacks = [ { type = signalling-storm, start = 9h, outage = 30m, duration = 1h, retry-interval = 60s
          targets { share = 0.5 } } ]
        """);
    List<Sent> all = run.all();
    long outage = run.clock.startMillis() + 9 * VirtualClock.HOUR;
    for (Label l : run.plan.labels().subList(0, 10)) {
      List<Sent> mine = of(all, l.sim());
      assertEquals(outage + 30 * VirtualClock.MINUTE, l.start());
      assertFalse(mine.stream().anyMatch(s -> s.at() >= outage + VirtualClock.MINUTE * 5 && s.at() < l.start()),
          "nothing during the outage");
      long attaches = mine.stream().filter(s -> s.kind() == SimCommand.Kind.ATTACH && s.at() >= l.start()
          && s.at() < l.end()).count();
      assertEquals(60, attaches, 3);
    }
    assertEquals(90, run.plan.labels().size());
  }

  @Test
  void aVoicePumpDialsTheConfiguredRateAndDestinationsOneCallAtATime() {
    GeneratedRun run = GeneratedRun.of(FLEET + """
        attacks = [ { type = voice-fraud, start = 9h, duration = 4h, calls-per-hour = 12, call-duration = 3m
          destinations { irsf-range = 0.75, international = 0.25 }, targets { sims = 3 } } ]
        """);
    List<Sent> all = run.all();
    long irsf = 0;
    long calls = 0;
    for (Label l : run.plan.labels()) {
      assertTrue(run.fleet.archetype(l.sim()).model().profile().allows(Service.VOICE), "default: voice SIMs");
      List<SimEntity.VoiceCall> pumped = of(all, l.sim()).stream()
          .filter(s -> s.kind() == SimCommand.Kind.CALL && s.at() >= l.start())
          .map(s -> (SimEntity.VoiceCall) s.command()).toList();
      double hours = (l.end() - l.start()) / (double) VirtualClock.HOUR;
      assertEquals(12 * hours, pumped.size(), 12 * hours * 0.3, "about 12 attempts an hour");
      for (int i = 1; i < pumped.size(); i++) {
        SimEntity.VoiceCall previous = pumped.get(i - 1);
        assertTrue(!pumped.get(i).at().isBefore(previous.at().plusSeconds(previous.call().seconds())),
            "a call starts after the previous one ended");
      }
      assertTrue(pumped.stream().allMatch(c -> c.at().toEpochMilli() < l.end()), "nothing after the attack");
      irsf += pumped.stream().filter(c -> c.call().destination() == CallDestination.IRSF_RANGE).count();
      calls += pumped.size();
      long[] connected = pumped.stream().mapToLong(c -> c.call().seconds()).filter(x -> x > 0).sorted().toArray();
      assertEquals(180, connected[connected.length / 2], 60, "connected for about 3 minutes (median)");
    }
    assertEquals(0.75, irsf / (double) calls, 0.12, "three calls in four to IRSF ranges");
  }

  @Test
  void smsFraudSendsTheConfiguredRate() {
    GeneratedRun run = GeneratedRun.of(FLEET + """
        attacks = [ { type = sms-fraud, start = 9h, duration = 4h, sms-per-hour = 300, targets { sims = 2 } } ]
        """);
    for (Label l : run.plan.labels()) {
      long sms = of(run.all(), l.sim()).stream().filter(s -> s.kind() == SimCommand.Kind.SMS_MO).count();
      double hours = (l.end() - l.start()) / (double) VirtualClock.HOUR;
      assertEquals(300 * hours, sms, 300 * hours * 0.1);
    }
  }
}
