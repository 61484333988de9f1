package io.simwarden.sim.attack;

import io.simwarden.core.traffic.Direction;
import io.simwarden.core.traffic.Protocol;
import io.simwarden.sim.archetype.DeviceStep;
import io.simwarden.sim.archetype.FleetLayout;
import io.simwarden.sim.clock.VirtualClock;
import io.simwarden.sim.random.Rng;
import io.simwarden.sim.traffic.AttachRequest;
import io.simwarden.sim.traffic.StepPlan;

/**
 * A SIM taken out of its device and put into a thief's phone (another IMEI and model, LTE, the SIM's APN
 * copied from the device, at home or abroad). From the theft on the original device is silent. The
 * phone attaches at once and, while refused, retries every 15 minutes (3GPP T3402 is 12 minutes); once
 * it has data it browses (HTTPS, QUIC, some plain HTTP, DNS) to a few dozen destinations at the
 * configured rate, busiest in the evening, and sends SMS; with data refused it only sends SMS.
 */
final class StolenSim extends Compromise {

  static final long RETRY = 15 * VirtualClock.MINUTE;
  /** 8.8.8.8: the phone's DNS resolver. */
  private static final int DNS = 0x08080808;
  /** Share of the thief's daily use in each hour (people sleep). */
  private static final double[] ACTIVITY = {0.6, 0.3, 0.1, 0.05, 0.05, 0.1, 0.3, 0.6, 0.8, 0.9, 1, 1, 1, 1, 1, 1,
      1, 1, 1, 1, 1, 1, 1, 0.9};

  private final AttachRequest phone;
  private final int[] destinations;
  private final long bytesPerHour;
  private final double smsPerHour;
  private boolean inserted;
  private long nextAttempt;

  StolenSim(int sim, String attack, long start, long end, AttachRequest phone, int[] destinations, long bytesPerHour,
      double smsPerHour) {
    super(sim, attack, start, end);
    this.phone = phone;
    this.destinations = destinations;
    this.bytesPerHour = bytesPerHour;
    this.smsPerHour = smsPerHour;
  }

  @Override
  public long[] saveState() {
    return new long[] {inserted ? 1 : 0, nextAttempt};
  }

  @Override
  public void restoreState(long[] state) {
    inserted = state[0] != 0;
    nextAttempt = state[1];
  }

  @Override
  public AttackKind kind() {
    return AttackKind.SIM_THEFT;
  }

  @Override
  public boolean silencesDevice(DeviceStep s) {
    return s.stepEnd() > start;
  }

  @Override
  public void step(DeviceStep s, StepPlan plan) {
    if (!inserted) {
      inserted = true;
      plan.attach(from(s), phone);
      nextAttempt = from(s) + RETRY;
      return;
    }
    FleetLayout fleet = s.fleet();
    if (!fleet.attached(sim)) {
      if (nextAttempt < s.stepEnd()) {
        long at = Math.max(nextAttempt, s.stepStart());
        plan.attach(at, phone);
        nextAttempt = at + RETRY;
      }
      return;
    }
    Rng rng = s.rng();
    double hours = overlap(s) / (double) VirtualClock.HOUR;
    double activity = ACTIVITY[s.hour()];
    if (fleet.dataAllowed(sim)) {
      browse(plan, rng, bytesPerHour * hours * activity);
    }
    int sms = rng.poisson(smsPerHour * hours * activity);
    for (int i = 0; i < sms; i++) {
      plan.smsMo(from(s) + rng.nextLong(overlap(s)));
    }
  }

  private void browse(StepPlan plan, Rng rng, double bytes) {
    if (bytes < 1) {
      return;
    }
    int sites = Math.min(destinations.length, 2 + rng.poisson(4));
    for (int i = 0; i < sites; i++) {
      int ip = destinations[rng.nextInt(destinations.length)];
      long b = Math.max(200, Math.round(bytes / sites * rng.logNormal(1, 0.6)));
      double kind = rng.nextDouble();
      if (kind < 0.7) {
        plan.attackFlow(ip, Protocol.TCP, 443, Direction.UPLINK, b, b / 1_200 + 1, true);
      } else if (kind < 0.9) {
        plan.attackFlow(ip, Protocol.UDP, 443, Direction.UPLINK, b, b / 1_200 + 1, true);
      } else {
        plan.attackFlow(ip, Protocol.TCP, 80, Direction.UPLINK, b, b / 1_200 + 1, false);
      }
    }
    plan.attackFlow(DNS, Protocol.UDP, 53, Direction.UPLINK, 80L * sites, 2L * sites, false);
  }
}
