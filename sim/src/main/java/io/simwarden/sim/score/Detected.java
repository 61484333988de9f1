package io.simwarden.sim.score;

import io.simwarden.core.detect.AnomalyKind;
import io.simwarden.core.detect.Response;
import io.simwarden.sim.archetype.Identities;

/**
 * A detection the network reported in a verdict: SIM {@code sim}'s detectors found {@code kind} at
 * simulated time {@code at} (epoch ms, the time of the command that triggered it).
 */
public record Detected(int sim, AnomalyKind kind, long at, double score, Response response)
    implements Comparable<Detected> {

  public String imsi() {
    return Identities.imsi(sim);
  }

  @Override
  public int compareTo(Detected o) {
    int c = Integer.compare(sim, o.sim);
    if (c == 0) {
      c = Long.compare(at, o.at);
    }
    if (c == 0) {
      c = kind.compareTo(o.kind);
    }
    if (c == 0) {
      c = Double.compare(score, o.score);
    }
    return c == 0 ? response.compareTo(o.response) : c;
  }
}
