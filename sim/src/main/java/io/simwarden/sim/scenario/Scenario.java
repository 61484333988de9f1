package io.simwarden.sim.scenario;

import io.simwarden.sim.archetype.Archetype;
import io.simwarden.sim.archetype.Identities;
import io.simwarden.sim.clock.VirtualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A validated scenario: the fleet, the simulated period and the attacks. Built by {@link ScenarioParser};
 * the {@code with*} methods apply command-line overrides and re-check what they can break.
 *
 * @param name           short name (file name without {@code .conf} unless the file names itself)
 * @param description    one line for people
 * @param source         where it came from: a file path or {@code builtin:NAME}
 * @param seed           seed of every random choice; same scenario and seed give the same run
 * @param start          simulated start instant (UTC)
 * @param duration       simulated length
 * @param reportInterval length of a report interval (one traffic report per attached SIM with traffic)
 * @param devices        fleet size
 * @param mix            relative weight of each archetype in the fleet
 * @param attacks        the attacks, in file order
 * @param grace          how long after an attack ends a detection still counts for it
 * @param warnings       things that are allowed but probably not meant
 * @param changes        benign changes to the fleet (a firmware update, a schedule shift, an outage), in file order
 */
public record Scenario(String name, String description, String source, long seed, Instant start, Duration duration,
    Duration reportInterval, int devices, Map<Archetype, Double> mix, List<AttackSpec> attacks, Duration grace,
    List<String> warnings, List<ChangeSpec> changes) {

  public static final Duration MAX_DURATION = Duration.ofDays(31);
  /** Built-in attacks start after this: detectors learn each SIM's baseline first. */
  public static final Duration LEARNING = Duration.ofHours(8);

  public Scenario {
    mix = Collections.unmodifiableMap(new EnumMap<>(mix));
    attacks = List.copyOf(attacks);
    warnings = List.copyOf(warnings);
    changes = List.copyOf(changes);
  }

  /** A scenario without benign changes. */
  public Scenario(String name, String description, String source, long seed, Instant start, Duration duration,
      Duration reportInterval, int devices, Map<Archetype, Double> mix, List<AttackSpec> attacks, Duration grace,
      List<String> warnings) {
    this(name, description, source, seed, start, duration, reportInterval, devices, mix, attacks, grace, warnings,
        List.of());
  }

  public VirtualClock clock() {
    return VirtualClock.of(start, reportInterval, duration);
  }

  /** SIMs per archetype ({@link Archetype} order): the weights applied to {@link #devices} by largest remainder. */
  public int[] counts() {
    Archetype[] all = Archetype.values();
    double total = mix.values().stream().mapToDouble(Double::doubleValue).sum();
    int[] counts = new int[all.length];
    double[] rest = new double[all.length];
    int assigned = 0;
    for (int i = 0; i < all.length; i++) {
      double exact = devices * mix.getOrDefault(all[i], 0.0) / total;
      counts[i] = (int) Math.floor(exact);
      rest[i] = exact - counts[i];
      assigned += counts[i];
    }
    while (assigned < devices) {
      int best = 0;
      for (int i = 1; i < all.length; i++) {
        if (rest[i] > rest[best]) {
          best = i;
        }
      }
      counts[best]++;
      rest[best] = -1;
      assigned++;
    }
    return counts;
  }

  /** This scenario with {@code n} devices (the mix keeps its proportions). */
  public Scenario withDevices(int n) {
    if (n < 1 || n > Identities.MAX_SIMS) {
      throw new ScenarioException("--devices", 0, "", "must be 1-" + Identities.MAX_SIMS + ", got " + n);
    }
    return new Scenario(name, description, source, seed, start, duration, reportInterval, n, mix, attacks, grace,
        warnings, changes);
  }

  public Scenario withSeed(long s) {
    return new Scenario(name, description, source, s, start, duration, reportInterval, devices, mix, attacks, grace,
        warnings, changes);
  }

  /**
   * This scenario over {@code d} of simulated time. Attacks that would start after the end are left out,
   * with a warning; the others are cut at the end of the run.
   */
  public Scenario withDuration(Duration d) {
    checkDuration("--duration", 0, "", d, reportInterval);
    List<AttackSpec> kept = new ArrayList<>();
    List<ChangeSpec> keptChanges = changes.stream().filter(c -> c.at().compareTo(d) < 0).toList();
    List<String> more = new ArrayList<>(warnings);
    for (AttackSpec a : attacks) {
      if (a.start().compareTo(d) < 0) {
        kept.add(a);
      } else {
        more.add("--duration " + human(d) + ": attack '" + a.name() + "' (" + a.where() + ") starts at "
            + human(a.start()) + ", after the end of the run, and is left out");
      }
    }
    return new Scenario(name, description, source, seed, start, d, reportInterval, devices, mix, kept, grace, more,
        keptChanges);
  }

  /** Checks a run length against the report interval; used by the parser and by {@link #withDuration}. */
  static void checkDuration(String src, int line, String key, Duration d, Duration interval) {
    if (d.compareTo(interval) < 0 || d.compareTo(MAX_DURATION) > 0) {
      throw new ScenarioException(src, line, key, "must be between the report interval (" + human(interval)
          + ") and " + human(MAX_DURATION) + ", got " + human(d));
    }
    if (d.toMillis() % interval.toMillis() != 0) {
      throw new ScenarioException(src, line, key, "must be a whole number of report intervals (" + human(interval)
          + "), got " + human(d));
    }
  }

  /** A duration as people write it in scenarios: {@code 90s}, {@code 5m}, {@code 8h}, {@code 7d}, {@code 1h30m}. */
  public static String human(Duration d) {
    long s = d.getSeconds();
    if (s == 0) {
      return d.toMillis() + "ms";
    }
    StringBuilder b = new StringBuilder();
    long days = s / 86_400;
    long hours = s % 86_400 / 3_600;
    long minutes = s % 3_600 / 60;
    long seconds = s % 60;
    if (days > 0) {
      b.append(days).append('d');
    }
    if (hours > 0) {
      b.append(hours).append('h');
    }
    if (minutes > 0) {
      b.append(minutes).append('m');
    }
    if (seconds > 0) {
      b.append(seconds).append('s');
    }
    return b.toString();
  }
}
