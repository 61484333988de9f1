package io.simwarden.loadtest.harness;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The figures of several runs of one benchmark, per key: median with min and max of the figure, of its limit and
 * of their ratio (the median of the per-run ratios, since figure and limit of one run share the machine's state).
 */
public record Summary(String key, String what, String limitWhat, String unit, Spread value, Spread limit,
    Spread ratio) {

  /** Median, minimum and maximum of a figure over the runs. */
  public record Spread(double median, double min, double max, int runs) {
    static Spread of(double[] values) {
      double[] v = values.clone();
      Arrays.sort(v);
      int n = v.length;
      double median = n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
      return new Spread(median, v[0], v[n - 1], n);
    }

    String range() {
      return runs == 1 ? "(1 run)" : Figure.format(min) + " – " + Figure.format(max);
    }
  }

  /** One summary per key, in the order the keys first appeared. */
  public static List<Summary> of(List<List<Figure>> runs) {
    Map<String, List<Figure>> byKey = new LinkedHashMap<>();
    for (List<Figure> run : runs) {
      for (Figure f : run) {
        byKey.computeIfAbsent(f.key(), k -> new ArrayList<>()).add(f);
      }
    }
    List<Summary> all = new ArrayList<>();
    for (List<Figure> figures : byKey.values()) {
      Figure first = figures.get(0);
      all.add(new Summary(first.key(), first.what(), first.limitWhat(), first.unit(),
          Spread.of(figures.stream().mapToDouble(Figure::value).toArray()),
          Spread.of(figures.stream().mapToDouble(Figure::limit).toArray()),
          Spread.of(figures.stream().mapToDouble(Figure::ratio).toArray())));
    }
    return all;
  }

  /** A row of the Markdown table. */
  String tableRow() {
    return "| " + what + " | " + Figure.format(value.median()) + " " + unit + " | " + value.range() + " | " + limitWhat
        + " | " + Figure.format(limit.median()) + " " + unit + " | " + limit.range() + " | "
        + Figure.format(ratio.median()) + " |";
  }

  static String tableHeader() {
    return "| figure | median | min – max | limit | limit median | min – max | ratio |\n"
        + "|---|---:|---:|---|---:|---:|---:|";
  }
}
