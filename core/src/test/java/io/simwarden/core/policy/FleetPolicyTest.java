package io.simwarden.core.policy;

import static io.simwarden.core.state.SimFixtures.DEVICE;
import static io.simwarden.core.state.SimFixtures.SAME_MODEL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simwarden.core.id.Imei;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FleetPolicyTest {

  @Test
  void stolenImeisAreRecognisedExactly() {
    FleetPolicy fleet = new FleetPolicy(Set.of(DEVICE), Set.of());
    assertTrue(fleet.isStolen(DEVICE));
    assertFalse(fleet.isStolen(SAME_MODEL));
  }

  @Test
  void unknownFirmwareIsNeverVulnerable() {
    FleetPolicy fleet = new FleetPolicy(Set.of(), Set.of("1.0.0"));
    assertTrue(fleet.isVulnerable("1.0.0"));
    assertFalse(fleet.isVulnerable("1.0.1"));
    assertFalse(fleet.isVulnerable(null));
  }

  @Test
  void missingListsAreEmpty() {
    FleetPolicy fleet = new FleetPolicy(null, null);
    assertEquals(Set.of(), fleet.stolenImeis());
    assertEquals(Set.of(), fleet.vulnerableFirmware());
  }

  @Test
  void policyIsNotChangedThroughTheSetsItWasBuiltFrom() {
    Set<Imei> stolen = new HashSet<>();
    FleetPolicy fleet = new FleetPolicy(stolen, null);
    stolen.add(DEVICE);
    assertFalse(fleet.isStolen(DEVICE));
  }
}
