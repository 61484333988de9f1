package io.simwarden.sim.scenario;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigSyntax;
import io.simwarden.sim.Named;
import io.simwarden.sim.archetype.Archetype;
import io.simwarden.sim.archetype.Identities;
import io.simwarden.sim.attack.AttackKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Reads scenario files (HOCON). The format is documented with a full example in {@code sim/README.md};
 * every key is checked, unknown keys are refused with a suggestion, and every error names the file,
 * the line and the key.
 */
public final class ScenarioParser {

  public static final Instant DEFAULT_START = Instant.parse("2026-01-05T00:00:00Z");
  private static final String[] ROOT_KEYS = {"name", "description", "seed", "start", "duration", "report-interval",
      "devices", "fleet", "attacks", "changes", "scoring"};
  private static final Duration DAY = Duration.ofDays(1);

  private ScenarioParser() {}

  /** Parses a scenario file; its name defaults to the file name without {@code .conf}. */
  public static Scenario parseFile(Path file) {
    return parseFile(file, UnaryOperator.identity());
  }

  /** Parses a scenario file after {@code edit} changed its configuration (e.g. one attack's parameter). */
  public static Scenario parseFile(Path file, UnaryOperator<Config> edit) {
    String source = file.toString();
    if (!Files.isRegularFile(file)) {
      throw new ScenarioException(source, 0, "", "no such file; give a scenario file or a built-in name ("
          + String.join(", ", BuiltInScenarios.names()) + ")");
    }
    Config config = load(source, () -> ConfigFactory.parseFile(file.toFile(), options()));
    String fileName = file.getFileName().toString();
    return parse(edit.apply(config), source, fileName.endsWith(".conf") ? fileName.substring(0, fileName.length() - 5) : fileName);
  }

  /** Parses scenario text; {@code source} names it in errors and {@code name} is its default name. */
  public static Scenario parseText(String text, String source, String name) {
    return parseText(text, source, name, UnaryOperator.identity());
  }

  /** Parses scenario text after {@code edit} changed its configuration. */
  public static Scenario parseText(String text, String source, String name, UnaryOperator<Config> edit) {
    return parse(edit.apply(load(source, () -> ConfigFactory.parseString(text, options().setOriginDescription(source)))),
        source, name);
  }

  /** The keys an attack of {@code kind} takes, in the order the format lists them. */
  public static List<String> attackKeys(AttackKind kind) {
    return List.of(AttackParser.keys(kind));
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
    Map<String, AttackSpec> names = new LinkedHashMap<>();
    List<ScenarioObject> attackNodes = root.objects("attacks");
    for (int i = 0; i < attackNodes.size(); i++) {
      AttackSpec a = AttackParser.attack(attackNodes.get(i), i, duration, warnings, names);
      if (names.putIfAbsent(a.name(), a) != null) {
        throw attackNodes.get(i).error("name", "another attack is already called '" + a.name() + "'");
      }
      attacks.add(a);
    }

    List<ChangeSpec> changes = new ArrayList<>();
    for (ScenarioObject c : root.objects("changes")) {
      changes.add(ChangeParser.change(c, duration));
    }

    Duration grace = Duration.ofHours(2);
    ScenarioObject scoring = root.object("scoring");
    if (scoring != null) {
      scoring.allowOnly("grace");
      grace = scoring.duration("grace", grace, Duration.ZERO, DAY);
    }
    return new Scenario(name, description, source, seed, start, duration, interval, devices, mix, attacks, grace,
        warnings, changes);
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
        throw root.error("fleet", "shares add up to " + ScenarioObject.fmt(Math.round(sum * 1e4) / 1e4) + "; they must add up to 1");
      }
      return (int) root.integer("devices", null, 1, Identities.MAX_SIMS);
    }
    if (sum < 1 || sum > Identities.MAX_SIMS) {
      throw root.error("fleet", "counts add up to " + ScenarioObject.fmt(sum) + "; the fleet needs 1-" + Identities.MAX_SIMS
          + " SIMs");
    }
    if (root.has("devices") && root.integer("devices", null, 1, Identities.MAX_SIMS) != (long) sum) {
      throw root.error("devices", "is " + root.string("devices", "") + " but the fleet counts add up to "
          + ScenarioObject.fmt(sum) + "; leave devices out when you give counts");
    }
    return (int) sum;
  }

}
