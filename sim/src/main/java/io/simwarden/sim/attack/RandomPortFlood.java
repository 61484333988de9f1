package io.simwarden.sim.attack;

import io.simwarden.core.traffic.Direction;
import io.simwarden.core.traffic.Protocol;
import io.simwarden.sim.random.Rng;
import io.simwarden.sim.traffic.FlowPopulation;
import io.simwarden.sim.traffic.FlowTable;

/**
 * A flood whose destination port is random per packet (Mirai's UDP, SYN and ACK floods): the packets
 * spread over up to 65,535 distinct flows to one target, each with its share of the packets.
 */
final class RandomPortFlood implements FlowPopulation {

  private final int target;
  private final Protocol protocol;
  private final long packets;
  private final int packetBytes;

  RandomPortFlood(int target, Protocol protocol, long packets, int packetBytes) {
    this.target = target;
    this.protocol = protocol;
    this.packets = packets;
    this.packetBytes = packetBytes;
  }

  @Override
  public long distinctFlows() {
    return Math.min(packets, 65_535);
  }

  @Override
  public long totalBytes() {
    return packets * packetBytes;
  }

  @Override
  public void draw(int k, Rng rng, FlowTable into) {
    long perFlow = Math.max(1, packets / distinctFlows());
    for (int i = 0; i < k; i++) {
      into.add(target, protocol, 1 + rng.nextInt(65_535), Direction.UPLINK, perFlow * packetBytes, perFlow, false);
    }
  }
}
