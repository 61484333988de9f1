package io.simwarden.sim.scenario;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigSyntax;
import io.simwarden.core.ValidationException;
import io.simwarden.core.id.IpAddress;
import io.simwarden.core.policy.CallDestination;
import io.simwarden.core.policy.FormFactor;
import io.simwarden.core.policy.Service;
import io.simwarden.sim.Named;
import io.simwarden.sim.archetype.Archetype;
import io.simwarden.sim.archetype.Identities;
import io.simwarden.sim.attack.AttackKind;
import io.simwarden.sim.attack.FloodVector;
import io.simwarden.sim.attack.Pace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads scenario files (HOCON). The format is documented with a full example in {@code sim/README.md};
 * every key is checked, unknown keys are refused with a suggestion, and every error names the file,
 * the line and the key.
 */
public final class ScenarioParser {

  public static final Instant DEFAULT_START = Instant.parse("2026-01-05T00:00:00Z");
  private static final String[] ROOT_KEYS = {"name", "description", "seed", "start", "duration", "report-interval",
      "devices", "fleet", "attacks", "scoring"};
  private static final String[] COMMON_ATTACK_KEYS = {"type", "name", "start", "duration", "targets"};
  private static final Duration DAY = Duration.ofDays(1);
  private static final Pattern HOURS = Pattern.compile("(\\d{1,2})\\s*-\\s*(\\d{1,2})");
  /** IRSF pumping dials mostly hot-listed ranges, and ordinary foreign numbers in between. */
  private static final Map<CallDestination, Double> DEFAULT_CALL_DESTINATIONS = Collections.unmodifiableMap(
      new EnumMap<>(Map.of(CallDestination.IRSF_RANGE, 0.8, CallDestination.INTERNATIONAL, 0.2)));

  private ScenarioParser() {}

  /** Parses a scenario file; its name defaults to the file name without {@code .conf}. */
  public static Scenario parseFile(Path file) {
    String source = file.toString();
    if (!Files.isRegularFile(file)) {
      throw new ScenarioException(source, 0, "", "no such file; give a scenario file or a built-in name ("
          + String.join(", ", BuiltInScenarios.names()) + ")");
    }
    Config config = load(source, () -> ConfigFactory.parseFile(file.toFile(), options()));
    String fileName = file.getFileName().toString();
    return parse(config, source, fileName.endsWith(".conf") ? fileName.substring(0, fileName.length() - 5) : fileName);
  }

  /** Parses scenario text; {@code source} names it in errors and {@code name} is its default name. */
  public static Scenario parseText(String text, String source, String name) {
    return parse(load(source, () -> ConfigFactory.parseString(text, options().setOriginDescription(source))), source,
        name);
  }

  static Config load(String source, Supplier<Config> parse) {
    try {
      return parse.get().resolve();
    } catch (ConfigException e) {
      ConfigOrigin o = e.origin();
      String message = e.getMessage();
      if (o != null && message.startsWith(o.description() + ": ")) {
        message = message.substring(o.description().length() + 2);
      }
      throw new ScenarioException(source, o == null ? 0 : Math.max(0, o.lineNumber()), "",
          "not valid HOCON: " + message);
    }
  }

  private static ConfigParseOptions options() {
    return ConfigParseOptions.defaults().setSyntax(ConfigSyntax.CONF).setAllowMissing(false);
  }

  static Scenario parse(Config config, String source, String defaultName) {
    ScenarioObject root = new ScenarioObject(config.root(), "", source);
    root.allowOnly(ROOT_KEYS);
    String name = root.string("name", defaultName);
    if (!name.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")) {
      throw root.error("name", "must be 1-64 letters, digits, '.', '_' or '-', got \"" + name + "\"");
    }
    String description = root.string("description", "");
    long seed = root.integer("seed", 1L, -(1L << 53), 1L << 53);
    Instant start = root.instant("start", DEFAULT_START);
    Duration interval = root.duration("report-interval", Duration.ofMinutes(5), Duration.ofMinutes(1),
        Duration.ofHours(1));
    if (interval.toMillis() % 1_000 != 0 || 3_600_000 % interval.toMillis() != 0) {
      throw root.error("report-interval", "must divide an hour evenly (1m, 2m, 5m, 10m, 15m, 20m, 30m, 1h), got "
          + Scenario.human(interval));
    }
    Duration duration = root.duration("duration", Duration.ofHours(24), Duration.ofMinutes(1), Scenario.MAX_DURATION);
    Scenario.checkDuration(source, root.lineOf("duration"), "duration", duration, interval);

    Map<Archetype, Double> mix = new EnumMap<>(Archetype.class);
    int devices = fleet(root, mix);

    List<String> warnings = new ArrayList<>();
    List<AttackSpec> attacks = new ArrayList<>();
    Set<String> names = new HashSet<>();
    List<ScenarioObject> attackNodes = root.objects("attacks");
    for (int i = 0; i < attackNodes.size(); i++) {
      AttackSpec a = attack(attackNodes.get(i), i, duration, warnings);
      if (!names.add(a.name())) {
        throw attackNodes.get(i).error("name", "another attack is already called '" + a.name() + "'");
      }
      attacks.add(a);
    }

    Duration grace = Duration.ofHours(2);
    ScenarioObject scoring = root.object("scoring");
    if (scoring != null) {
      scoring.allowOnly("grace");
      grace = scoring.duration("grace", grace, Duration.ZERO, DAY);
    }
    return new Scenario(name, description, source, seed, start, duration, interval, devices, mix, attacks, grace,
        warnings);
  }

  /** Reads {@code fleet} into {@code mix}; returns the fleet size. */
  private static int fleet(ScenarioObject root, Map<Archetype, Double> mix) {
    ScenarioObject fleet = root.object("fleet");
    if (fleet == null) {
      throw root.error("fleet", "required: e.g. fleet { smart-meter { share = 0.6 }, ip-camera { share = 0.4 } }");
    }
    Boolean shares = null;
    double sum = 0;
    for (String key : fleet.keys()) {
      Archetype a = Named.byId(Archetype.class, key);
      if (a == null) {
        String near = ScenarioObject.nearest(key, Named.ids(Archetype.class).split(", "));
        throw fleet.error(key, "unknown archetype" + (near == null ? "" : "; did you mean '" + near + "'?")
            + " Archetypes: " + Named.ids(Archetype.class));
      }
      ScenarioObject entry = fleet.object(key);
      entry.allowOnly("count", "share");
      boolean isShare = entry.has("share");
      if (isShare == entry.has("count")) {
        throw fleet.error(key, "give either count (a number of SIMs) or share (a fraction of devices), not "
            + (isShare ? "both" : "neither"));
      }
      if (shares != null && shares != isShare) {
        throw fleet.error(key, "mixes count and share; use shares for every archetype (with devices = N) "
            + "or counts for every archetype");
      }
      shares = isShare;
      double w = isShare ? entry.number("share", Double.NaN, 0, 1)
          : entry.integer("count", null, 0, Identities.MAX_SIMS);
      mix.put(a, w);
      sum += w;
    }
    if (shares == null) {
      throw root.error("fleet", "is empty; list at least one archetype: " + Named.ids(Archetype.class));
    }
    if (shares) {
      if (Math.abs(sum - 1.0) > 0.001) {
        throw root.error("fleet", "shares add up to " + ScenarioObject.fmt(Math.round(sum * 1e4) / 1e4)
            + "; they must add up to 1");
      }
      return (int) root.integer("devices", null, 1, Identities.MAX_SIMS);
    }
    if (sum < 1 || sum > Identities.MAX_SIMS) {
      throw root.error("fleet", "counts add up to " + ScenarioObject.fmt(sum) + "; the fleet needs 1-"
          + Identities.MAX_SIMS + " SIMs");
    }
    if (root.has("devices") && root.integer("devices", null, 1, Identities.MAX_SIMS) != (long) sum) {
      throw root.error("devices", "is " + root.string("devices", "") + " but the fleet counts add up to "
          + ScenarioObject.fmt(sum) + "; leave devices out when you give counts");
    }
    return (int) sum;
  }

  private static AttackSpec attack(ScenarioObject a, int index, Duration runLength, List<String> warnings) {
    String typeName = a.string("type", null);
    AttackKind kind = Named.byId(AttackKind.class, typeName);
    if (kind == null) {
      String near = ScenarioObject.nearest(typeName, Named.ids(AttackKind.class).split(", "));
      throw a.error("type", "unknown attack type '" + typeName + "'" + (near == null ? "" : "; did you mean '"
          + near + "'?") + " Types: " + Named.ids(AttackKind.class));
    }
    a.allowOnly(keys(switch (kind) {
      case MIRAI -> new String[] {"initial-bots", "spread-per-hour", "vulnerable-share", "scan-rate",
          "telnet-2323-share", "ddos"};
      case SIM_THEFT -> new String[] {"abroad-share", "data-per-hour", "destinations", "sms-per-hour"};
      case EXFILTRATION -> new String[] {"data-per-hour", "relative-volume", "destination", "port", "encrypted",
          "hours", "ramp-per-day"};
      case SIGNALLING_STORM -> new String[] {"outage", "retry-interval"};
      case SMS_FRAUD -> new String[] {"sms-per-hour", "hours", "ramp-per-day"};
      case VOICE_FRAUD -> new String[] {"calls-per-hour", "call-duration", "destinations"};
    }));
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

  private static String[] keys(String... extra) {
    String[] all = new String[COMMON_ATTACK_KEYS.length + extra.length];
    System.arraycopy(COMMON_ATTACK_KEYS, 0, all, 0, COMMON_ATTACK_KEYS.length);
    System.arraycopy(extra, 0, all, COMMON_ATTACK_KEYS.length, extra.length);
    return all;
  }

  private static AttackSpec mirai(ScenarioObject a, String name, Duration start, Duration duration,
      Duration runLength) {
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
    return new AttackSpec.Mirai(name, start, duration, targets, initial, spread, vulnerable, scanRate, share2323, ddos,
        a.where());
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

  private static AttackSpec smsFraud(ScenarioObject a, String name, Duration start, Duration duration,
      List<String> warnings) {
    Targets targets = targets(a, 1, 0, true);
    for (Archetype t : targets.archetypes()) {
      if (!t.model().profile().allows(Service.SMS_MO)) {
        warnings.add(a.error("targets", "archetype " + t + " may not send SMS (its profile has no SMS_MO): the "
            + "network will block the fraud attempts").getMessage());
      }
    }
    return new AttackSpec.SmsFraud(name, start, duration == null ? Duration.ofHours(6) : duration, targets,
        a.number("sms-per-hour", 120, 0.1, 36_000), pace(a), a.where());
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
        callDuration, callDestinations(a), a.where());
  }

  /** The {@code destinations} shares of a voice-fraud attack: classes of number, adding up to 1. */
  private static Map<CallDestination, Double> callDestinations(ScenarioObject a) {
    ScenarioObject d = a.object("destinations");
    if (d == null) {
      return DEFAULT_CALL_DESTINATIONS;
    }
    String[] ids = {"domestic", "international", "premium-rate", "irsf-range"};
    d.allowOnly(ids);
    Map<CallDestination, Double> shares = new EnumMap<>(CallDestination.class);
    double sum = 0;
    for (String id : ids) {
      if (d.has(id)) {
        double share = d.number(id, Double.NaN, 0, 1);
        shares.put(CallDestination.valueOf(id.toUpperCase(Locale.ROOT).replace('-', '_')), share);
        sum += share;
      }
    }
    if (Math.abs(sum - 1.0) > 0.001) {
      throw a.error("destinations", "shares add up to " + ScenarioObject.fmt(Math.round(sum * 1e4) / 1e4)
          + "; they must add up to 1, e.g. { irsf-range = 0.8, international = 0.2 }");
    }
    return Collections.unmodifiableMap(shares);
  }

  private static Targets targets(ScenarioObject attack, int defaultSims, double defaultShare, boolean countAllowed) {
    ScenarioObject t = attack.object("targets");
    if (t == null) {
      return new Targets(Set.of(), defaultSims, defaultShare);
    }
    t.allowOnly(countAllowed ? new String[] {"archetypes", "sims", "share"} : new String[] {"archetypes"});
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

  private static int ipv4(ScenarioObject n, String key) {
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
