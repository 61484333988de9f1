package io.simwarden.core.policy;

import io.simwarden.core.id.Imei;
import java.util.Set;

/**
 * Fleet-wide facts every SIM consults: IMEIs reported stolen and firmware versions known to be
 * vulnerable. Immutable; a node swaps in a new instance when the lists change, and decisions record
 * what they saw in their events, so replay never needs the list that was current at the time.
 */
public record FleetPolicy(Set<Imei> stolenImeis, Set<String> vulnerableFirmware) {

  public static final FleetPolicy EMPTY = new FleetPolicy(Set.of(), Set.of());

  public FleetPolicy {
    stolenImeis = stolenImeis == null ? Set.of() : OrderedSets.byText(stolenImeis);
    vulnerableFirmware = vulnerableFirmware == null ? Set.of() : OrderedSets.byText(vulnerableFirmware);
  }

  public boolean isStolen(Imei imei) {
    return stolenImeis.contains(imei);
  }

  public boolean isVulnerable(String firmwareVersion) {
    return firmwareVersion != null && vulnerableFirmware.contains(firmwareVersion);
  }
}
