package io.simwarden.sim.scenario;

import io.simwarden.sim.archetype.Archetype;
import java.util.Set;

/**
 * Which SIMs an attack hits: drawn from the listed archetypes (the attack's default when empty), either
 * a number of SIMs or a share of the eligible ones.
 *
 * @param archetypes the archetypes to draw from (empty = the attack's default)
 * @param sims       how many SIMs (0 when {@code share} is used)
 * @param share      share of the eligible SIMs (0 when {@code sims} is used)
 */
public record Targets(Set<Archetype> archetypes, int sims, double share) {

  public Targets {
    archetypes = Set.copyOf(archetypes);
  }

  /** How many of {@code eligible} SIMs to take. */
  public int count(int eligible) {
    int wanted = share > 0 ? (int) Math.round(share * eligible) : sims;
    return Math.min(eligible, wanted);
  }
}
