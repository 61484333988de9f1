package io.simwarden.sim.attack;

import io.simwarden.core.policy.Rat;
import io.simwarden.sim.random.Rng;
import io.simwarden.sim.scenario.AttackSpec;
import java.util.List;

/**
 * What every bot of one Mirai attack shares: the operator's servers (C&C on TCP 23, the scan report
 * server on TCP 48101, the loader's HTTP server) and the DDoS order, placed in simulated time.
 */
final class MiraiCampaign {

  final AttackSpec.Mirai spec;
  final int cnc;
  final int reportServer;
  final int loader;
  final long ddosStart;
  final long ddosEnd;
  final int ddosTarget;
  final List<FloodVector> vectors;
  /** Cumulative weights of the scan vectors, per {@link ScanVector} ordinal. */
  final double[] scanWeights;

  MiraiCampaign(AttackSpec.Mirai spec, long runStart, Rng rng) {
    this.spec = spec;
    this.scanWeights = new double[ScanVector.values().length];
    double sum = 0;
    for (ScanVector v : ScanVector.values()) {
      sum += spec.vectors().getOrDefault(v, 0.0);
      scanWeights[v.ordinal()] = sum;
    }
    this.cnc = Ipv4Space.randomPublic(rng);
    this.reportServer = Ipv4Space.randomPublic(rng);
    this.loader = Ipv4Space.randomPublic(rng);
    AttackSpec.Ddos d = spec.ddos();
    if (d == null) {
      ddosStart = ddosEnd = Long.MAX_VALUE;
      ddosTarget = 0;
      vectors = List.of();
    } else {
      ddosStart = runStart + d.start().toMillis();
      ddosEnd = ddosStart + d.duration().toMillis();
      ddosTarget = d.target() != 0 ? d.target() : Ipv4Space.randomPublic(rng);
      vectors = d.vectors();
    }
  }

  /** Whether the bots scan and infect through telnet only, as Mirai itself did. */
  boolean telnetOnly() {
    return scanWeights[0] >= 1;
  }

  /** The vector ordered at {@code at}: the vectors take turns in equal slices of the DDoS window. */
  FloodVector vectorAt(long at) {
    long slice = Math.max(1, (ddosEnd - ddosStart) / vectors.size());
    return vectors.get((int) Math.min(vectors.size() - 1, (at - ddosStart) / slice));
  }

  long sliceEnd(long at) {
    long slice = Math.max(1, (ddosEnd - ddosStart) / vectors.size());
    long index = Math.min(vectors.size() - 1, (at - ddosStart) / slice);
    return index == vectors.size() - 1 ? ddosEnd : ddosStart + (index + 1) * slice;
  }

  /** Uplink capacity of a radio in bit/s: a bot cannot flood faster than its modem sends. */
  static double uplinkBitsPerSecond(Rat rat) {
    return switch (rat) {
      case NB_IOT -> 60e3;
      case LTE_M -> 375e3;
      case GSM -> 85.6e3;
      case UMTS -> 384e3;
      case LTE -> 5e6;
      case NR -> 50e6;
    };
  }
}
