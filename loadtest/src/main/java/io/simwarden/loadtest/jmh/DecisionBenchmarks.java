package io.simwarden.loadtest.jmh;

import io.simwarden.core.detect.Baseline;
import io.simwarden.core.event.SimEvent.UsageRecorded;
import io.simwarden.core.firewall.Firewall;
import io.simwarden.core.firewall.FirewallRule;
import io.simwarden.core.firewall.RuleAction;
import io.simwarden.core.id.Cidr;
import io.simwarden.core.id.Iccid;
import io.simwarden.core.id.Imei;
import io.simwarden.core.id.Imsi;
import io.simwarden.core.id.IpAddress;
import io.simwarden.core.id.PortRange;
import io.simwarden.core.id.Tac;
import io.simwarden.core.policy.ImeiLock;
import io.simwarden.core.traffic.Direction;
import io.simwarden.core.traffic.EndpointUsage;
import io.simwarden.core.traffic.Protocol;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The pure decisions, one call each: firewall match over 10/100/1000 rules (the flow matches none, so every rule is
 * tried), a baseline learning a usage window, an IMEI lock check, identifier validation. {@link #floor} is the cost
 * of the harness itself: the limit each figure is printed beside.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class DecisionBenchmarks {

  /** A compiled firewall of {@code rules} rules (only this benchmark depends on the rule count). */
  @State(Scope.Thread)
  public static class Rules {
    @Param({"10", "100", "1000"})
    public int rules;

    Firewall firewall;
    final IpAddress remote = IpAddress.of("203.0.113.7");

    @Setup
    public void setUp() {
      List<FirewallRule> list = new ArrayList<>();
      for (int i = 0; i < rules; i++) {
        list.add(new FirewallRule("r" + i, 10 + i, RuleAction.ALLOW, Direction.BOTH, Protocol.TCP,
            Cidr.of("10." + (i >> 8) + "." + (i & 255) + ".0/24"), PortRange.single(443)));
      }
      firewall = Firewall.compile(list, List.of(), RuleAction.DENY);
    }
  }

  private Baseline learned;
  private UsageRecorded window;
  private ImeiLock tacLock;
  private Imei imei;
  private int sequence;

  @Setup
  public void setUp() {
    List<EndpointUsage> endpoints = List.of(new EndpointUsage(IpAddress.of("198.51.100.10"), Protocol.TCP, 443, 12,
        24_000), new EndpointUsage(IpAddress.of("198.51.100.11"), Protocol.UDP, 123, 2, 180));
    Instant t0 = Instant.parse("2026-01-05T00:00:00Z");
    window = new UsageRecorded(t0.plusSeconds(3600), t0, false, 20_000, 4_180, 160, 14, 0, 0, 1, 0, false, endpoints,
        0, null);
    Baseline b = Baseline.EMPTY;
    for (int i = 0; i < 24; i++) {
      b = b.afterWindow(window, false);
    }
    learned = b;
    tacLock = ImeiLock.tacAllowlist(Set.of(Tac.of("35693803"), Tac.of("86753090"), Tac.of("35332211")),
        ImeiLock.MismatchAction.REJECT_ATTACH, false);
    imei = Imei.of("356938035643809");
  }

  @Benchmark
  public int firewallMatch(Rules r) {
    return r.firewall.match(Direction.UPLINK, Protocol.TCP, r.remote, 23);
  }

  @Benchmark
  public Baseline baselineAfterWindow() {
    return learned.afterWindow(window, false);
  }

  @Benchmark
  public boolean imeiCheck() {
    return tacLock.admits(imei);
  }

  /** IMSI, IMEI (Luhn) and ICCID (Luhn) parsed and validated from text, as at the HTTP edge. */
  @Benchmark
  public Object identifierValidation() {
    Imsi.of("208010000000001");
    Iccid.of("8933010000000000010");
    return Imei.of("356938035643809");
  }

  @Benchmark
  public int floor() {
    return sequence++;
  }
}
