package io.simwarden.loadtest.bench;

import io.simwarden.core.decision.Verdict;
import io.simwarden.core.entity.SimEntity;
import io.simwarden.core.entity.SimProtocol.CommandResult;
import io.simwarden.core.entity.SimFleet;
import io.simwarden.core.firewall.FirewallRule;
import io.simwarden.core.firewall.RuleAction;
import io.simwarden.core.id.Apn;
import io.simwarden.core.id.Cidr;
import io.simwarden.core.id.Iccid;
import io.simwarden.core.id.Imei;
import io.simwarden.core.id.Imsi;
import io.simwarden.core.id.IpAddress;
import io.simwarden.core.id.Luhn;
import io.simwarden.core.id.Plmn;
import io.simwarden.core.id.PortRange;
import io.simwarden.core.policy.ConnectivityProfile;
import io.simwarden.core.policy.EncryptionPolicy;
import io.simwarden.core.policy.ImeiLock;
import io.simwarden.core.policy.PlmnPolicy;
import io.simwarden.core.policy.PrivateNetwork;
import io.simwarden.core.policy.Rat;
import io.simwarden.core.policy.Service;
import io.simwarden.core.traffic.Direction;
import io.simwarden.core.traffic.Flow;
import io.simwarden.core.traffic.Protocol;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongFunction;

/**
 * The SIMs the benchmarks drive, commanded the way the network and operators command them: meters on NB-IoT
 * whose profile allows HTTPS to their head-end and denies everything else.
 */
final class BenchFleet {

  static final Instant T0 = Instant.parse("2026-01-05T00:00:00Z");
  static final String BY = "bench";
  static final Plmn HOME = Plmn.of("20801");
  static final Apn APN = Apn.of("bench");
  static final ConnectivityProfile PROFILE = new ConnectivityProfile("bench", EnumSet.of(Service.DATA),
      EnumSet.of(Rat.NB_IOT), PlmnPolicy.ANY, Set.of(), PrivateNetwork.NONE, null, null, EncryptionPolicy.ALLOW,
      List.of(new FirewallRule("headend", 10, RuleAction.ALLOW, Direction.BOTH, Protocol.TCP,
          Cidr.of("198.51.100.0/24"), PortRange.single(443))), RuleAction.DENY, Map.of());
  /** A reading to the head-end: allowed, counted in the usage window. */
  static final List<Flow> READING = List.of(new Flow(IpAddress.of("198.51.100.10"), Protocol.TCP, 443,
      Direction.UPLINK, 2000, 12, true));
  /** A telnet probe: blocked by the firewall, journaled as an alert. */
  static final List<Flow> TELNET_PROBE = List.of(new Flow(IpAddress.of("203.0.113.7"), Protocol.TCP, 23,
      Direction.UPLINK, 60, 1, false));

  private BenchFleet() {}

  /** The IMSI of SIM number {@code n} (below 10^10). */
  static String imsi(long n) {
    return String.format("20801%010d", n);
  }

  static Iccid iccid(long n) {
    String body = String.format("8933%014d", n);
    return Iccid.of(body + Luhn.checkDigit(body));
  }

  /** One of two devices per SIM: alternating them makes every attach a new attach context (one event). */
  static Imei imei(long n, int device) {
    return Imei.fromBody(String.format("35693%01d%08d", device, n % 100_000_000));
  }

  static CompletionStage<CommandResult> provision(SimFleet fleet, long n) {
    String imsi = imsi(n);
    return fleet.ask(imsi, r -> new SimEntity.Provision(Imsi.of(imsi), iccid(n), BY, PROFILE, ImeiLock.OFF,
        List.of(), null, BY, T0, r));
  }

  /** Provisions, activates and attaches SIM {@code n}: three events, none tagged. */
  static CompletionStage<Verdict> enroll(SimFleet fleet, long n) {
    String imsi = imsi(n);
    return provision(fleet, n)
        .thenCompose(x -> fleet.<CommandResult>ask(imsi, r -> new SimEntity.Activate(BY, T0, r)))
        .thenCompose(x -> attach(fleet, n, 0, T0.plusSeconds(1)));
  }

  static CompletionStage<Verdict> attach(SimFleet fleet, long n, int device, Instant at) {
    return fleet.ask(imsi(n), r -> new SimEntity.Attach(imei(n, device), Rat.NB_IOT, HOME, APN, at, r));
  }

  static CompletionStage<Verdict> report(SimFleet fleet, long n, List<Flow> flows, Instant at) {
    return fleet.ask(imsi(n), r -> new SimEntity.ReportTraffic(flows, at, r));
  }

  /**
   * Runs {@code task(i)} for {@code i} in {@code [0, count)} on a fresh journal and a cold JVM: the first alone (the
   * plugin creates the keyspace and tables and prepares its statements meanwhile), the rest at most
   * {@value #WARM_UP_IN_FLIGHT} at a time. Hundreds of SIMs recovering at once on a cold JVM keep the journal's and
   * the snapshot store's calls beyond their circuit breakers' 10 s on a busy machine, and an open breaker fails
   * every recovery at once.
   */
  static void warmUp(int count, LongFunction<CompletionStage<?>> task)
      throws InterruptedException {
    task.apply(0).toCompletableFuture().join();
    inFlight(1, count, WARM_UP_IN_FLIGHT, task);
  }

  static final int WARM_UP_IN_FLIGHT = 50;

  /**
   * Starts {@code task(i)} for every {@code i} in {@code [from, to)} with at most {@code parallelism} unfinished,
   * and returns once all have finished; fails with the first failure.
   */
  static void inFlight(long from, long to, int parallelism, LongFunction<CompletionStage<?>> task)
      throws InterruptedException {
    Semaphore permits = new Semaphore(parallelism);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    for (long i = from; i < to && failure.get() == null; i++) {
      permits.acquire();
      task.apply(i).whenComplete((x, e) -> {
        if (e != null) {
          failure.compareAndSet(null, e);
        }
        permits.release();
      });
    }
    permits.acquire(parallelism);
    if (failure.get() != null) {
      throw new IllegalStateException("a SIM command failed: " + failure.get(), failure.get());
    }
  }
}
