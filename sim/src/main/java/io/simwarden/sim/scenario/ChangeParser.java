package io.simwarden.sim.scenario;

import io.simwarden.core.ValidationException;
import io.simwarden.core.id.Plmn;
import io.simwarden.core.policy.Service;
import io.simwarden.core.policy.SmsDestination;
import io.simwarden.sim.Named;
import io.simwarden.sim.archetype.Archetype;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads one entry of a scenario's {@code changes} list into its {@link ChangeSpec}; see {@link ScenarioParser}. */
final class ChangeParser {

  static final List<String> TYPES = List.of("firmware-update", "schedule-shift", "outage", "roaming-partner",
      "sms-habit");

  private static final Map<SmsDestination, Double> DOMESTIC_ONLY = Map.of(SmsDestination.DOMESTIC, 1.0);

  private ChangeParser() {}

  static ChangeSpec change(ScenarioObject c, Duration runLength) {
    String type = c.string("type", null);
    if (!TYPES.contains(type)) {
      String near = ScenarioObject.nearest(type, TYPES.toArray(String[]::new));
      throw c.error("type", "unknown change type '" + type + "'" + (near == null ? "" : "; did you mean '" + near
          + "'?") + " Types: " + String.join(", ", TYPES));
    }
    Duration at = c.duration("at", null, Duration.ZERO, Scenario.MAX_DURATION);
    if (at.compareTo(runLength) >= 0) {
      throw c.error("at", "is " + Scenario.human(at) + ", not inside the run (duration " + Scenario.human(runLength)
          + ")");
    }
    return switch (type) {
      case "firmware-update" -> {
        c.allowOnly("type", "at", "rollout", "archetypes", "destination", "port", "data-per-hour", "declared");
        Set<Archetype> archetypes = archetypes(c);
        if (archetypes.isEmpty()) {
          throw c.error("archetypes", "required: the device models the update is for, e.g. [ip-camera]");
        }
        yield new ChangeSpec.FirmwareUpdate(at, c.duration("rollout", Duration.ofHours(6), Duration.ZERO,
            Duration.ofDays(7)), archetypes, AttackParser.ipv4(c, "destination"), (int) c.integer("port", 443L, 1, 65_535),
            c.bytes("data-per-hour", 20_000, 1, 10_000_000_000L), c.bool("declared", true), c.where());
      }
      case "schedule-shift" -> {
        c.allowOnly("type", "at", "minutes");
        long minutes = c.integer("minutes", 60L, -720, 720);
        if (minutes == 0) {
          throw c.error("minutes", "must not be 0: +60 moves the fleet's habits an hour earlier in UTC (summer "
              + "time), -60 an hour later");
        }
        yield new ChangeSpec.ScheduleShift(at, (int) minutes, c.where());
      }
      case "sms-habit" -> {
        c.allowOnly("type", "at", "archetypes", "share", "sms-per-day", "destinations");
        Set<Archetype> archetypes = archetypes(c);
        for (Archetype a : archetypes) {
          if (!a.model().profile().allows(Service.SMS_MO)) {
            throw c.error("archetypes", "archetype " + a + " may not send SMS (its profile has no SMS_MO); choose "
                + "archetypes that may: asset-tracker, vehicle-telematics, medical-wearable");
          }
        }
        yield new ChangeSpec.SmsHabit(at, archetypes, c.number("share", 1, 0.000_001, 1),
            c.number("sms-per-day", 4, 0.01, 1_000), AttackParser.smsDestinations(c, DOMESTIC_ONLY,
                "{ domestic = 0.6, international = 0.4 }"), c.where());
      }
      case "roaming-partner" -> {
        c.allowOnly("type", "at", "plmn", "replaces", "archetypes");
        Plmn plmn = plmn(c, "plmn");
        Plmn replaces = plmn(c, "replaces");
        if (plmn.equals(replaces)) {
          throw c.error("plmn", "is the network it replaces; give the new partner's MCC+MNC, e.g. \"26202\"");
        }
        yield new ChangeSpec.RoamingPartner(at, plmn, replaces, archetypes(c), c.where());
      }
      default -> {
        c.allowOnly("type", "at", "duration", "archetypes", "share", "spread", "attempts");
        yield new ChangeSpec.Outage(at, c.duration("duration", Duration.ofMinutes(30), Duration.ofMinutes(1),
            Duration.ofDays(1)), archetypes(c), c.number("share", 0.3, 0.000_001, 1),
            c.duration("spread", Duration.ofMinutes(2), Duration.ofSeconds(1), Duration.ofHours(1)),
            (int) c.integer("attempts", 1L, 1, 5), c.where());
      }
    };
  }

  private static Set<Archetype> archetypes(ScenarioObject c) {
    Set<Archetype> out = EnumSet.noneOf(Archetype.class);
    for (String id : c.strings("archetypes")) {
      Archetype a = Named.byId(Archetype.class, id);
      if (a == null) {
        throw c.error("archetypes", "unknown archetype '" + id + "'; archetypes: " + Named.ids(Archetype.class));
      }
      out.add(a);
    }
    return out;
  }

  private static Plmn plmn(ScenarioObject n, String key) {
    String text = n.string(key, null);
    try {
      return Plmn.of(text);
    } catch (ValidationException e) {
      throw n.error(key, "must be a network's MCC and MNC, 5 or 6 digits such as \"26202\", got '" + text + "'");
    }
  }
}
