package io.simwarden.sim.sweep;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code KEY=FROM..TO}: the attack parameter a sweep varies and its range. FROM and TO are numbers with the same
 * unit, or none ({@code 0.5..8}, {@code 100kB..4MB} is refused, {@code 100kB..4000kB} is not), written back with
 * that unit so that the scenario's own parser reads and checks every step's value.
 *
 * @param key  the attack's key, or a path in it ({@code ddos.rate}, {@code destinations.irsf-range})
 * @param from the first value: the weakest setting, where the attack is hardest to see
 * @param to   the last value
 * @param unit the unit both ends carry ({@code kB}, {@code m}, {@code h}), or empty
 */
public record SweepParam(String key, double from, double to, String unit) {

  private static final Pattern FORM = Pattern.compile("([a-z][a-z0-9-]*(?:\\.[a-z][a-z0-9-]*)?)=(.+)\\.\\.(.+)");
  private static final Pattern VALUE = Pattern.compile("\\s*([0-9]*\\.?[0-9]+(?:[eE][+-]?[0-9]+)?)\\s*([A-Za-z/]*)\\s*");

  /** Parses {@code --param}; throws {@link SweepException} naming the flag and the fix. */
  public static SweepParam parse(String text) {
    Matcher m = FORM.matcher(text.trim());
    if (!m.matches()) {
      throw new SweepException("--param", "must be KEY=FROM..TO, e.g. sms-per-hour=0.5..8 or data-per-hour=100kB..2000kB, "
          + "got '" + text + "'");
    }
    Matcher from = VALUE.matcher(m.group(2));
    Matcher to = VALUE.matcher(m.group(3));
    if (!from.matches() || !to.matches()) {
      throw new SweepException("--param", "FROM and TO must be non-negative numbers with an optional unit (0.5, "
          + "600kB, 12m), got '" + m.group(2) + "' and '" + m.group(3) + "'");
    }
    if (!from.group(2).equals(to.group(2))) {
      throw new SweepException("--param", "FROM and TO must have the same unit, got '" + from.group(2) + "' and '"
          + to.group(2) + "'; write both in one unit, e.g. 100kB..4000kB");
    }
    double a = Double.parseDouble(from.group(1));
    double b = Double.parseDouble(to.group(1));
    if (a == b) {
      throw new SweepException("--param", "FROM and TO are the same (" + m.group(2).trim() + "); give a range, "
          + "weakest setting first");
    }
    return new SweepParam(m.group(1), a, b, from.group(2));
  }

  /** {@code steps} values from {@code from} to {@code to}, evenly spaced, or evenly on a log scale. */
  public double[] values(int steps, boolean log) {
    if (log && (from <= 0 || to <= 0)) {
      throw new SweepException("--log", "needs FROM and TO above 0, got " + format(from) + " and " + format(to)
          + "; leave --log out for an evenly spaced range");
    }
    double[] out = new double[steps];
    for (int i = 0; i < steps; i++) {
      double f = i / (double) (steps - 1);
      double v = log ? Math.exp(Math.log(from) + f * (Math.log(to) - Math.log(from))) : from + f * (to - from);
      out[i] = new BigDecimal(v).round(new MathContext(3)).doubleValue();
    }
    return out;
  }

  /** A value as the scenario format takes it: the number (three significant digits at most) and the unit. */
  public String format(double v) {
    return new BigDecimal(v).round(new MathContext(3)).stripTrailingZeros().toPlainString() + unit;
  }

  /** The first segment of {@link #key}: the attack's own key. */
  String topKey() {
    int dot = key.indexOf('.');
    return dot < 0 ? key : key.substring(0, dot);
  }
}
