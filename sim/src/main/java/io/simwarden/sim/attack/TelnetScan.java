package io.simwarden.sim.attack;

import io.simwarden.core.traffic.Direction;
import io.simwarden.core.traffic.Protocol;
import io.simwarden.sim.random.Rng;
import io.simwarden.sim.traffic.FlowPopulation;
import io.simwarden.sim.traffic.FlowTable;

/**
 * One interval of a Mirai-family scanner: SYN probes (40 bytes, no TCP options) to random IPv4 addresses, each
 * on the port of a {@link ScanVector} drawn by its weight (Mirai's own: telnet only, TCP 23, and 2323 for one
 * probe in ten); about 0.4 % of addresses answer (a Shodan-era estimate for telnet) and get a brute-force session
 * of up to ten user/password pairs from Mirai's table of 62 (~2.5 kB), or the vector's exploit request.
 */
final class TelnetScan implements FlowPopulation {

  static final double OPEN_TELNET = 0.004;
  private static final int PROBE_BYTES = 40;

  private final long probes;
  private final double share2323;
  /** Cumulative weights of the vectors, per {@link ScanVector} ordinal. */
  private final double[] cumulative;

  TelnetScan(long probes, double share2323, double[] cumulative) {
    this.probes = probes;
    this.share2323 = share2323;
    this.cumulative = cumulative;
  }

  @Override
  public long distinctFlows() {
    return probes;
  }

  @Override
  public long totalBytes() {
    return Math.round(probes * (PROBE_BYTES + OPEN_TELNET * ScanVector.TELNET.sessionBytes()));
  }

  /** The vector a draw {@code u} in [0, 1) picks from cumulative weights. */
  static ScanVector vector(double[] cumulative, double u) {
    ScanVector[] all = ScanVector.values();
    for (int i = 0; i < all.length; i++) {
      if (u < cumulative[i]) {
        return all[i];
      }
    }
    for (int i = all.length - 1; i > 0; i--) {
      if (cumulative[i] > cumulative[i - 1]) {
        return all[i];
      }
    }
    return ScanVector.TELNET;
  }

  @Override
  public void draw(int k, Rng rng, FlowTable into) {
    for (int i = 0; i < k; i++) {
      boolean telnetOnly = cumulative[0] >= 1;
      ScanVector v = telnetOnly ? ScanVector.TELNET : vector(cumulative, rng.nextDouble());
      int port = telnetOnly ? (rng.chance(share2323) ? 2323 : 23) : v.port(rng.nextDouble(), share2323);
      int ip = Ipv4Space.randomPublic(rng);
      if (rng.chance(OPEN_TELNET)) {
        long bytes = Math.round(rng.logNormal(v.sessionBytes(), 0.4));
        into.add(ip, Protocol.TCP, port, Direction.UPLINK, bytes, Math.max(10, bytes / 60), false);
      } else {
        into.add(ip, Protocol.TCP, port, Direction.UPLINK, PROBE_BYTES, 1, false);
      }
    }
  }
}
