package io.simwarden.sim.archetype;

import io.simwarden.core.detect.AnomalyKind;
import io.simwarden.core.detect.Response;
import io.simwarden.core.firewall.FirewallRule;
import io.simwarden.core.firewall.RuleAction;
import io.simwarden.core.id.Apn;
import io.simwarden.core.id.Cidr;
import io.simwarden.core.id.Plmn;
import io.simwarden.core.id.PortRange;
import io.simwarden.core.policy.CallDestination;
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
 * Remote patient monitoring wearable (vital signs and ECG patch, LTE-M, embedded eSIM). It syncs with
 * the health cloud over HTTPS every 15 minutes (~3 kB by day, ~1.4 kB of sleep data at night) and
 * uploads an ECG strip (~20 kB) when it detects an episode (about one every 20 hours). The patient takes
 * it off for an hour to charge every evening (detached). It travels with the patient: about 1 % of
 * days start a trip to Spain, Italy or Germany, and a traveller goes home with a chance of 25 % a day.
 * Health data: TLS only, and the firewall admits the health cloud only. Its SOS button calls the caregiver
 * line (a home-country number) or emergency services, about once a week; no other number can be called, and
 * the response to voice fraud is QUARANTINE, which leaves the emergency line and the health cloud working.
 */
final class MedicalWearable extends DeviceModel {

  static final int HEALTH_CLOUD = Networks.ip("203.0.113.70");
  private static final Rat[] RATS = {Rat.LTE_M};
  private static final String[] TACS = {"35299311"};
  private static final Apn APN = Apn.of("health.acme");
  private static final int[] TRAVEL = {Networks.ES, Networks.IT, Networks.DE};
  private static final Set<Plmn> ROAMING = Networks.plmns(TRAVEL);
  private static final long CHARGING = 1;
  private static final long TRIP = 2;
  private static final long CALLS = 3;
  private static final CallHabit SOS_CALLS = new CallHabit(0.15, 180, 0, CallDestination.DOMESTIC, 0.05, 8, 21);

  private static final ConnectivityProfile PROFILE = new ConnectivityProfile("medical-wearable",
      EnumSet.of(Service.DATA, Service.SMS_MO, Service.VOICE), EnumSet.of(Rat.LTE_M),
      new PlmnPolicy(false, Networks.home(), ROAMING), Set.of(APN), PrivateNetwork.NONE, null, null,
      EncryptionPolicy.BLOCK,
      List.of(new FirewallRule("health-cloud", 10, RuleAction.ALLOW, Direction.UPLINK, Protocol.TCP,
          Cidr.of("203.0.113.64/28"), PortRange.single(443))),
      RuleAction.DENY, Map.of(AnomalyKind.VOICE_FRAUD, Response.QUARANTINE),
      EnumSet.of(CallDestination.EMERGENCY, CallDestination.DOMESTIC));

  MedicalWearable() {
    super("acme-health", APN, FormFactor.EMBEDDED, PROFILE, ImeiLock.firstSeen(ImeiLock.MismatchAction.REJECT_ATTACH, false),
        "RPM-2.6.0", TACS, RATS, 1.0);
  }

  /** The evening hour (19–22) at which the patient charges the device. */
  @Override
  public int pickVariant(Rng rng) {
    return 19 + rng.nextInt(4);
  }

  @Override
  public void step(DeviceStep s, StepPlan plan) {
    long chargeStart = s.dayStart() + s.variant() * VirtualClock.HOUR
        + Math.round(s.day(CHARGING).nextDouble() * 30 * VirtualClock.MINUTE);
    long chargeEnd = chargeStart + VirtualClock.HOUR;
    if (s.contains(chargeStart)) {
      plan.detach(chargeStart);
      return;
    }
    if (s.stepStart() > chargeStart && s.stepStart() < chargeEnd) {
      return;
    }
    Rng rng = s.rng();
    if (s.contains(s.dayStart() + 8 * VirtualClock.HOUR)) {
      travel(s, plan, rng);
    }
    int syncs = s.occurrences(15 * VirtualClock.MINUTE);
    int hour = s.hour();
    boolean day = hour >= 7 && hour < 22;
    long bytes = 0;
    for (int i = 0; i < syncs; i++) {
      bytes += Math.round(rng.logNormal(day ? 3_000 : 1_400, 0.25));
    }
    if (rng.chance(0.05 * s.hours())) {
      bytes += Math.round(rng.logNormal(20_000, 0.2));
    }
    if (bytes > 0) {
      plan.normalFlow(HEALTH_CLOUD, Protocol.TCP, 443, Direction.UPLINK, bytes, packets(bytes, 600), true);
    }
    SOS_CALLS.step(s, plan, CALLS);
  }

  private static void travel(DeviceStep s, StepPlan plan, Rng rng) {
    Rng trip = s.day(TRIP);
    int at = s.network();
    if (at == Networks.HOME && trip.chance(0.01)) {
      s.moveTo(TRAVEL[trip.nextInt(TRAVEL.length)], s.stepStart() + rng.nextLong(s.interval() / 2), plan);
    } else if (at != Networks.HOME && trip.chance(0.25)) {
      s.moveTo(Networks.HOME, s.stepStart() + rng.nextLong(s.interval() / 2), plan);
    }
  }
}
