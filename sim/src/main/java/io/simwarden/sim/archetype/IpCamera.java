package io.simwarden.sim.archetype;

import io.simwarden.core.detect.AnomalyKind;
import io.simwarden.core.detect.Response;
import io.simwarden.core.id.Apn;
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
import io.simwarden.core.firewall.RuleAction;
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
 * Cellular IP camera (LTE Cat-4, removable SIM) watching a remote site, streaming to a cloud video
 * management system over TLS (port 443): ~384 kbit/s by day, ~48 kbit/s at night in infrared with
 * little motion (8×), with hourly status calls and motion events to the VMS API and hourly NTP. The
 * classic Mirai victim: the integrator left the network firewall open (default ALLOW, no encryption
 * policy), and 40 % of the devices run the "hi3518" firmware with a hard-coded telnet password, which
 * the fleet policy lists as vulnerable.
 */
final class IpCamera extends DeviceModel {

  static final int VMS_INGEST = Networks.ip("198.51.100.40");
  static final int VMS_API = Networks.ip("198.51.100.41");
  static final int NTP = Networks.ip("198.51.100.123");
  static final String VULNERABLE_FIRMWARE = "hi3518-v2.0.3";
  private static final Rat[] RATS = {Rat.LTE};
  private static final String[] TACS = {"86234003", "35941208"};
  private static final Apn APN = Apn.of("video.acme");
  /** Stream bit rate by hour of day, kbit/s. */
  private static final int[] KBPS = {48, 48, 48, 48, 48, 48, 160, 160, 384, 384, 384, 384, 384, 384, 384, 384, 384,
      384, 384, 192, 192, 192, 48, 48};

  private static final ConnectivityProfile PROFILE = new ConnectivityProfile("ip-camera", EnumSet.of(Service.DATA),
      EnumSet.of(Rat.LTE), PlmnPolicy.homeOnly(Networks.home()), Set.of(APN), PrivateNetwork.NONE,
      new Quota(200_000_000_000L, 80, QuotaAction.THROTTLE, QuotaPeriod.MONTH), null, EncryptionPolicy.ALLOW,
      List.of(), RuleAction.ALLOW,
      Map.of(AnomalyKind.DDOS_SOURCE, Response.QUARANTINE, AnomalyKind.PORT_SCAN, Response.QUARANTINE));

  IpCamera() {
    super("acme-security", APN, FormFactor.REMOVABLE, PROFILE, ImeiLock.firstSeen(ImeiLock.MismatchAction.REJECT_DATA, false),
        "4.1.2", TACS, RATS, 1.0);
  }

  /** Variant 1 runs the vulnerable firmware. */
  @Override
  public int pickVariant(Rng rng) {
    return rng.chance(0.4) ? 1 : 0;
  }

  @Override
  public String firmware(int variant) {
    return variant == 1 ? VULNERABLE_FIRMWARE : "4.1.2";
  }

  @Override
  public Set<String> vulnerableFirmware() {
    return Set.of(VULNERABLE_FIRMWARE);
  }

  @Override
  public boolean telnetVulnerable(int variant) {
    return variant == 1;
  }

  @Override
  public void step(DeviceStep s, StepPlan plan) {
    Rng rng = s.rng();
    int hour = s.hour();
    long video = Math.round(KBPS[hour] * 125.0 * (s.interval() / 1000.0) * rng.logNormal(1, 0.3));
    plan.normalFlow(VMS_INGEST, Protocol.TCP, 443, Direction.UPLINK, video, packets(video, 1_300), true);
    boolean day = hour >= 7 && hour < 20;
    int calls = s.occurrences(VirtualClock.HOUR) + rng.poisson((day ? 3.0 : 0.5) * s.hours());
    if (calls > 0) {
      long api = 0;
      for (int i = 0; i < calls; i++) {
        api += Math.round(rng.logNormal(2_500, 0.2));
      }
      plan.normalFlow(VMS_API, Protocol.TCP, 443, Direction.UPLINK, api, packets(api, 500), true);
    }
    if (s.occurrences(VirtualClock.HOUR) > 0) {
      plan.normalFlow(NTP, Protocol.UDP, 123, Direction.UPLINK, 96, 2, false);
    }
  }
}
