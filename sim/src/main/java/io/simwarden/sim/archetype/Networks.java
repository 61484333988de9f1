package io.simwarden.sim.archetype;

import io.simwarden.core.id.IpAddress;
import io.simwarden.core.id.Plmn;
import io.simwarden.sim.random.Rng;
import java.util.List;
import java.util.Set;

/**
 * The radio world of the simulation: the home operator (Orange France, 208-01), the European partner
 * networks its roaming devices visit, and far-away networks where stolen SIMs turn up. Networks are
 * numbered so that a SIM's current network fits in one byte.
 */
public final class Networks {

  public static final int HOME = 0;
  public static final int BE = 1;
  public static final int NL = 2;
  public static final int DE = 3;
  public static final int ES = 4;
  public static final int IT = 5;
  public static final int CH = 6;
  public static final int UK = 7;
  /** South Africa, Nigeria, UAE, Russia: where stolen IoT SIMs have been used (none is a roaming partner). */
  public static final List<Integer> FAR_AWAY = List.of(8, 9, 10, 11);

  private static final Plmn[] PLMNS = {
      Plmn.of("20801"), Plmn.of("20601"), Plmn.of("20404"), Plmn.of("26201"), Plmn.of("21407"), Plmn.of("22201"),
      Plmn.of("22801"), Plmn.of("23415"), Plmn.of("65501"), Plmn.of("62130"), Plmn.of("42402"), Plmn.of("25001")};

  /** Land borders (and the Channel tunnel) between the European networks, by index. */
  private static final int[][] NEIGHBOURS = {
      {BE, DE, ES, IT, CH, UK}, {HOME, NL, DE}, {BE, DE}, {HOME, BE, NL, CH}, {HOME}, {HOME, CH}, {HOME, DE, IT},
      {HOME}};

  private Networks() {}

  public static Plmn plmn(int index) {
    return PLMNS[index];
  }

  public static Plmn home() {
    return PLMNS[HOME];
  }

  public static Set<Plmn> plmns(int... indexes) {
    Plmn[] out = new Plmn[indexes.length];
    for (int i = 0; i < indexes.length; i++) {
      out[i] = PLMNS[indexes[i]];
    }
    return Set.of(out);
  }

  /**
   * A network across a border from {@code current} that {@code allowed} contains (the home network is
   * always allowed), or {@code current} when there is none.
   */
  public static int neighbour(int current, Set<Plmn> allowed, Rng rng) {
    if (current >= NEIGHBOURS.length) {
      return HOME;
    }
    int[] options = NEIGHBOURS[current];
    int n = 0;
    int[] ok = new int[options.length];
    for (int o : options) {
      if (o == HOME || allowed.contains(PLMNS[o])) {
        ok[n++] = o;
      }
    }
    return n == 0 ? current : ok[rng.nextInt(n)];
  }

  /** The 32 bits of a dotted-quad IPv4 address. */
  public static int ip(String dottedQuad) {
    return IpAddress.of(dottedQuad).v4Bits();
  }
}
