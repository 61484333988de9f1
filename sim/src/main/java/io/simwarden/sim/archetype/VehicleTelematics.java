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
 * Telematics control unit of a car, delivery van or cross-border truck (LTE Cat-1 or LTE-M, embedded
 * eSIM). While the ignition is on it streams GNSS and CAN-bus telemetry to the OEM backend over
 * MQTT/TLS (~1.8 kB per 5 minutes) plus a configuration sync at each ignition; parked, the unit sleeps
 * and sends an hourly status (~2.5 kB: battery voltage, position, alarms). Cars drive a morning and an
 * evening commute and sometimes at lunch, vans a working day, trucks 06:00–20:00 and cross borders;
 * weekends are quieter. Services include SMS (remote wake-up) and voice: eCall to emergency services, and
 * calls to the assistance line or, from trucks, to the dispatcher at a foreign depot (a call every few weeks
 * per car, a few a week per truck); premium-rate and IRSF ranges are barred, and the response to voice fraud
 * is QUARANTINE, which leaves the eCall line and the OEM backend working.
 */
final class VehicleTelematics extends DeviceModel {

  static final int BACKEND = Networks.ip("192.0.2.20");
  private static final Rat[] RATS = {Rat.LTE, Rat.LTE_M};
  private static final String[] TACS = {"35412611", "86739204"};
  private static final Apn APN = Apn.of("telematics.acme");
  private static final Set<Plmn> ROAMING =
      Networks.plmns(Networks.BE, Networks.NL, Networks.DE, Networks.ES, Networks.IT, Networks.CH);
  static final int CAR = 0;
  static final int VAN = 1;
  static final int TRUCK = 2;
  private static final long TRIPS = 1;
  private static final long CALLS = 3;
  private static final CallHabit DRIVER_CALLS = new CallHabit(0.05, 150, 0, CallDestination.DOMESTIC, 0.02, 7, 21);
  private static final CallHabit DISPATCH_CALLS = new CallHabit(0.3, 120, 0.4, CallDestination.INTERNATIONAL, 0.01, 6,
      20);
  private static final int MAX_TRIPS = 3;

  private static final ConnectivityProfile PROFILE = new ConnectivityProfile("vehicle-telematics",
      EnumSet.of(Service.DATA, Service.SMS_MO, Service.SMS_MT, Service.VOICE), EnumSet.of(Rat.LTE, Rat.LTE_M),
      new PlmnPolicy(false, Networks.home(), ROAMING), Set.of(APN), PrivateNetwork.NONE, null, null,
      EncryptionPolicy.BLOCK,
      List.of(new FirewallRule("oem-backend", 10, RuleAction.ALLOW, Direction.UPLINK, Protocol.TCP,
          Cidr.of("192.0.2.16/28"), PortRange.single(8883))),
      RuleAction.DENY, Map.of(AnomalyKind.VOICE_FRAUD, Response.QUARANTINE),
      EnumSet.of(CallDestination.EMERGENCY, CallDestination.DOMESTIC, CallDestination.INTERNATIONAL));

  VehicleTelematics() {
    super("acme-fleet", APN, FormFactor.EMBEDDED, PROFILE, ImeiLock.firstSeen(ImeiLock.MismatchAction.REJECT_DATA, false),
        "TCU-11.4.2", TACS, RATS, 0.75, 0.25);
  }

  @Override
  public int pickVariant(Rng rng) {
    double v = rng.nextDouble();
    return v < 0.6 ? CAR : v < 0.9 ? VAN : TRUCK;
  }

  @Override
  public void step(DeviceStep s, StepPlan plan) {
    long[] trips = new long[MAX_TRIPS * 2];
    int n = trips(s, trips);
    boolean driving = false;
    boolean ignition = false;
    for (int i = 0; i < n; i++) {
      long start = trips[2 * i];
      long end = trips[2 * i + 1];
      if (start < s.stepEnd() && end > s.stepStart()) {
        driving = true;
        ignition |= s.contains(start);
      }
    }
    Rng rng = s.rng();
    long bytes = 0;
    if (driving) {
      bytes = Math.round(rng.logNormal(1_800, 0.3) * s.interval() / (5.0 * VirtualClock.MINUTE));
      if (ignition) {
        bytes += Math.round(rng.logNormal(3_000, 0.2));
      }
      if (s.variant() == TRUCK && rng.chance(0.05 * s.hours())) {
        int next = Networks.neighbour(s.network(), ROAMING, rng);
        if (next != s.network()) {
          s.moveTo(next, s.stepStart() + rng.nextLong(s.interval() / 2), plan);
        }
      }
    } else {
      int statuses = s.occurrences(VirtualClock.HOUR);
      for (int i = 0; i < statuses; i++) {
        bytes += Math.round(rng.logNormal(2_500, 0.2));
      }
    }
    if (bytes > 0) {
      plan.normalFlow(BACKEND, Protocol.TCP, 8883, Direction.UPLINK, bytes, packets(bytes, 400), true);
    }
    (s.variant() == TRUCK ? DISPATCH_CALLS : DRIVER_CALLS).step(s, plan, CALLS);
  }

  /** The day's trips as (start, end) epoch-millisecond pairs in {@code out}; returns how many. */
  private static int trips(DeviceStep s, long[] out) {
    Rng r = s.day(TRIPS);
    long day = s.dayStart();
    long min = VirtualClock.MINUTE;
    int n = 0;
    switch (s.variant()) {
      case VAN -> {
        if (!s.weekend() || (s.dayOfWeek() == 6 && r.chance(0.2))) {
          long start = clamp(480 + 30 * r.gaussian(), 360, 600);
          long end = s.weekend() ? start + 300 : clamp(1020 + 45 * r.gaussian(), 900, 1200);
          n = put(out, n, day + start * min, day + end * min);
        }
      }
      case TRUCK -> {
        if (!s.weekend()) {
          n = put(out, n, day + clamp(360 + 20 * r.gaussian(), 300, 420) * min,
              day + clamp(1200 + 30 * r.gaussian(), 1080, 1320) * min);
        }
      }
      default -> {
        if (s.weekend()) {
          int count = r.chance(0.5) ? 2 : 1;
          for (int i = 0; i < count; i++) {
            long start = 540 + r.nextInt(600);
            n = put(out, n, day + start * min, day + (start + 20 + r.nextInt(70)) * min);
          }
        } else {
          long morning = clamp(465 + 40 * r.gaussian(), 330, 600);
          n = put(out, n, day + morning * min, day + (morning + 20 + r.nextInt(40)) * min);
          if (r.chance(0.4)) {
            long lunch = 690 + r.nextInt(150);
            n = put(out, n, day + lunch * min, day + (lunch + 10 + r.nextInt(30)) * min);
          }
          long evening = clamp(1065 + 60 * r.gaussian(), 900, 1260);
          n = put(out, n, day + evening * min, day + (evening + 20 + r.nextInt(50)) * min);
        }
      }
    }
    return n;
  }

  private static long clamp(double minutes, long lo, long hi) {
    return Math.max(lo, Math.min(hi, Math.round(minutes)));
  }

  private static int put(long[] out, int n, long start, long end) {
    out[2 * n] = start;
    out[2 * n + 1] = end;
    return n + 1;
  }
}
