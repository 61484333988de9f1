package io.simwarden.loadtest.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The samples of a Prometheus text exposition ({@code GET /metrics}), read back by a benchmark: a gauge's value,
 * and a classic histogram's buckets, from which a quantile is estimated the way Prometheus's
 * {@code histogram_quantile} does (linear interpolation inside the bucket that holds it).
 */
final class PromText {

  /** One sample: metric name, labels, value. */
  private record Sample(String name, Map<String, String> labels, double value) {}

  private final List<Sample> samples;

  private PromText(List<Sample> samples) {
    this.samples = samples;
  }

  /** Parses the text format; comment lines and blank lines are skipped. */
  static PromText parse(String text) {
    List<Sample> samples = new ArrayList<>();
    for (String raw : text.split("\n")) {
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int brace = line.indexOf('{');
      int space = line.indexOf(' ');
      String name;
      Map<String, String> labels = new HashMap<>();
      String rest;
      if (brace >= 0 && (space < 0 || brace < space)) {
        name = line.substring(0, brace);
        int close = labelsEnd(line, brace);
        parseLabels(line.substring(brace + 1, close), labels);
        rest = line.substring(close + 1).strip();
      } else {
        name = line.substring(0, space);
        rest = line.substring(space + 1).strip();
      }
      String value = rest.split("\\s+")[0];
      samples.add(new Sample(name, labels, parseValue(value)));
    }
    return new PromText(samples);
  }

  /** The value of the sample {@code name} whose labels include {@code label=value}; {@code NaN} when absent. */
  double value(String name, String label, String value) {
    for (Sample s : samples) {
      if (s.name.equals(name) && value.equals(s.labels.get(label))) {
        return s.value;
      }
    }
    return Double.NaN;
  }

  /** The values of a labelled series by that label's value, e.g. every projection's lag gauge. */
  Map<String, Double> values(String name, String label) {
    Map<String, Double> out = new TreeMap<>();
    for (Sample s : samples) {
      if (s.name.equals(name) && s.labels.containsKey(label)) {
        out.put(s.labels.get(label), s.value);
      }
    }
    return out;
  }

  /**
   * The classic histogram {@code name} of the series with {@code label=value}: its {@code _bucket} samples. Empty
   * (no buckets, count 0) when the series is absent.
   */
  Histogram histogram(String name, String label, String value) {
    TreeMap<Double, Double> buckets = new TreeMap<>();
    for (Sample s : samples) {
      if (s.name.equals(name + "_bucket") && value.equals(s.labels.get(label)) && s.labels.containsKey("le")) {
        buckets.put(parseValue(s.labels.get("le")), s.value);
      }
    }
    double[] bounds = new double[buckets.size()];
    double[] cumulative = new double[buckets.size()];
    int i = 0;
    for (Map.Entry<Double, Double> b : buckets.entrySet()) {
      bounds[i] = b.getKey();
      cumulative[i++] = b.getValue();
    }
    return new Histogram(bounds, cumulative);
  }

  /**
   * A classic histogram: upper bounds in ascending order (the last one {@code +Inf}) and the cumulative count of
   * observations at or below each.
   */
  record Histogram(double[] bounds, double[] cumulative) {

    static final Histogram EMPTY = new Histogram(new double[0], new double[0]);

    /** How many observations it holds. */
    double count() {
      return cumulative.length == 0 ? 0 : cumulative[cumulative.length - 1];
    }

    /** The observations made since {@code earlier}, a scrape of the same series (an absent one counts as empty). */
    Histogram minus(Histogram earlier) {
      if (earlier.bounds.length == 0) {
        return this;
      }
      if (bounds.length == 0) {
        return EMPTY;
      }
      Objects.checkIndex(bounds.length - 1, earlier.bounds.length);
      double[] diff = new double[cumulative.length];
      for (int i = 0; i < diff.length; i++) {
        diff[i] = cumulative[i] - earlier.cumulative[i];
      }
      return new Histogram(bounds, diff);
    }

    /** The sum of this and {@code other} (the same buckets), e.g. every projection's lag together. */
    Histogram plus(Histogram other) {
      if (other.bounds.length == 0) {
        return this;
      }
      if (bounds.length == 0) {
        return other;
      }
      double[] sum = new double[cumulative.length];
      for (int i = 0; i < sum.length; i++) {
        sum[i] = cumulative[i] + other.cumulative[i];
      }
      return new Histogram(bounds, sum);
    }

    /**
     * The bounds of the bucket that holds the {@code q}-quantile, e.g. {@code (3, 5]}; {@code -} when empty.
     */
    String bucketOf(double q) {
      double rank = q * count();
      for (int i = 0; i < bounds.length && count() > 0; i++) {
        if (cumulative[i] >= rank) {
          return "(" + format(i == 0 ? 0 : bounds[i - 1]) + ", " + format(bounds[i]) + "]";
        }
      }
      return "-";
    }

    private static String format(double bound) {
      return Double.isInfinite(bound) ? "+Inf" : bound == Math.rint(bound) ? Long.toString((long) bound)
          : Double.toString(bound);
    }

    /**
     * The {@code q}-quantile (0-1), estimated as Prometheus's {@code histogram_quantile}: linear interpolation
     * between the bounds of the bucket that holds it (the first bucket from 0); in the {@code +Inf} bucket, the
     * highest finite bound. {@code NaN} when the histogram is empty.
     */
    double quantile(double q) {
      double count = count();
      if (count <= 0) {
        return Double.NaN;
      }
      double rank = q * count;
      for (int i = 0; i < bounds.length; i++) {
        if (cumulative[i] >= rank) {
          if (Double.isInfinite(bounds[i])) {
            return i == 0 ? Double.NaN : bounds[i - 1];
          }
          double lower = i == 0 ? 0 : bounds[i - 1];
          double below = i == 0 ? 0 : cumulative[i - 1];
          double inBucket = cumulative[i] - below;
          return inBucket <= 0 ? bounds[i] : lower + (bounds[i] - lower) * (rank - below) / inBucket;
        }
      }
      return bounds[bounds.length - 1];
    }
  }

  /** The q-quantile of {@code values} (nearest rank); {@code NaN} when there are none. */
  static double quantile(List<Double> values, double q) {
    if (values.isEmpty()) {
      return Double.NaN;
    }
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(null);
    int rank = (int) Math.ceil(q * sorted.size());
    return sorted.get(Math.max(0, rank - 1));
  }

  private static int labelsEnd(String line, int open) {
    boolean quoted = false;
    for (int i = open + 1; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '\\' && quoted) {
        i++;
      } else if (c == '"') {
        quoted = !quoted;
      } else if (c == '}' && !quoted) {
        return i;
      }
    }
    throw new IllegalArgumentException("unterminated labels in: " + line);
  }

  private static void parseLabels(String text, Map<String, String> labels) {
    int i = 0;
    while (i < text.length()) {
      int eq = text.indexOf('=', i);
      if (eq < 0) {
        return;
      }
      String key = text.substring(i, eq).strip();
      if (key.startsWith(",")) {
        key = key.substring(1).strip();
      }
      int open = text.indexOf('"', eq);
      StringBuilder value = new StringBuilder();
      int j = open + 1;
      for (; j < text.length() && text.charAt(j) != '"'; j++) {
        char c = text.charAt(j);
        if (c == '\\' && j + 1 < text.length()) {
          char n = text.charAt(++j);
          value.append(n == 'n' ? '\n' : n);
        } else {
          value.append(c);
        }
      }
      labels.put(key, value.toString());
      i = j + 1;
    }
  }

  private static double parseValue(String text) {
    return switch (text) {
      case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      case "NaN" -> Double.NaN;
      default -> Double.parseDouble(text);
    };
  }
}
