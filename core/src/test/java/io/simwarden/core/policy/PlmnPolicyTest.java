package io.simwarden.core.policy;

import static io.simwarden.core.state.SimFixtures.FOREIGN;
import static io.simwarden.core.state.SimFixtures.HOME;
import static io.simwarden.core.state.SimFixtures.PARTNER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simwarden.core.ValidationException;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PlmnPolicyTest {

  @Test
  void anyAllowsEveryNetworkAndNeverRoams() {
    assertTrue(PlmnPolicy.ANY.allows(FOREIGN));
    assertFalse(PlmnPolicy.ANY.isRoaming(FOREIGN));
  }

  @Test
  void homeOnlyAllowsHomeAndNothingElse() {
    PlmnPolicy policy = PlmnPolicy.homeOnly(HOME);
    assertTrue(policy.allows(HOME));
    assertFalse(policy.allows(PARTNER));
    assertFalse(policy.isRoaming(HOME));
  }

  @Test
  void roamingAllowlistAllowsPartnersAsRoaming() {
    PlmnPolicy policy = new PlmnPolicy(false, HOME, Set.of(PARTNER));
    assertTrue(policy.allows(PARTNER));
    assertTrue(policy.isRoaming(PARTNER));
    assertFalse(policy.allows(FOREIGN));
  }

  @Test
  void homeIsRequiredUnlessAny() {
    ValidationException e = assertThrows(ValidationException.class, () -> new PlmnPolicy(false, null, Set.of()));
    assertEquals("plmns.home", e.field());
  }

  @Test
  void missingRoamingAllowlistMeansNoRoaming() {
    assertEquals(Set.of(), new PlmnPolicy(false, HOME, null).roamingAllowlist());
  }
}
