package io.simwarden.core.policy;

import static io.simwarden.core.state.SimFixtures.APN;
import static io.simwarden.core.state.SimFixtures.HOME;
import static io.simwarden.core.state.SimFixtures.OTHER_APN;
import static io.simwarden.core.state.SimFixtures.profile;
import static io.simwarden.core.state.SimFixtures.rule;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simwarden.core.ValidationException;
import io.simwarden.core.firewall.FirewallRule;
import io.simwarden.core.firewall.RuleAction;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class ConnectivityProfileTest {

  private static ConnectivityProfile withName(String name) {
    return new ConnectivityProfile(name, Set.of(Service.DATA), Set.of(Rat.LTE_M), PlmnPolicy.ANY, null, null, null,
        null, null, null, null, null);
  }

  @Test
  void omittedOptionalFieldsTakeTheirDefaults() {
    ConnectivityProfile p = withName("meter");
    assertEquals(Set.of(), p.apns());
    assertEquals(PrivateNetwork.NONE, p.privateNetwork());
    assertEquals(EncryptionPolicy.ALLOW, p.unencrypted());
    assertEquals(List.of(), p.firewallRules());
    assertEquals(RuleAction.ALLOW, p.defaultAction());
  }

  @ParameterizedTest
  @ValueSource(strings = {"meter", "Fleet profile 2.0", "a", "a_b-c.d"})
  void acceptableNamesAreKept(String name) {
    assertEquals(name, withName(name).name());
  }

  @ParameterizedTest
  @NullSource
  @ValueSource(strings = {"", " meter", "-meter", "meter/1",
      "x12345678901234567890123456789012345678901234567890123456789012345"})
  void unacceptableNamesAreRejected(String name) {
    ValidationException e = assertThrows(ValidationException.class, () -> withName(name));
    assertEquals("profile.name", e.field());
  }

  @Test
  void servicesAreRequiredButMayBeEmpty() {
    assertEquals("profile.services", assertThrows(ValidationException.class, () -> new ConnectivityProfile("m",
        null, Set.of(Rat.LTE), PlmnPolicy.ANY, null, null, null, null, null, null, null, null)).field());
    ConnectivityProfile none = profile().services().build();
    assertFalse(none.allows(Service.DATA));
    assertFalse(none.allows(Service.SMS_MO));
  }

  @Test
  void atLeastOneRatIsRequired() {
    assertEquals("profile.rats", assertThrows(ValidationException.class, () -> new ConnectivityProfile("m",
        Set.of(), Set.of(), PlmnPolicy.ANY, null, null, null, null, null, null, null, null)).field());
    assertEquals("profile.rats", assertThrows(ValidationException.class, () -> new ConnectivityProfile("m",
        Set.of(), null, PlmnPolicy.ANY, null, null, null, null, null, null, null, null)).field());
  }

  @Test
  void plmnPolicyIsRequired() {
    assertEquals("profile.plmns", assertThrows(ValidationException.class, () -> new ConnectivityProfile("m",
        Set.of(), Set.of(Rat.LTE), null, null, null, null, null, null, null, null, null)).field());
  }

  @Test
  void duplicateRuleIdsInTheProfileAreRejectedNamingTheSecond() {
    ValidationException e = assertThrows(ValidationException.class, () -> profile().rules(
        rule("a", 1, RuleAction.ALLOW, "0.0.0.0/0"), rule("b", 2, RuleAction.DENY, "0.0.0.0/0"),
        rule("a", 3, RuleAction.DENY, "::/0")).build());
    assertEquals("profile.firewallRules[2].id", e.field());
    assertEquals("duplicate rule id 'a'", e.problem());
  }

  @Test
  void allowsReflectsServicesRatsAndApns() {
    ConnectivityProfile p = profile().services(Service.DATA).rats(Rat.NB_IOT).apns(APN).build();
    assertTrue(p.allows(Service.DATA));
    assertFalse(p.allows(Service.VOICE));
    assertTrue(p.allows(Rat.NB_IOT));
    assertFalse(p.allows(Rat.GSM));
    assertTrue(p.allowsApn(APN));
    assertFalse(p.allowsApn(OTHER_APN));
  }

  @Test
  void noApnsMeansAnyApn() {
    assertTrue(profile().apns().build().allowsApn(OTHER_APN));
  }

  @Test
  void profileIsNotChangedThroughTheCollectionsItWasBuiltFrom() {
    Set<Service> services = EnumSet.of(Service.DATA);
    Set<Rat> rats = EnumSet.of(Rat.LTE);
    Set<io.simwarden.core.id.Apn> apns = new HashSet<>(Set.of(APN));
    List<FirewallRule> rules = new ArrayList<>(List.of(rule("a", 1, RuleAction.ALLOW, "0.0.0.0/0")));
    ConnectivityProfile p = new ConnectivityProfile("m", services, rats, PlmnPolicy.homeOnly(HOME), apns, null,
        null, null, null, rules, null, null);
    services.add(Service.VOICE);
    rats.add(Rat.GSM);
    apns.add(OTHER_APN);
    rules.add(rule("b", 1, RuleAction.DENY, "0.0.0.0/0"));
    assertFalse(p.allows(Service.VOICE));
    assertFalse(p.allows(Rat.GSM));
    assertFalse(p.allowsApn(OTHER_APN));
    assertEquals(1, p.firewallRules().size());
  }

  @Test
  void openProfileAllowsEverything() {
    ConnectivityProfile open = ConnectivityProfile.OPEN;
    for (Service s : Service.values()) {
      assertTrue(open.allows(s), s::toString);
    }
    for (Rat r : Rat.values()) {
      assertTrue(open.allows(r), r::toString);
    }
    assertTrue(open.allowsApn(OTHER_APN));
    assertEquals(RuleAction.ALLOW, open.defaultAction());
  }
}
