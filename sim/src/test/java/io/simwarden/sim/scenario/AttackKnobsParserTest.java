package io.simwarden.sim.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simwarden.core.policy.SmsDestination;
import io.simwarden.sim.attack.Pace;
import io.simwarden.sim.attack.ScanVector;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Scan vectors and pace for Mirai, pace for voice fraud, and attacks in sequence on the same SIMs. */
class AttackKnobsParserTest {

  private static final String FLEET = "fleet { smart-meter { count = 60 }, ip-camera { count = 40 }, "
      + "vehicle-telematics { count = 20 } }\nattacks = [";

  private static Scenario parse(String attacks) {
    return ScenarioParser.parseText(FLEET + attacks + "]", "k.conf", "k");
  }

  private static String error(String attacks) {
    return assertThrows(ScenarioException.class, () -> parse(attacks)).getMessage();
  }

  @Test
  void miraiTakesWeightedScanVectorsAndAPace() {
    AttackSpec.Mirai m = (AttackSpec.Mirai) parse("{ type = mirai, start = 9h, hours = \"0-6\", ramp-per-day = 1,"
        + " vectors { telnet = 0.6, adb = 0.1, tr-069 = 0.2, huawei-hg532 = 0.05, web = 0.05 } }").attacks().get(0);
    assertEquals(Map.of(ScanVector.TELNET, 0.6, ScanVector.ADB, 0.1, ScanVector.TR_069, 0.2, ScanVector.HG532, 0.05,
        ScanVector.WEB, 0.05), m.vectors());
    assertEquals(new Pace(0, 6, 1), m.pace());
    AttackSpec.Mirai plain = (AttackSpec.Mirai) parse("{ type = mirai, start = 9h }").attacks().get(0);
    assertEquals(Map.of(ScanVector.TELNET, 1.0), plain.vectors(), "Mirai itself: telnet only");
    assertEquals(Pace.STEADY, plain.pace());
  }

  @Test
  void voiceFraudTakesAPace() {
    AttackSpec.VoiceFraud v = (AttackSpec.VoiceFraud) parse("{ type = voice-fraud, start = 9h, hours = \"22-4\","
        + " ramp-per-day = 0.5 }").attacks().get(0);
    assertEquals(new Pace(22, 4, 0.5), v.pace());
  }

  @Test
  void smsFraudTakesClassesOfNumber() {
    AttackSpec.SmsFraud f = (AttackSpec.SmsFraud) parse("{ type = sms-fraud, start = 9h, destinations {"
        + " premium-rate = 0.7, short-code = 0.3 } }").attacks().get(0);
    assertEquals(Map.of(SmsDestination.PREMIUM_RATE, 0.7, SmsDestination.SHORT_CODE, 0.3), f.destinations());
    AttackSpec.SmsFraud plain = (AttackSpec.SmsFraud) parse("{ type = sms-fraud, start = 9h }").attacks().get(0);
    assertEquals(Map.of(SmsDestination.INTERNATIONAL, 0.8, SmsDestination.PREMIUM_RATE, 0.2), plain.destinations(),
        "pumping is paid by termination fees abroad and on premium ranges");
    assertTrue(error("{ type = sms-fraud, start = 9h, destinations { international = 0.5 } }")
        .contains("attacks[0].destinations: shares add up to 0.5; they must add up to 1"));
    assertTrue(error("{ type = sms-fraud, start = 9h, destinations { irsf-range = 1 } }")
        .contains("attacks[0].destinations.irsf-range: unknown key"));
  }

  @Test
  void anSmsHabitIsABenignChangeWithClassesOfNumber() {
    Scenario s = ScenarioParser.parseText(FLEET + "]\nchanges = [ { type = sms-habit, at = 0h, archetypes ="
        + " [vehicle-telematics], sms-per-day = 6, destinations { domestic = 0.5, international = 0.5 } } ]", "k.conf",
        "k");
    ChangeSpec.SmsHabit h = (ChangeSpec.SmsHabit) s.changes().get(0);
    assertEquals(6, h.smsPerDay());
    assertEquals(1, h.share());
    assertEquals(Map.of(SmsDestination.DOMESTIC, 0.5, SmsDestination.INTERNATIONAL, 0.5), h.destinations());
    String error = assertThrows(ScenarioException.class, () -> ScenarioParser.parseText(FLEET + "]\nchanges = ["
        + " { type = sms-habit, at = 0h, archetypes = [ip-camera] } ]", "k.conf", "k")).getMessage();
    assertTrue(error.contains("changes[0].archetypes: archetype ip-camera may not send SMS"), error);
  }

  @Test
  void anAttackCanFollowAnotherOnTheSameSims() {
    Scenario s = parse("{ type = exfiltration, name = leak, start = 9h, targets { archetypes = [vehicle-telematics],"
        + " sims = 2 } }, { type = sms-fraud, name = then-pump, start = 12h, targets { same-as = leak } }");
    assertEquals("leak", s.attacks().get(1).targets().sameAs());
  }

  @Test
  void badKnobsNameTheKeyAndTheFix() {
    assertTrue(error("{ type = mirai, start = 9h, vectors { telnet = 0.5, adb = 0.2 } }")
        .contains("attacks[0].vectors: shares add up to 0.7; they must add up to 1"));
    assertTrue(error("{ type = mirai, start = 9h, vectors { telnet = 0.5, ssh = 0.5 } }")
        .contains("attacks[0].vectors.ssh: unknown key"));
    assertTrue(error("{ type = voice-fraud, start = 9h, hours = \"9-9\" }").contains("attacks[0].hours: must be"));
    assertTrue(error("{ type = sms-fraud, start = 9h, targets { same-as = leak } }")
        .contains("same-as: no earlier attack is called 'leak'; attacks before this one: none"));
    assertTrue(error("{ type = exfiltration, name = leak, start = 9h }, "
        + "{ type = sms-fraud, start = 12h, targets { same-as = leak, sims = 2 } }")
        .contains("attacks[1].targets.same-as: hits the SIMs of that earlier attack; leave archetypes, sims and share"));
    assertTrue(error("{ type = exfiltration, name = leak, start = 9h }, "
        + "{ type = sms-fraud, start = 8h, targets { same-as = leak } }")
        .contains("attacks[1].start: is 8h, before leak starts (9h)"));
    assertTrue(error("{ type = exfiltration, name = leak, start = 9h }, "
        + "{ type = mirai, start = 10h, targets { same-as = leak } }").contains("attacks[1].targets.same-as: unknown key"));
  }
}
