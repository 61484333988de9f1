package io.simwarden.sim.archetype;

import io.simwarden.core.firewall.FirewallRule;
import io.simwarden.core.firewall.RuleAction;
import io.simwarden.core.id.Apn;
import io.simwarden.core.id.Cidr;
import io.simwarden.core.id.Plmn;
import io.simwarden.core.id.PortRange;
import io.simwarden.core.policy.ConnectivityProfile;
import io.simwarden.core.policy.EncryptionPolicy;
import io.simwarden.core.policy.FormFactor;
import io.simwarden.core.policy.ImeiLock;
import io.simwarden.core.policy.PlmnPolicy;
import io.simwarden.core.policy.PrivateNetwork;
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
 * Logistics tracker on pallets and containers, LTE-M (80 %) or NB-IoT, soldered eSIM. It publishes
 * position and sensor data over MQTT/TLS (port 8883, ~450 B a message) to the IoT platform: every
 * 15 minutes while in transit (06:00–20:00 on transit days: 65 % of weekdays, 25 % of weekend days),
 * hourly otherwise. In transit it crosses borders (about one in six transit days) and re-attaches on
 * the neighbouring partner network; roaming is limited to the European partners on its allowlist.
 * SMS-MO is allowed as a fallback channel but not normally used.
 */
final class AssetTracker extends DeviceModel {

  static final int BROKER = Networks.ip("203.0.113.20");
  private static final Rat[] RATS = {Rat.LTE_M, Rat.NB_IOT};
  private static final String[] TACS = {"35347210", "86810305"};
  private static final Apn APN = Apn.of("iot.acme");
  private static final Set<Plmn> ROAMING =
      Networks.plmns(Networks.BE, Networks.NL, Networks.DE, Networks.ES, Networks.IT);
  private static final long TRANSIT_DAY = 1;
  /** Chance per 15-minute transit report of crossing into the next country. */
  private static final double BORDER_CROSSING = 0.003;

  private static final ConnectivityProfile PROFILE = new ConnectivityProfile("asset-tracker",
      EnumSet.of(Service.DATA, Service.SMS_MO), EnumSet.of(Rat.LTE_M, Rat.NB_IOT),
      new PlmnPolicy(false, Networks.home(), ROAMING), Set.of(APN), PrivateNetwork.NONE, null, null,
      EncryptionPolicy.ALERT,
      List.of(new FirewallRule("iot-platform-mqtt", 10, RuleAction.ALLOW, Direction.UPLINK, Protocol.TCP,
          Cidr.of("203.0.113.16/28"), PortRange.single(8883))),
      RuleAction.DENY, Map.of());

  AssetTracker() {
    super("acme-logistics", APN, FormFactor.EMBEDDED, PROFILE, ImeiLock.firstSeen(ImeiLock.MismatchAction.REJECT_ATTACH, false),
        "TRK-3.8.0", TACS, RATS, 0.8, 0.2);
  }

  @Override
  public void step(DeviceStep s, StepPlan plan) {
    int hour = s.hour();
    boolean transitDay = s.day(TRANSIT_DAY).chance(s.weekend() ? 0.25 : 0.65);
    boolean moving = transitDay && hour >= 6 && hour < 20;
    int reports = s.occurrences(moving ? 15 * VirtualClock.MINUTE : VirtualClock.HOUR);
    if (reports == 0) {
      return;
    }
    Rng rng = s.rng();
    if (moving && rng.chance(BORDER_CROSSING * reports)) {
      int next = Networks.neighbour(s.network(), ROAMING, rng);
      if (next != s.network()) {
        s.moveTo(next, s.stepStart() + rng.nextLong(s.interval() / 2), plan);
      }
    }
    long bytes = 0;
    for (int i = 0; i < reports; i++) {
      bytes += Math.round(rng.logNormal(450, 0.25));
    }
    plan.normalFlow(BROKER, Protocol.TCP, 8883, Direction.UPLINK, bytes, packets(bytes, 90), true);
  }
}
