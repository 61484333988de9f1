package io.simwarden.cli;

import io.simwarden.core.decision.Verdict;
import io.simwarden.core.entity.SimEntity;
import io.simwarden.core.entity.SimProtocol.CommandResult;
import io.simwarden.core.entity.SimFleet;
import io.simwarden.core.entity.SimSettings;
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
import io.simwarden.core.policy.CallDestination;
import io.simwarden.core.policy.ConnectivityProfile;
import io.simwarden.core.policy.DeviceFacts;
import io.simwarden.core.policy.EncryptionPolicy;
import io.simwarden.core.policy.FleetPolicy;
import io.simwarden.core.policy.FormFactor;
import io.simwarden.core.policy.ImeiLock;
import io.simwarden.core.policy.PlmnPolicy;
import io.simwarden.core.policy.PrivateNetwork;
import io.simwarden.core.policy.Quota;
import io.simwarden.core.policy.QuotaAction;
import io.simwarden.core.policy.QuotaPeriod;
import io.simwarden.core.policy.Rat;
import io.simwarden.core.policy.Service;
import io.simwarden.core.state.SimState;
import io.simwarden.core.traffic.Call;
import io.simwarden.core.traffic.Direction;
import io.simwarden.core.traffic.Flow;
import io.simwarden.core.traffic.Protocol;
import io.simwarden.persistence.journal.EmbeddedCluster;
import io.simwarden.persistence.journal.JournalMode;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * A guided tour: provisions a few SIMs on an embedded one-node cluster and shows what the security
 * layer decides when devices behave and when they do not.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Provision a few SIMs on an embedded one-node cluster and show the security decisions "
        + "(IMEI lock, firewall, roaming policy, call barring, remote suspend) step by step.")
final class DemoCommand implements Callable<Integer> {

  private static final Instant T0 = Instant.parse("2026-01-05T00:00:00Z");
  private static final Plmn HOME = Plmn.of("20801");
  private static final Apn METER_APN = Apn.of("meters.acme");
  private static final IpAddress HEADEND = IpAddress.of("198.51.100.10");
  private static final Apn TELEMATICS_APN = Apn.of("telematics.acme");

  @Spec
  CommandSpec spec;

  @Option(names = "--meters", defaultValue = "4", description = "Smart meters to provision (2-1000, default ${DEFAULT-VALUE}).")
  int meters;

  @Option(names = "--seed", defaultValue = "1", description = "Seed of the random telnet targets (default ${DEFAULT-VALUE}).")
  long seed;

  private PrintWriter out;
  private SimFleet fleet;

  private static final Duration COLD_START_TIMEOUT = Duration.ofSeconds(60);

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  @Override
  public Integer call() {
    if (meters < 2 || meters > 1000) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(),
          "--meters must be between 2 and 1000, got " + meters);
    }
    out = spec.commandLine().getOut();
    out.println("simwarden demo — journal: memory (in-process, not durable), embedded one-node cluster");
    out.println();
    ActorSystem<Void> system = EmbeddedCluster.start("simwarden-demo", JournalMode.MEMORY.config());
    try {
      SimSettings settings = SimSettings.fromConfig(system.settings().config());
      SimEntity.init(system, settings, () -> FleetPolicy.EMPTY);
      // The first command waits for the cluster to form and the shard to start: on a cold, busy machine that
      // takes longer than the entity's usual ask timeout, and the demo asks one question at a time anyway.
      fleet = new SimFleet(system, max(settings.askTimeout(), COLD_START_TIMEOUT));
      run();
      return 0;
    } finally {
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().join();
    }
  }

  private void run() {
    List<Imsi> meterSims = new ArrayList<>();
    List<Imei> meterDevices = new ArrayList<>();
    for (int i = 0; i < meters; i++) {
      meterSims.add(Imsi.of(String.format("20801%010d", i + 1)));
      meterDevices.add(Imei.fromBody(String.format("35693803%06d", i + 1)));
    }
    Imsi tracker = Imsi.of("208010000009001");
    Imsi vehicle = Imsi.of("208010000009002");

    section("1. Provision and activate: meters locked to the first device they attach from");
    for (int i = 0; i < meters; i++) {
      Imsi imsi = meterSims.get(i);
      int n = i;
      operator(T0, imsi, "provision (meter profile, IMEI lock FIRST_SEEN)", r -> new SimEntity.Provision(imsi,
          iccid(n), "acme-utilities", meterProfile(), ImeiLock.firstSeen(ImeiLock.MismatchAction.REJECT_ATTACH, true),
          List.of(), new DeviceFacts(FormFactor.REMOVABLE, "4.2.0"), "ops@acme", T0, r));
      operator(T0, imsi, "activate", r -> new SimEntity.Activate("ops@acme", T0, r));
    }
    operator(T0, tracker, "provision (tracker profile, roaming in 26201 only)", r -> new SimEntity.Provision(
        tracker, iccid(9001), "acme-logistics", trackerProfile(), ImeiLock.OFF, List.of(),
        new DeviceFacts(FormFactor.EMBEDDED, "1.8.3"), "ops@acme", T0, r));
    operator(T0, tracker, "activate", r -> new SimEntity.Activate("ops@acme", T0, r));
    operator(T0, vehicle, "provision (eCall unit: voice to 112 and home numbers)", r -> new SimEntity.Provision(
        vehicle, iccid(9002), "acme-fleet", eCallProfile(), ImeiLock.OFF, List.of(),
        new DeviceFacts(FormFactor.EMBEDDED, "11.4.2"), "ops@acme", T0, r));
    operator(T0, vehicle, "activate", r -> new SimEntity.Activate("ops@acme", T0, r));

    section("2. Devices attach and report traffic to their head-end for three hours");
    for (int i = 0; i < meters; i++) {
      Imsi imsi = meterSims.get(i);
      Imei imei = meterDevices.get(i);
      Instant at = T0.plusSeconds(60 + i);
      network(at, imsi, "attach from " + imei, r -> new SimEntity.Attach(imei, Rat.NB_IOT, HOME, METER_APN, at, r));
    }
    for (int hour = 0; hour < 3; hour++) {
      for (int i = 0; i < meters; i++) {
        Imsi imsi = meterSims.get(i);
        Instant at = T0.plusSeconds(hour * 3600L + 900);
        Flow reading = new Flow(HEADEND, Protocol.TCP, 443, Direction.UPLINK, 2_000 + 10L * i, 12, true);
        Verdict v = ask(imsi, r -> new SimEntity.ReportTraffic(List.of(reading), at, r));
        if (i == 0) {
          print(at, imsi, "meter reading, 1 flow to " + HEADEND + ":443", verdict(v)
              + (meters > 1 ? "   (and " + (meters - 1) + " more meters)" : ""));
        }
      }
    }

    section("3. SIM theft: meter 1's SIM is moved into a phone");
    Imsi stolen = meterSims.get(0);
    Imei phone = Imei.fromBody("86753090000001");
    Instant theft = T0.plusSeconds(3 * 3600 + 120);
    network(theft, stolen, "attach from " + phone + " (foreign device)",
        r -> new SimEntity.Attach(phone, Rat.NB_IOT, HOME, METER_APN, theft, r));

    section("4. Mirai-style infection: meter 2 starts scanning for telnet");
    Imsi infected = meterSims.get(1);
    Random random = new Random(seed);
    List<Flow> probes = new ArrayList<>();
    for (int p = 0; p < 40; p++) {
      int port = p % 10 == 9 ? 2323 : 23;
      probes.add(new Flow(IpAddress.v4(random.nextInt()), Protocol.TCP, port, Direction.UPLINK, 60, 1, false));
    }
    probes.add(new Flow(HEADEND, Protocol.TCP, 443, Direction.UPLINK, 2_000, 12, true));
    Instant scan = T0.plusSeconds(3 * 3600 + 600);
    network(scan, infected, "traffic report: 40 telnet probes + 1 reading",
        r -> new SimEntity.ReportTraffic(probes, scan, r));

    section("5. Roaming outside the allowlist");
    Instant roam = T0.plusSeconds(4 * 3600);
    Imei trackerDevice = Imei.fromBody("35332510000042");
    network(roam, tracker, "attach in 26201 (allowed roaming)",
        r -> new SimEntity.Attach(trackerDevice, Rat.LTE_M, Plmn.of("26201"), Apn.of("iot.acme"), roam, r));
    network(roam.plusSeconds(60), tracker, "attach in 310410 (not allowed)",
        r -> new SimEntity.Attach(trackerDevice, Rat.LTE_M, Plmn.of("310410"), Apn.of("iot.acme"),
            roam.plusSeconds(60), r));

    section("6. Call barring: an eCall unit calls emergency services, then its hijacked modem dials an IRSF range");
    Instant drive = T0.plusSeconds(4 * 3600 + 300);
    Imei tcu = Imei.fromBody("35412611000017");
    network(drive, vehicle, "attach from the telematics unit",
        r -> new SimEntity.Attach(tcu, Rat.LTE, HOME, TELEMATICS_APN, drive, r));
    network(drive.plusSeconds(60), vehicle, "eCall to 112, 9 minutes",
        r -> new SimEntity.VoiceCall(new Call(CallDestination.EMERGENCY, 540), drive.plusSeconds(60), r));
    network(drive.plusSeconds(900), vehicle, "call to an IRSF range (+882 ...)",
        r -> new SimEntity.VoiceCall(new Call(CallDestination.IRSF_RANGE, 300), drive.plusSeconds(900), r));

    section("7. Operator response");
    Instant later = T0.plusSeconds(5 * 3600);
    operator(later, infected, "suspend (remote disable of the infected meter)",
        r -> new SimEntity.Suspend("soc@acme", "telnet scanning", later, r));
    operator(later, stolen, "terminate (the network suspended it on the IMEI mismatch)",
        r -> new SimEntity.Terminate("soc@acme", "SIM stolen", later, r));
    operator(later, stolen, "resume (refused: terminated is final)",
        r -> new SimEntity.Resume("soc@acme", later, r));

    Instant end = T0.plusSeconds(6 * 3600);
    List<Imsi> all = new ArrayList<>(meterSims);
    all.add(tracker);
    all.add(vehicle);
    for (Imsi imsi : all) {
      this.<Verdict>ask(imsi, r -> new SimEntity.FlushUsage(end, r));
    }

    section("Final state");
    out.printf("%-16s %-16s %-11s %-12s %-16s %s%n", "IMSI", "organisation", "status", "IMEI lock", "bound IMEI",
        "data this month");
    for (Imsi imsi : all) {
      SimState s = ask(imsi, SimEntity.GetState::new);
      out.printf("%-16s %-16s %-11s %-12s %-16s %d bytes%n", imsi, s.organisation(), s.status(),
          s.imeiLock().mode(), s.imeiLock().imei() == null ? "-" : s.imeiLock().imei(), s.data().used());
    }
    out.println();
    out.println("Every decision above is a journaled event with its reason, chained by SHA-256 for tamper evidence.");
  }

  private void section(String title) {
    out.println();
    out.println("== " + title);
  }

  private void operator(Instant at, Imsi imsi, String what, Function<ActorRef<CommandResult>, SimEntity.Command> cmd) {
    CommandResult r = ask(imsi, cmd);
    print(at, imsi, what, r.accepted() ? "ACCEPTED -> " + r.state().status() : "REFUSED: " + r.error());
  }

  private void network(Instant at, Imsi imsi, String what, Function<ActorRef<Verdict>, SimEntity.Command> cmd) {
    print(at, imsi, what, verdict(ask(imsi, cmd)));
  }

  private void print(Instant at, Imsi imsi, String what, String decision) {
    out.printf("%s  %s  %-52s %s%n", at.toString().substring(11, 19), imsi, what, decision);
    out.flush();
  }

  private static String verdict(Verdict v) {
    if (!v.accepted()) {
      return "REJECTED: " + v.detail();
    }
    if (v.blockedFlows() > 0) {
      return "ACCEPTED, " + v.allowedFlows() + " flow(s) carried, " + v.blockedFlows() + " blocked by the firewall";
    }
    return v.dataAllowed() ? "ACCEPTED" : "ACCEPTED (data refused)";
  }

  private <R> R ask(Imsi imsi, Function<ActorRef<R>, SimEntity.Command> command) {
    return fleet.<R>ask(imsi.value(), command).toCompletableFuture().join();
  }

  private static Iccid iccid(int n) {
    String body = String.format("893301%012d", n);
    return Iccid.of(body + Luhn.checkDigit(body));
  }

  private static ConnectivityProfile meterProfile() {
    return new ConnectivityProfile("smart-meter", EnumSet.of(Service.DATA), EnumSet.of(Rat.NB_IOT, Rat.LTE_M),
        PlmnPolicy.homeOnly(HOME), Set.of(METER_APN), PrivateNetwork.NONE,
        new Quota(50_000_000, 80, QuotaAction.BLOCK, QuotaPeriod.MONTH), null, EncryptionPolicy.BLOCK,
        List.of(new FirewallRule("headend-https", 10, RuleAction.ALLOW, Direction.BOTH, Protocol.TCP,
            Cidr.of("198.51.100.0/24"), PortRange.single(443))),
        RuleAction.DENY, Map.of());
  }

  private static ConnectivityProfile eCallProfile() {
    return new ConnectivityProfile("vehicle-ecall", EnumSet.of(Service.DATA, Service.VOICE), EnumSet.of(Rat.LTE),
        PlmnPolicy.homeOnly(HOME), Set.of(TELEMATICS_APN), PrivateNetwork.NONE, null, null, EncryptionPolicy.BLOCK,
        List.of(), RuleAction.DENY, Map.of(), EnumSet.of(CallDestination.EMERGENCY, CallDestination.DOMESTIC));
  }

  private static ConnectivityProfile trackerProfile() {
    return new ConnectivityProfile("asset-tracker", EnumSet.of(Service.DATA, Service.SMS_MO),
        EnumSet.of(Rat.LTE_M, Rat.NB_IOT), new PlmnPolicy(false, HOME, Set.of(Plmn.of("26201"))),
        Set.of(Apn.of("iot.acme")), PrivateNetwork.NONE, null, null, EncryptionPolicy.ALERT, List.of(),
        RuleAction.ALLOW, Map.of());
  }
}
