package io.simwarden.sim.attack;

import io.simwarden.core.traffic.Direction;
import io.simwarden.core.traffic.Protocol;
import io.simwarden.sim.archetype.DeviceStep;
import io.simwarden.sim.clock.VirtualClock;
import io.simwarden.sim.traffic.StepPlan;

/**
 * Malware on the device uploading what it collects (video, health records, card data scraped from RAM
 * as in the Target and Home Depot breaches) to a drop server the device never talked to, in a steady
 * stream at the configured rate, alongside the device's normal traffic.
 */
final class Exfiltrator extends Compromise {

  private final int destination;
  private final int port;
  private final boolean encrypted;
  private final long bytesPerHour;

  Exfiltrator(int sim, String attack, long start, long end, int destination, int port, boolean encrypted,
      long bytesPerHour) {
    super(sim, attack, start, end);
    this.destination = destination;
    this.port = port;
    this.encrypted = encrypted;
    this.bytesPerHour = bytesPerHour;
  }

  @Override
  public AttackKind kind() {
    return AttackKind.EXFILTRATION;
  }

  @Override
  public void step(DeviceStep s, StepPlan plan) {
    long bytes = Math.round(bytesPerHour * (overlap(s) / (double) VirtualClock.HOUR) * s.rng().logNormal(1, 0.2));
    if (bytes > 0) {
      plan.attackFlow(destination, Protocol.TCP, port, Direction.UPLINK, bytes, bytes / 1_400 + 1, encrypted);
    }
  }
}
