package io.simwarden.sim.truth;

import io.simwarden.sim.archetype.Identities;
import io.simwarden.sim.attack.AttackKind;

/**
 * Ground truth: SIM {@code sim} was under attack {@code attack} (of kind {@code kind}) from
 * {@code start} to {@code end} (epoch milliseconds, end exclusive).
 */
public record Label(int sim, AttackKind kind, String attack, long start, long end) {

  public String imsi() {
    return Identities.imsi(sim);
  }
}
