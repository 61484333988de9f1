package io.simwarden.sim.scenario;

import io.simwarden.core.ValidationException;
import io.simwarden.core.id.IpAddress;
import io.simwarden.core.policy.CallDestination;
import io.simwarden.core.policy.SmsDestination;
import io.simwarden.core.policy.FormFactor;
import io.simwarden.core.policy.Service;
import io.simwarden.sim.Named;
import io.simwarden.sim.archetype.Archetype;
import io.simwarden.sim.archetype.Identities;
import io.simwarden.sim.attack.AttackKind;
import io.simwarden.sim.attack.FloodVector;
import io.simwarden.sim.attack.Pace;
import io.simwarden.sim.attack.ScanVector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads one entry of a scenario's {@code attacks} list into its {@link AttackSpec}; see {@link ScenarioParser}. */
final class AttackParser {

  private static final String[] COMMON_ATTACK_KEYS = {"type", "name", "start", "duration", "targets"};
  private static final Duration DAY = Duration.ofDays(1);
  private static final Pattern HOURS = Pattern.compile("(\\d{1,2})\\s*-\\s*(\\d{1,2})");
  /** IRSF pumping dials mostly hot-listed ranges, and ordinary foreign numbers in between. */
  /** SMS pumping is paid by termination fees: international high-cost ranges, and premium-rate numbers. */
  private static final Map<SmsDestination, Double> DEFAULT_SMS_DESTINATIONS = Collections.unmodifiableMap(
      new EnumMap<>(Map.of(SmsDestination.INTERNATIONAL, 0.8, SmsDestination.PREMIUM_RATE, 0.2)));
  private static final Map<CallDestination, Double> DEFAULT_CALL_DESTINATIONS = Collections.unmodifiableMap(
      new EnumMap<>(Map.of(CallDestination.IRSF_RANGE, 0.8, CallDestination.INTERNATIONAL, 0.2)));

  private AttackParser() {}

  /** Reads attack {@code index}; {@code earlier} are the attacks before it, by name (for {@code same-as}). */
  static AttackSpec attack(ScenarioObject a, int index, Duration runLength, List<String> warnings,
      Map<String, AttackSpec> earlier) {
    AttackSpec spec = attack(a, index, runLength, warnings);
    String sameAs = spec.targets().sameAs();
    if (sameAs != null) {
      AttackSpec first = earlier.get(sameAs);
      if (first == null) {
        throw a.error("targets", "same-as: no earlier attack is called '" + sameAs + "'; attacks before this one: "
            + (earlier.isEmpty() ? "none" : String.join(", ", earlier.keySet())));
      }
      if (spec.start().compareTo(first.start()) < 0) {
        throw a.error("start", "is " + Scenario.human(spec.start()) + ", before " + sameAs + " starts ("
            + Scenario.human(first.start()) + "); an attack on the same SIMs comes after it");
      }
    }
    return spec;
  }

  private static AttackSpec attack(ScenarioObject a, int index, Duration runLength, List<String> warnings) {
    String typeName = a.string("type", null);
    AttackKind kind = Named.byId(AttackKind.class, typeName);
    if (kind == null) {
      String near = ScenarioObject.nearest(typeName, Named.ids(AttackKind.class).split(", "));
      throw a.error("type", "unknown attack type '" + typeName + "'" + (near == null ? "" : "; did you mean '"
          + near + "'?") + " Types: " + Named.ids(AttackKind.class));
    }
    a.allowOnly(keys(kind));
    String name = a.string("name", kind.id() + "-" + (index + 1));
    Duration start = a.duration("start", null, Duration.ZERO, Scenario.MAX_DURATION);
    if (start.compareTo(runLength) >= 0) {
      throw a.error("start", "is " + Scenario.human(start) + ", not inside the run (duration "
          + Scenario.human(runLength) + ")");
    }
    if (start.compareTo(Scenario.LEARNING) < 0) {
      warnings.add(a.error("start", "starts at " + Scenario.human(start) + ", before " + Scenario.human(
          Scenario.LEARNING) + ": the detectors may still be learning the SIMs' baselines").getMessage());
    }
    Duration duration = a.has("duration") ? a.duration("duration", null, Duration.ofMinutes(1), Scenario.MAX_DURATION)
        : null;
    return switch (kind) {
      case MIRAI -> mirai(a, name, start, duration, runLength);
      case SIM_THEFT -> simTheft(a, name, start, duration);
      case EXFILTRATION -> exfiltration(a, name, start, duration);
      case SIGNALLING_STORM -> storm(a, name, start);
      case SMS_FRAUD -> smsFraud(a, name, start, duration, warnings);
      case VOICE_FRAUD -> voiceFraud(a, name, start, duration);
    };
  }

  static String[] keys(AttackKind kind) {
    return keys(switch (kind) {
      case MIRAI -> new String[] {"initial-bots", "spread-per-hour", "vulnerable-share", "scan-rate",
          "telnet-2323-share", "vectors", "hours", "ramp-per-day", "ddos"};
      case SIM_THEFT -> new String[] {"abroad-share", "data-per-hour", "destinations", "sms-per-hour"};
      case EXFILTRATION -> new String[] {"data-per-hour", "relative-volume", "destination", "port", "encrypted",
          "hours", "ramp-per-day"};
      case SIGNALLING_STORM -> new String[] {"outage", "retry-interval"};
      case SMS_FRAUD -> new String[] {"sms-per-hour", "destinations", "hours", "ramp-per-day"};
      case VOICE_FRAUD -> new String[] {"calls-per-hour", "call-duration", "destinations", "hours", "ramp-per-day"};
    });
  }

  private static String[] keys(String... extra) {
    String[] all = new String[COMMON_ATTACK_KEYS.length + extra.length];
    System.arraycopy(COMMON_ATTACK_KEYS, 0, all, 0, COMMON_ATTACK_KEYS.length);
    System.arraycopy(extra, 0, all, COMMON_ATTACK_KEYS.length, extra.length);
    return all;
  }

  private static AttackSpec mirai(ScenarioObject a, String name, Duration start, Duration duration, Duration runLength) {
    Targets targets = targets(a, 0, 0, false);
    if (targets.sims() > 0 || targets.share() > 0) {
      throw a.error("targets", "mirai picks its victims itself: give targets.archetypes only, and initial-bots "
          + "and spread-per-hour for how many");
    }
    int initial = (int) a.integer("initial-bots", 1L, 0, Identities.MAX_SIMS);
    double spread = a.number("spread-per-hour", 0.1, 0, 1);
    double vulnerable = a.number("vulnerable-share", -1, 0, 1);
    double scanRate = a.number("scan-rate", 160, 0.01, 100_000);
    double share2323 = a.number("telnet-2323-share", 0.1, 0, 1);
    AttackSpec.Ddos ddos = null;
    ScenarioObject d = a.object("ddos");
    if (d != null) {
      d.allowOnly("start", "duration", "target", "vectors", "rate");
      Duration ddosStart = d.duration("start", null, Duration.ZERO, Scenario.MAX_DURATION);
      if (ddosStart.compareTo(start) < 0 || ddosStart.compareTo(runLength) >= 0) {
        throw d.error("start", "must be at or after the attack's start (" + Scenario.human(start)
            + ") and inside the run (" + Scenario.human(runLength) + "), got " + Scenario.human(ddosStart));
      }
      Duration ddosLength = d.duration("duration", Duration.ofMinutes(30), Duration.ofMinutes(1), DAY);
      Integer target = d.has("target") ? ipv4(d, "target") : null;
      List<FloodVector> vectors = new ArrayList<>();
      for (String v : d.strings("vectors")) {
        FloodVector fv = Named.byId(FloodVector.class, v);
        if (fv == null) {
          throw d.error("vectors", "unknown vector '" + v + "'; vectors: " + Named.ids(FloodVector.class));
        }
        vectors.add(fv);
      }
      if (vectors.isEmpty()) {
        vectors = List.of(FloodVector.values());
      }
      double rate = d.bitRate("rate", 1e6, 1e3, 1e9);
      ddos = new AttackSpec.Ddos(ddosStart, ddosLength, target == null ? 0 : target, vectors, rate);
    }
    return new AttackSpec.Mirai(name, start, duration, targets, initial, spread, vulnerable, scanRate, share2323,
        scanVectors(a), pace(a), ddos, a.where());
  }

  private static AttackSpec simTheft(ScenarioObject a, String name, Duration start, Duration duration) {
    Targets targets = targets(a, 1, 0, true);
    for (Archetype t : targets.archetypes()) {
      if (t.model().formFactor() != FormFactor.REMOVABLE) {
        throw a.error("targets", "archetype " + t + " has an embedded eSIM, which cannot be moved into another "
            + "device; choose archetypes with removable SIMs: " + removable());
      }
    }
    return new AttackSpec.SimTheft(name, start, duration == null ? Duration.ofHours(12) : duration, targets,
        a.number("abroad-share", 0.5, 0, 1), a.bytes("data-per-hour", 40_000_000, 0, 100_000_000_000L),
        (int) a.integer("destinations", 25L, 1, 200), a.number("sms-per-hour", 6, 0, 36_000), a.where());
  }

  private static AttackSpec exfiltration(ScenarioObject a, String name, Duration start, Duration duration) {
    if (a.has("data-per-hour") && a.has("relative-volume")) {
      throw a.error("relative-volume", "give either data-per-hour or relative-volume, not both");
    }
    boolean toUsual = a.has("destination") && a.string("destination", null).equals("usual");
    if (toUsual && a.has("port")) {
      throw a.error("port", "an upload to the usual destination uses the device's own port; leave port out");
    }
    return new AttackSpec.Exfiltration(name, start, duration == null ? Duration.ofHours(6) : duration,
        targets(a, 1, 0, true), a.bytes("data-per-hour", 8_000_000, 1, 100_000_000_000L),
        a.has("destination") && !toUsual ? ipv4(a, "destination") : null, (int) a.integer("port", 443L, 1, 65_535),
        a.bool("encrypted", true), a.number("relative-volume", 0, 0.001, 100), toUsual, pace(a), a.where());
  }

  /** {@code hours = "22-6"} (UTC, the end exclusive, wrapping past midnight) and {@code ramp-per-day}. */
  private static Pace pace(ScenarioObject a) {
    int from = 0;
    int to = 24;
    if (a.has("hours")) {
      String hours = a.string("hours", null);
      Matcher m = HOURS.matcher(hours);
      if (!m.matches() || Integer.parseInt(m.group(1)) > 23 || Integer.parseInt(m.group(2)) > 24
          || Integer.parseInt(m.group(2)) == 0 || m.group(1).equals(m.group(2))) {
        throw a.error("hours", "must be \"FROM-TO\" in whole UTC hours, FROM 0..23, TO 1..24 and not FROM (e.g. "
            + "\"22-6\" for 22:00 to 06:00), got '" + hours + "'");
      }
      from = Integer.parseInt(m.group(1));
      to = Integer.parseInt(m.group(2));
    }
    return new Pace(from, to, a.number("ramp-per-day", 0, 0, 10));
  }

  private static AttackSpec storm(ScenarioObject a, String name, Duration start) {
    Duration outage = a.duration("outage", Duration.ofMinutes(20), Duration.ofMinutes(1), DAY);
    Duration storm = a.duration("duration", Duration.ofHours(1), Duration.ofMinutes(1), Duration.ofDays(7));
    Duration retry = a.duration("retry-interval", Duration.ofSeconds(60), Duration.ofSeconds(10), Duration.ofHours(1));
    return new AttackSpec.SignallingStorm(name, start, outage, storm, targets(a, 0, 0.1, true), retry, a.where());
  }

  private static AttackSpec smsFraud(ScenarioObject a, String name, Duration start, Duration duration, List<String> warnings) {
    Targets targets = targets(a, 1, 0, true);
    for (Archetype t : targets.archetypes()) {
      if (!t.model().profile().allows(Service.SMS_MO)) {
        warnings.add(a.error("targets", "archetype " + t + " may not send SMS (its profile has no SMS_MO): the "
            + "network will block the fraud attempts").getMessage());
      }
    }
    return new AttackSpec.SmsFraud(name, start, duration == null ? Duration.ofHours(6) : duration, targets,
        a.number("sms-per-hour", 120, 0.1, 36_000), smsDestinations(a), pace(a), a.where());
  }

  /**
   * Voice fraud. Unlike SMS fraud, targets without VOICE get no warning: the network refuses their calls, and the
   * refused attempts are what the voice detector sees on a data-only SIM.
   */
  private static AttackSpec voiceFraud(ScenarioObject a, String name, Duration start, Duration duration) {
    Targets targets = targets(a, 1, 0, true);
    double perHour = a.number("calls-per-hour", 20, 0.1, 3_600);
    Duration callDuration = a.duration("call-duration", Duration.ofMinutes(2), Duration.ofSeconds(1),
        Duration.ofHours(2));
    if (perHour * callDuration.toMillis() > Duration.ofHours(1).toMillis()) {
      throw a.error("calls-per-hour", "a SIM has one line: " + ScenarioObject.fmt(perHour) + " calls an hour of "
          + Scenario.human(callDuration) + " each need more than an hour; lower calls-per-hour or call-duration");
    }
    return new AttackSpec.VoiceFraud(name, start, duration == null ? Duration.ofHours(8) : duration, targets, perHour,
        callDuration, callDestinations(a), pace(a), a.where());
  }

  /** The {@code vectors} weights of a Mirai attack: services scanned and exploited, adding up to 1. */
  private static Map<ScanVector, Double> scanVectors(ScenarioObject a) {
    String[] ids = Named.ids(ScanVector.class).split(", ");
    return shares(a, "vectors", ScanVector.class, ids, id -> Named.byId(ScanVector.class, id),
        Map.of(ScanVector.TELNET, 1.0), "{ telnet = 0.6, tr-069 = 0.2, adb = 0.1, huawei-hg532 = 0.05, web = 0.05 }");
  }

  /** The {@code destinations} shares of a voice-fraud attack: classes of number, adding up to 1. */
  private static Map<CallDestination, Double> callDestinations(ScenarioObject a) {
    return shares(a, "destinations", CallDestination.class, new String[] {"domestic", "international",
        "premium-rate", "irsf-range"}, id -> CallDestination.valueOf(id.toUpperCase(Locale.ROOT).replace('-', '_')),
        DEFAULT_CALL_DESTINATIONS, "{ irsf-range = 0.8, international = 0.2 }");
  }

  /** The {@code destinations} shares of an SMS-fraud attack: classes of number, adding up to 1. */
  static Map<SmsDestination, Double> smsDestinations(ScenarioObject a) {
    return smsDestinations(a, DEFAULT_SMS_DESTINATIONS, "{ international = 0.8, premium-rate = 0.2 }");
  }

  /** The {@code destinations} shares of SMS: classes of number, adding up to 1; {@code fallback} when absent. */
  static Map<SmsDestination, Double> smsDestinations(ScenarioObject a, Map<SmsDestination, Double> fallback,
      String example) {
    return shares(a, "destinations", SmsDestination.class, new String[] {"domestic", "short-code", "international",
        "premium-rate"}, id -> SmsDestination.valueOf(id.toUpperCase(Locale.ROOT).replace('-', '_')), fallback,
        example);
  }

  /** An object of shares keyed by {@code ids}, adding up to 1; {@code fallback} when the key is absent. */
  private static <E extends Enum<E>> Map<E, Double> shares(ScenarioObject a, String key, Class<E> type, String[] ids,
      Function<String, E> byId, Map<E, Double> fallback, String example) {
    ScenarioObject d = a.object(key);
    if (d == null) {
      return fallback;
    }
    d.allowOnly(ids);
    Map<E, Double> shares = new EnumMap<>(type);
    double sum = 0;
    for (String id : ids) {
      if (d.has(id)) {
        double share = d.number(id, Double.NaN, 0, 1);
        shares.put(byId.apply(id), share);
        sum += share;
      }
    }
    if (Math.abs(sum - 1.0) > 0.001) {
      throw a.error(key, "shares add up to " + ScenarioObject.fmt(Math.round(sum * 1e4) / 1e4)
          + "; they must add up to 1, e.g. " + example);
    }
    return Collections.unmodifiableMap(shares);
  }

  private static Targets targets(ScenarioObject attack, int defaultSims, double defaultShare, boolean countAllowed) {
    ScenarioObject t = attack.object("targets");
    if (t == null) {
      return new Targets(Set.of(), defaultSims, defaultShare);
    }
    t.allowOnly(countAllowed ? new String[] {"archetypes", "sims", "share", "same-as"} : new String[] {"archetypes"});
    if (t.has("same-as")) {
      if (t.keys().size() > 1) {
        throw t.error("same-as", "hits the SIMs of that earlier attack; leave archetypes, sims and share out");
      }
      return new Targets(Set.of(), 0, 0, t.string("same-as", null));
    }
    Set<Archetype> archetypes = EnumSet.noneOf(Archetype.class);
    for (String id : t.strings("archetypes")) {
      Archetype a = Named.byId(Archetype.class, id);
      if (a == null) {
        throw t.error("archetypes", "unknown archetype '" + id + "'; archetypes: " + Named.ids(Archetype.class));
      }
      archetypes.add(a);
    }
    if (t.has("sims") && t.has("share")) {
      throw t.error("share", "give either sims (a number) or share (a fraction of the eligible SIMs), not both");
    }
    if (t.has("sims")) {
      return new Targets(archetypes, (int) t.integer("sims", null, 1, Identities.MAX_SIMS), 0);
    }
    if (t.has("share")) {
      return new Targets(archetypes, 0, t.number("share", 0.1, 0.000_001, 1));
    }
    return new Targets(archetypes, defaultSims, defaultShare);
  }

  static int ipv4(ScenarioObject n, String key) {
    String text = n.string(key, null);
    try {
      IpAddress ip = IpAddress.of(text);
      if (ip.isV6()) {
        throw n.error(key, "must be an IPv4 address, got " + text);
      }
      return ip.v4Bits();
    } catch (ValidationException e) {
      throw n.error(key, e.getMessage());
    }
  }

  private static String removable() {
    List<String> ids = new ArrayList<>();
    for (Archetype a : Archetype.values()) {
      if (a.model().formFactor() == FormFactor.REMOVABLE) {
        ids.add(a.id());
      }
    }
    return String.join(", ", ids);
  }
}
