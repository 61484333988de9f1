package io.simwarden.sim.attack;

import io.simwarden.core.traffic.Direction;
import io.simwarden.core.traffic.Protocol;
import io.simwarden.sim.archetype.DeviceStep;
import io.simwarden.sim.clock.VirtualClock;
import io.simwarden.sim.traffic.StepPlan;

/**
 * Malware on the device uploading what it collects (video, health records, card data scraped from RAM
 * as in the Target and Home Depot breaches) to a drop server the device never talked to, in a steady
 * stream at the configured rate, alongside the device's normal traffic. A stealthy one uploads a share of
 * the device's own volume, only at some hours, growing by the day, or hidden in the device's busiest own flow
 * (its usual cloud endpoint and port), where only the volume can give it away.
 */
final class Exfiltrator extends Compromise {

  private final int destination;
  private final int port;
  private final boolean encrypted;
  private final long bytesPerHour;
  private final double relativeVolume;
  private final boolean toUsual;
  private final Pace pace;

  Exfiltrator(int sim, String attack, long start, long end, int destination, int port, boolean encrypted,
      long bytesPerHour, double relativeVolume, boolean toUsual, Pace pace) {
    super(sim, attack, start, end);
    this.destination = destination;
    this.port = port;
    this.encrypted = encrypted;
    this.bytesPerHour = bytesPerHour;
    this.relativeVolume = relativeVolume;
    this.toUsual = toUsual;
    this.pace = pace;
  }

  @Override
  public AttackKind kind() {
    return AttackKind.EXFILTRATION;
  }

  @Override
  public void step(DeviceStep s, StepPlan plan) {
    double factor = pace.factor(from(s), start) * s.rng().logNormal(1, 0.2);
    double share = overlap(s) / (double) (s.stepEnd() - s.stepStart());
    long bytes = Math.round(factor * (relativeVolume > 0 ? relativeVolume * plan.normalUplinkBytes() * share
        : bytesPerHour * (overlap(s) / (double) VirtualClock.HOUR)));
    if (bytes <= 0) {
      return;
    }
    if (!toUsual) {
      plan.attackFlow(destination, Protocol.TCP, port, Direction.UPLINK, bytes, bytes / 1_400 + 1, encrypted);
    } else if (plan.busiestUplink() != 0) {
      plan.attackFlow(plan.busiestUplink(), Protocol.TCP, plan.busiestUplinkPort(), Direction.UPLINK, bytes,
          bytes / 1_400 + 1, encrypted);
    }
  }
}
