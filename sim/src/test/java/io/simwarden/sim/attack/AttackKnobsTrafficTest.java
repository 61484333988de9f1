package io.simwarden.sim.attack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simwarden.core.entity.SimEntity;
import io.simwarden.core.policy.CallDestination;
import io.simwarden.core.traffic.Direction;
import io.simwarden.core.traffic.Flow;
import io.simwarden.core.traffic.Protocol;
import io.simwarden.sim.clock.VirtualClock;
import io.simwarden.sim.driver.GeneratedRun;
import io.simwarden.sim.driver.GeneratedRun.Sent;
import io.simwarden.sim.driver.SimCommand;
import io.simwarden.sim.truth.Label;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What the scan vectors, the pace of Mirai and voice fraud, and attacks in sequence make the SIMs send. */
class AttackKnobsTrafficTest {

  private static final String FLEET = """
      seed = 41
      duration = 30h
      fleet {
        smart-meter { count = 20 }, ip-camera { count = 60 }, vehicle-telematics { count = 30 }
      }
      """;

  private static List<Flow> probes(Sent s) {
    return ((SimEntity.ReportTraffic) s.command()).flows().stream().filter(f -> f.direction() == Direction.UPLINK
        && f.protocol() == Protocol.TCP && f.bytes() == 40).toList();
  }

  private static int hour(long at) {
    return VirtualClock.hourOfDay(at);
  }

  @Test
  void botsScanEachVectorsPortsByWeightAndOnlyInTheirHours() {
    GeneratedRun run = GeneratedRun.of(FLEET + """
        attacks = [ { type = mirai, start = 9h, initial-bots = 4, spread-per-hour = 0, scan-rate = 20,
          hours = "10-14", targets { archetypes = [ip-camera] }
          vectors { telnet = 0.5, adb = 0.2, tr-069 = 0.2, huawei-hg532 = 0.05, web = 0.05 } } ]
        """);
    Set<Integer> bots = Set.copyOf(run.plan.labels().stream().map(Label::sim).toList());
    Map<Integer, Long> byPort = new HashMap<>();
    long outside = 0;
    for (Sent s : run.all()) {
      if (s.kind() != SimCommand.Kind.REPORT || !bots.contains(s.sim())) {
        continue;
      }
      for (Flow f : probes(s)) {
        byPort.merge(f.port(), f.packets(), Long::sum);
        if (hour(s.at()) < 10 || hour(s.at()) >= 14) {
          outside++;
        }
      }
    }
    assertEquals(0, outside, "no probe outside 10:00-14:00");
    double all = byPort.values().stream().mapToLong(Long::longValue).sum();
    assertTrue(all > 1_000, "probes: " + all);
    assertEquals(0.5, (byPort.getOrDefault(23, 0L) + byPort.getOrDefault(2323, 0L)) / all, 0.05, "telnet");
    assertEquals(0.2, byPort.getOrDefault(5555, 0L) / all, 0.04, "ADB");
    assertEquals(0.2, byPort.getOrDefault(7547, 0L) / all, 0.04, "TR-069");
    assertEquals(0.05, byPort.getOrDefault(37215, 0L) / all, 0.02, "HG532");
    assertEquals(0.05, (byPort.getOrDefault(80, 0L) + byPort.getOrDefault(8080, 0L)) / all, 0.02, "web");
    assertTrue(byPort.getOrDefault(8080, 0L) > 0 && byPort.getOrDefault(2323, 0L) > 0, "both ports of a vector");
  }

  @Test
  void aVoicePumpDialsOnlyInItsHours() {
    GeneratedRun run = GeneratedRun.of(FLEET + """
        attacks = [ { type = voice-fraud, start = 9h, duration = 20h, calls-per-hour = 6, call-duration = 2m,
          hours = "22-2", destinations { irsf-range = 1 }, targets { sims = 3 } } ]
        """);
    List<Sent> all = run.all();
    for (Label l : run.plan.labels()) {
      List<Sent> pumped = all.stream().filter(s -> s.sim() == l.sim() && s.kind() == SimCommand.Kind.CALL
          && ((SimEntity.VoiceCall) s.command()).call().destination() == CallDestination.IRSF_RANGE).toList();
      assertTrue(pumped.stream().allMatch(s -> hour(s.at()) >= 22 || hour(s.at()) < 2), "only 22:00-02:00");
      assertEquals(24, pumped.size(), 12, "about 6 calls an hour for 4 hours: " + pumped.stream().map(s -> hour(s.at()))
          .toList());
    }
  }

  @Test
  void aSecondAttackOnTheSameSimsFollowsTheFirstAndBothAreLabelled() {
    GeneratedRun run = GeneratedRun.of(FLEET + """
        attacks = [
          { type = exfiltration, name = leak, start = 9h, duration = 6h, data-per-hour = 5MB,
            destination = "185.220.101.9", targets { archetypes = [vehicle-telematics], sims = 3 } }
          { type = sms-fraud, name = then-pump, start = 12h, duration = 6h, sms-per-hour = 60,
            targets { same-as = leak } }
        ]
        """);
    List<Label> labels = run.plan.labels();
    assertEquals(6, labels.size());
    List<Integer> leaked = labels.stream().filter(l -> l.attack().equals("leak")).map(Label::sim).toList();
    List<Integer> pumped = labels.stream().filter(l -> l.attack().equals("then-pump")).map(Label::sim).toList();
    assertEquals(leaked, pumped, "the same SIMs");
    List<Sent> all = run.all();
    for (Label pump : labels.stream().filter(l -> l.attack().equals("then-pump")).toList()) {
      List<Sent> mine = all.stream().filter(s -> s.sim() == pump.sim()).toList();
      long sms = mine.stream().filter(s -> s.kind() == SimCommand.Kind.SMS_MO && s.at() >= pump.start()).count();
      assertEquals(360, sms, 60, "60 SMS an hour for 6 hours");
      long leakedBytes = mine.stream().filter(s -> s.kind() == SimCommand.Kind.REPORT)
          .flatMap(s -> ((SimEntity.ReportTraffic) s.command()).flows().stream())
          .filter(f -> f.remote().toString().equals("185.220.101.9")).mapToLong(Flow::bytes).sum();
      assertEquals(30e6, leakedBytes, 5e6, "the upload goes on meanwhile: 5 MB an hour for 6 hours");
    }
  }
}
