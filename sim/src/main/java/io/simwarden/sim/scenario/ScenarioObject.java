package io.simwarden.sim.scenario;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One object of a scenario file with typed, range-checked getters. Every problem becomes a
 * {@link ScenarioException} naming the file, the line of the offending value (or of the object when
 * the key is missing) and the full key path.
 */
final class ScenarioObject {

  private static final Pattern BIT_RATE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kKmMgG]?)bps");

  private final ConfigObject object;
  private final String path;
  private final String source;

  ScenarioObject(ConfigObject object, String path, String source) {
    this.object = object;
    this.path = path;
    this.source = source;
  }

  String path() {
    return path;
  }

  String key(String k) {
    return path.isEmpty() ? k : path + "." + k;
  }

  int line() {
    return line(object.origin());
  }

  /** {@code file:line} of this object, for messages that refer to it later. */
  String where() {
    return source + ":" + line();
  }

  private static int line(ConfigOrigin origin) {
    return origin == null ? 0 : Math.max(origin.lineNumber(), 0);
  }

  ScenarioException error(String k, String problem) {
    return new ScenarioException(source, lineOf(k), key(k), problem);
  }

  /** Line of the value of {@code k}, or of this object when {@code k} is absent. */
  int lineOf(String k) {
    ConfigValue v = object.get(k);
    return line(v == null ? object.origin() : v.origin());
  }

  /** Rejects keys other than {@code allowed}, suggesting the nearest allowed key. */
  void allowOnly(String... allowed) {
    Set<String> known = Set.of(allowed);
    for (String k : new TreeSet<>(object.keySet())) {
      if (!known.contains(k)) {
        String near = nearest(k, allowed);
        throw error(k, "unknown key" + (near == null ? "" : "; did you mean '" + near + "'?")
            + " Keys allowed here: " + String.join(", ", allowed));
      }
    }
  }

  Set<String> keys() {
    return new TreeSet<>(object.keySet());
  }

  boolean has(String k) {
    ConfigValue v = object.get(k);
    return v != null && v.valueType() != ConfigValueType.NULL;
  }

  String string(String k, String fallback) {
    if (!has(k)) {
      if (fallback == null) {
        throw error(k, "required");
      }
      return fallback;
    }
    ConfigValue v = object.get(k);
    if (v.valueType() == ConfigValueType.OBJECT || v.valueType() == ConfigValueType.LIST) {
      throw error(k, "must be a single value, got " + describe(v));
    }
    return String.valueOf(v.unwrapped()).trim();
  }

  boolean bool(String k, boolean fallback) {
    if (!has(k)) {
      return fallback;
    }
    try {
      return object.toConfig().getBoolean(quoted(k));
    } catch (ConfigException e) {
      throw error(k, "must be true or false, got " + describe(object.get(k)));
    }
  }

  double number(String k, double fallback, double min, double max) {
    if (!has(k)) {
      if (Double.isNaN(fallback)) {
        throw error(k, "required: a number from " + fmt(min) + " to " + fmt(max));
      }
      return fallback;
    }
    double d;
    try {
      d = object.toConfig().getDouble(quoted(k));
    } catch (ConfigException e) {
      throw error(k, "must be a number from " + fmt(min) + " to " + fmt(max) + ", got " + describe(object.get(k)));
    }
    if (!(d >= min && d <= max)) {
      throw error(k, "must be from " + fmt(min) + " to " + fmt(max) + ", got " + fmt(d));
    }
    return d;
  }

  /** A whole number; {@code fallback} {@code null} makes it required. */
  long integer(String k, Long fallback, long min, long max) {
    double d = number(k, fallback == null ? Double.NaN : fallback, min, max);
    if (d != Math.rint(d)) {
      throw error(k, "must be a whole number, got " + fmt(d));
    }
    return (long) d;
  }

  Duration duration(String k, Duration fallback, Duration min, Duration max) {
    if (!has(k)) {
      if (fallback == null) {
        throw error(k, "required: a duration such as 30m, 8h or 2d");
      }
      return fallback;
    }
    Duration d;
    try {
      d = object.toConfig().getDuration(quoted(k));
    } catch (ConfigException e) {
      throw error(k, "must be a duration such as 90s, 30m, 8h or 2d, got " + describe(object.get(k)));
    }
    if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
      throw error(k, "must be from " + Scenario.human(min) + " to " + Scenario.human(max) + ", got "
          + Scenario.human(d));
    }
    return d;
  }

  /** A byte amount such as {@code 40MB} or {@code 512kB} (HOCON size units; MB = 10^6 bytes). */
  long bytes(String k, long fallback, long min, long max) {
    if (!has(k)) {
      return fallback;
    }
    long b;
    try {
      b = object.toConfig().getBytes(quoted(k));
    } catch (ConfigException e) {
      throw error(k, "must be an amount of data such as 500kB, 40MB or 2GB, got " + describe(object.get(k)));
    }
    if (b < min || b > max) {
      throw error(k, "must be from " + min + " to " + max + " bytes, got " + b);
    }
    return b;
  }

  /** A bit rate such as {@code 1Mbps}, {@code 256kbps} or {@code 2.5Mbps}, in bits per second. */
  double bitRate(String k, double fallback, double min, double max) {
    if (!has(k)) {
      return fallback;
    }
    Matcher m = BIT_RATE.matcher(string(k, null));
    if (!m.matches()) {
      throw error(k, "must be a bit rate such as 256kbps, 1Mbps or 2.5Mbps, got " + describe(object.get(k)));
    }
    double rate = Double.parseDouble(m.group(1)) * switch (m.group(2).toLowerCase(Locale.ROOT)) {
      case "k" -> 1e3;
      case "m" -> 1e6;
      case "g" -> 1e9;
      default -> 1;
    };
    if (rate < min || rate > max) {
      throw error(k, "must be from " + fmt(min / 1e3) + "kbps to " + fmt(max / 1e6) + "Mbps, got " + m.group());
    }
    return rate;
  }

  Instant instant(String k, Instant fallback) {
    if (!has(k)) {
      return fallback;
    }
    String s = string(k, null);
    try {
      return Instant.parse(s);
    } catch (DateTimeParseException e) {
      throw error(k, "must be an ISO-8601 UTC instant such as \"2026-01-05T00:00:00Z\", got \"" + s + "\"");
    }
  }

  List<String> strings(String k) {
    if (!has(k)) {
      return List.of();
    }
    ConfigValue v = object.get(k);
    if (v.valueType() != ConfigValueType.LIST) {
      throw error(k, "must be a list such as [a, b], got " + describe(v));
    }
    List<String> out = new ArrayList<>();
    for (ConfigValue e : (ConfigList) v) {
      if (e.valueType() == ConfigValueType.OBJECT || e.valueType() == ConfigValueType.LIST) {
        throw new ScenarioException(source, line(e.origin()), key(k), "list elements must be names, got "
            + describe(e));
      }
      out.add(String.valueOf(e.unwrapped()).trim());
    }
    return out;
  }

  /** The sub-object {@code k}, or {@code null} when absent. */
  ScenarioObject object(String k) {
    if (!has(k)) {
      return null;
    }
    ConfigValue v = object.get(k);
    if (v.valueType() != ConfigValueType.OBJECT) {
      throw error(k, "must be an object { ... }, got " + describe(v));
    }
    return new ScenarioObject((ConfigObject) v, key(k), source);
  }

  /** The list of objects {@code k} (empty when absent). */
  List<ScenarioObject> objects(String k) {
    if (!has(k)) {
      return List.of();
    }
    ConfigValue v = object.get(k);
    if (v.valueType() != ConfigValueType.LIST) {
      throw error(k, "must be a list of objects [ { ... }, { ... } ], got " + describe(v));
    }
    List<ScenarioObject> out = new ArrayList<>();
    ConfigList list = (ConfigList) v;
    for (int i = 0; i < list.size(); i++) {
      ConfigValue e = list.get(i);
      if (e.valueType() != ConfigValueType.OBJECT) {
        throw new ScenarioException(source, line(e.origin()), key(k) + "[" + i + "]",
            "must be an object { ... }, got " + describe(e));
      }
      out.add(new ScenarioObject((ConfigObject) e, key(k) + "[" + i + "]", source));
    }
    return out;
  }

  private static String quoted(String k) {
    return "\"" + k + "\"";
  }

  private static String describe(ConfigValue v) {
    return switch (v.valueType()) {
      case OBJECT -> "an object";
      case LIST -> "a list";
      case NULL -> "null";
      case STRING -> "\"" + v.unwrapped() + "\"";
      default -> String.valueOf(v.unwrapped());
    };
  }

  static String fmt(double d) {
    return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
  }

  /** The allowed key closest to {@code k} (edit distance ≤ 2, or a prefix), or {@code null}. */
  static String nearest(String k, String... allowed) {
    String best = null;
    int bestDistance = 3;
    for (String a : allowed) {
      int d = distance(k.toLowerCase(Locale.ROOT), a);
      if (d < bestDistance || (best == null && (a.startsWith(k) || k.startsWith(a)))) {
        best = a;
        bestDistance = Math.min(d, bestDistance);
      }
    }
    return best;
  }

  private static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    Arrays.setAll(prev, i -> i);
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
