package io.simwarden.sim.attack;

import io.simwarden.core.traffic.Direction;
import io.simwarden.core.traffic.Protocol;
import io.simwarden.sim.random.Rng;
import io.simwarden.sim.traffic.FlowPopulation;
import io.simwarden.sim.traffic.FlowTable;

/**
 * One interval of Mirai's scanner: SYN probes (40 bytes, no TCP options) to random IPv4 addresses on
 * TCP 23, and on 2323 for one probe in ten; about 0.4 % of addresses answer with an open telnet port
 * (a Shodan-era estimate) and get a brute-force session of up to ten user/password pairs from Mirai's
 * table of 62 (~2.5 kB).
 */
final class TelnetScan implements FlowPopulation {

  static final double OPEN_TELNET = 0.004;
  private static final int PROBE_BYTES = 40;
  private static final int SESSION_BYTES = 2_500;

  private final long probes;
  private final double share2323;

  TelnetScan(long probes, double share2323) {
    this.probes = probes;
    this.share2323 = share2323;
  }

  @Override
  public long distinctFlows() {
    return probes;
  }

  @Override
  public long totalBytes() {
    return Math.round(probes * (PROBE_BYTES + OPEN_TELNET * SESSION_BYTES));
  }

  @Override
  public void draw(int k, Rng rng, FlowTable into) {
    for (int i = 0; i < k; i++) {
      int port = rng.chance(share2323) ? 2323 : 23;
      int ip = Ipv4Space.randomPublic(rng);
      if (rng.chance(OPEN_TELNET)) {
        long bytes = Math.round(rng.logNormal(SESSION_BYTES, 0.4));
        into.add(ip, Protocol.TCP, port, Direction.UPLINK, bytes, Math.max(10, bytes / 60), false);
      } else {
        into.add(ip, Protocol.TCP, port, Direction.UPLINK, PROBE_BYTES, 1, false);
      }
    }
  }
}
