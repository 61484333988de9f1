package io.simwarden.core.policy;

import io.simwarden.core.ValidationException;
import io.simwarden.core.id.Plmn;
import java.util.Set;

/**
 * Networks a SIM may attach on: any network, or its home network plus a roaming allowlist.
 *
 * @param any              when true every PLMN is allowed and the other fields are ignored
 * @param home             the home network ({@code null} only when {@code any})
 * @param roamingAllowlist visited networks allowed besides home (empty = no roaming)
 */
public record PlmnPolicy(boolean any, Plmn home, Set<Plmn> roamingAllowlist) {

  public static final PlmnPolicy ANY = new PlmnPolicy(true, null, Set.of());

  public PlmnPolicy {
    roamingAllowlist = roamingAllowlist == null ? Set.of() : OrderedSets.byText(roamingAllowlist);
    if (!any && home == null) {
      throw new ValidationException("plmns.home", "required unless any=true (e.g. \"20801\")");
    }
  }

  /** Home network only, no roaming. */
  public static PlmnPolicy homeOnly(Plmn home) {
    return new PlmnPolicy(false, home, Set.of());
  }

  public boolean allows(Plmn plmn) {
    return any || plmn.equals(home) || roamingAllowlist.contains(plmn);
  }

  public boolean isRoaming(Plmn plmn) {
    return !any && !plmn.equals(home);
  }
}
