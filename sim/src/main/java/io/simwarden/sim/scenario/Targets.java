package io.simwarden.sim.scenario;

import io.simwarden.sim.archetype.Archetype;
import java.util.Set;

/**
 * Which SIMs an attack hits: drawn from the listed archetypes (the attack's default when empty), either
 * a number of SIMs or a share of the eligible ones; or the SIMs of an earlier attack.
 *
 * @param archetypes the archetypes to draw from (empty = the attack's default)
 * @param sims       how many SIMs (0 when {@code share} is used)
 * @param share      share of the eligible SIMs (0 when {@code sims} is used)
 * @param sameAs     the name of an earlier attack whose SIMs this one hits too, after it; {@code null}: none
 */
public record Targets(Set<Archetype> archetypes, int sims, double share, String sameAs) {

  public Targets {
    archetypes = Set.copyOf(archetypes);
  }

  public Targets(Set<Archetype> archetypes, int sims, double share) {
    this(archetypes, sims, share, null);
  }

  /** How many of {@code eligible} SIMs to take. */
  public int count(int eligible) {
    int wanted = share > 0 ? (int) Math.round(share * eligible) : sims;
    return Math.min(eligible, wanted);
  }
}
