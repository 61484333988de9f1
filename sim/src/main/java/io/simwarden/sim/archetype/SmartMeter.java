package io.simwarden.sim.archetype;

import io.simwarden.core.detect.AnomalyKind;
import io.simwarden.core.detect.Response;
import io.simwarden.core.firewall.FirewallRule;
import io.simwarden.core.firewall.RuleAction;
import io.simwarden.core.id.Apn;
import io.simwarden.core.id.Cidr;
import io.simwarden.core.id.PortRange;
import io.simwarden.core.policy.ConnectivityProfile;
import io.simwarden.core.policy.EncryptionPolicy;
import io.simwarden.core.policy.FormFactor;
import io.simwarden.core.policy.ImeiLock;
import io.simwarden.core.policy.PlmnPolicy;
import io.simwarden.core.policy.PrivateNetwork;
import io.simwarden.core.policy.Quota;
import io.simwarden.core.policy.QuotaAction;
import io.simwarden.core.policy.QuotaPeriod;
import io.simwarden.core.policy.Rat;
import io.simwarden.core.policy.Service;
import io.simwarden.core.traffic.Direction;
import io.simwarden.core.traffic.Protocol;
import io.simwarden.sim.clock.VirtualClock;
import io.simwarden.sim.random.Rng;
import io.simwarden.sim.traffic.StepPlan;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Electricity smart meter (AMI) on NB-IoT or LTE-M, fixed in place, in PSM: stays registered and wakes
 * once an hour. It pushes its hourly register reading (DLMS/COSEM over TLS, IANA port 4059, ~1.4 kB)
 * to the utility's head-end system, uploads the daily 15-minute load profile (~24 kB) once a night
 * between 01:00 and 02:00, and syncs its clock by NTP every 6 hours. All of it stays inside the
 * utility's private network (10.20.0.0/16, no internet breakout); the firewall denies everything else.
 * The volume is flat over the day: meters read the grid, not people. Removable industrial SIM, so it
 * can be stolen (the South-African traffic-light and meter SIM thefts).
 */
final class SmartMeter extends DeviceModel {

  static final int HEAD_END = Networks.ip("10.20.1.10");
  static final int NTP = Networks.ip("10.20.0.123");
  private static final Rat[] RATS = {Rat.NB_IOT, Rat.LTE_M};
  private static final String[] TACS = {"86475204", "35806711"};
  private static final Apn APN = Apn.of("meters.acme");

  private static final ConnectivityProfile PROFILE = new ConnectivityProfile("smart-meter",
      EnumSet.of(Service.DATA), EnumSet.of(Rat.NB_IOT, Rat.LTE_M), PlmnPolicy.homeOnly(Networks.home()), Set.of(APN),
      new PrivateNetwork(true, List.of(Cidr.of("10.20.0.0/16")), false),
      new Quota(20_000_000, 80, QuotaAction.BLOCK, QuotaPeriod.MONTH), null, EncryptionPolicy.BLOCK,
      List.of(new FirewallRule("utility-private-network", 10, RuleAction.ALLOW, Direction.BOTH, Protocol.ANY,
          Cidr.of("10.20.0.0/16"), PortRange.ANY)),
      RuleAction.DENY, Map.of(AnomalyKind.IMEI_CHANGE, Response.SUSPEND));

  SmartMeter() {
    super("acme-utilities", APN, FormFactor.REMOVABLE, PROFILE, ImeiLock.firstSeen(ImeiLock.MismatchAction.REJECT_ATTACH, false),
        "MTR-5.2.1", TACS, RATS, 0.7, 0.3);
  }

  @Override
  public void step(DeviceStep s, StepPlan plan) {
    int readings = s.occurrences(VirtualClock.HOUR);
    if (readings == 0) {
      return;
    }
    Rng rng = s.rng();
    long bytes = 0;
    for (int i = 0; i < readings; i++) {
      bytes += Math.round(rng.logNormal(1_400, 0.2));
    }
    int hour = s.hour();
    if (hour == 1) {
      bytes += Math.round(rng.logNormal(24_000, 0.15));
    }
    plan.normalFlow(HEAD_END, Protocol.TCP, 4059, Direction.UPLINK, bytes, packets(bytes, 200), true);
    if (hour % 6 == 0) {
      plan.normalFlow(NTP, Protocol.UDP, 123, Direction.UPLINK, 96, 2, false);
    }
  }
}
