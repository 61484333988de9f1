package io.simwarden.loadtest.harness;

import java.util.Locale;

/**
 * One measured figure beside its limit, both measured in the same run and in the same unit.
 *
 * @param key       stable identifier across runs (medians are taken per key)
 * @param what      what the figure is, for people
 * @param value     the figure
 * @param limitWhat what the limit is: the same work done the plainest way on the same machine
 * @param limit     the limit
 * @param unit      unit of both
 */
public record Figure(String key, String what, double value, String limitWhat, double limit, String unit) {

  /** Prefix of the line a forked benchmark JVM prints for each figure. */
  static final String LINE_PREFIX = "FIGURE\t";

  public Figure {
    if (!(value >= 0) || !(limit >= 0) || Double.isInfinite(value) || Double.isInfinite(limit)) {
      throw new IllegalArgumentException(key + ": figure and limit must be finite and non-negative, got " + value
          + " beside " + limit);
    }
  }

  /** Figure divided by limit (1.0: the figure reaches its limit). */
  public double ratio() {
    return limit == 0 ? 0 : value / limit;
  }

  /** The figure beside its limit, as printed after each run. */
  public String describe() {
    return String.format(Locale.ROOT, "%-44s %14s %-10s | limit %s: %s %s | ratio %s", what, format(value), unit,
        limitWhat, format(limit), unit, format(ratio()));
  }

  String toLine() {
    return LINE_PREFIX + String.join("\t", key, what, Double.toString(value), limitWhat, Double.toString(limit), unit);
  }

  static Figure parseLine(String line) {
    String[] f = line.substring(LINE_PREFIX.length()).split("\t", -1);
    if (f.length != 6) {
      throw new IllegalArgumentException("malformed figure line from a forked benchmark: " + line);
    }
    return new Figure(f[0], f[1], Double.parseDouble(f[2]), f[3], Double.parseDouble(f[4]), f[5]);
  }

  /** Numbers for people: thousands separated, three significant decimals below 100. */
  public static String format(double v) {
    if (v >= 100) {
      return String.format(Locale.ROOT, "%,.0f", v);
    }
    return String.format(Locale.ROOT, "%.3g", v);
  }
}
