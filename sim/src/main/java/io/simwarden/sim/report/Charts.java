package io.simwarden.sim.report;

import io.simwarden.persistence.report.Svg;
import io.simwarden.sim.clock.VirtualClock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleFunction;

/**
 * Inline SVG charts for the HTML report: no script, no external resource, so the report is one file
 * that opens anywhere. The x axis is simulated time, in buckets of equal length.
 */
final class Charts {

  /** A named series of values, one per bucket. */
  record Series(String name, String color, double[] values) {}

  /** A vertical mark at a run offset, e.g. an attack's start. */
  record Marker(long offsetMillis, String label) {}

  static final int WIDTH = 960;
  private static final int HEIGHT = 290;
  private static final int LEFT = 72;
  private static final int RIGHT = 36;
  private static final int TOP = 52;
  private static final int BOTTOM = 44;

  private Charts() {}

  /** Lines over simulated time; {@code log} plots log10 of the values (zeros sit on the axis). */
  static String lines(String title, List<Series> series, long bucketMillis, boolean log, DoubleFunction<String> yFormat,
      List<Marker> markers) {
    int n = series.isEmpty() ? 0 : series.get(0).values().length;
    double max = 0;
    for (Series s : series) {
      for (double v : s.values()) {
        max = Math.max(max, v);
      }
    }
    Scale y = log ? Scale.log(max) : Scale.linear(max);
    Svg svg = open(title, HEIGHT);
    frame(svg, n, bucketMillis, y, yFormat);
    for (Series s : series) {
      double[] points = new double[2 * n];
      for (int i = 0; i < n; i++) {
        points[2 * i] = x(i + 0.5, n);
        points[2 * i + 1] = y.pixel(s.values()[i]);
      }
      svg.polyline(points, "stroke", s.color(), "stroke-width", "1.6");
    }
    markers(svg, markers, n, bucketMillis);
    legend(svg, series);
    return svg.close();
  }

  /** Stacked bars over simulated time. */
  static String stackedBars(String title, List<Series> series, long bucketMillis, List<Marker> markers) {
    int n = series.isEmpty() ? 0 : series.get(0).values().length;
    double max = 0;
    for (int i = 0; i < n; i++) {
      double sum = 0;
      for (Series s : series) {
        sum += s.values()[i];
      }
      max = Math.max(max, sum);
    }
    Scale y = Scale.linear(max);
    Svg svg = open(title, HEIGHT);
    frame(svg, n, bucketMillis, y, v -> String.format(Locale.ROOT, "%.0f", v));
    double w = Math.max(1, (WIDTH - LEFT - RIGHT) / (double) Math.max(n, 1) - 1);
    for (int i = 0; i < n; i++) {
      double base = 0;
      for (Series s : series) {
        double v = s.values()[i];
        if (v <= 0) {
          continue;
        }
        double top = y.pixel(base + v);
        double bottom = y.pixel(base);
        svg.rect(x(i, n) + 0.5, top, w, bottom - top,
            s.name() + ": " + (long) v + " at " + VirtualClock.formatOffset(i * bucketMillis), "fill", s.color());
        base += v;
      }
    }
    markers(svg, markers, n, bucketMillis);
    legend(svg, series);
    return svg.close();
  }

  /** One small bar chart per row (e.g. per attack kind), sharing the bin labels. */
  static String histograms(String title, List<String> rows, List<int[]> counts, List<String> colors,
      String[] binLabels) {
    int panelHeight = 120;
    Svg svg = open(title, TOP + rows.size() * panelHeight + 20);
    int bins = binLabels.length;
    double slot = (WIDTH - LEFT - RIGHT - 160) / (double) bins;
    for (int r = 0; r < rows.size(); r++) {
      int[] c = counts.get(r);
      int max = 1;
      for (int v : c) {
        max = Math.max(max, v);
      }
      int top = TOP + r * panelHeight;
      int base = top + panelHeight - 30;
      svg.text(LEFT, top + 14, rows.get(r), "class", "h");
      svg.line(LEFT + 150, base, WIDTH - RIGHT, base, "class", "ax");
      for (int b = 0; b < bins; b++) {
        double h = (panelHeight - 50) * c[b] / (double) max;
        double x0 = LEFT + 150 + b * slot + 4;
        String color = b == bins - 1 ? "#9aa0a6" : colors.get(r);
        svg.rect(x0, base - h, slot - 8, h, Integer.toString(c[b]), "fill", color);
        svg.text(x0 + (slot - 8) / 2, base - h - 3, Integer.toString(c[b]), "class", "v");
        svg.text(x0 + (slot - 8) / 2, base + 14, binLabels[b], "class", "xl");
      }
    }
    return svg.close();
  }

  /**
   * Lines over the steps of a sweep: the x axis is the steps, evenly spaced and labelled with their values; a
   * missing value (NaN) breaks its line. {@code threshold} (NaN: none) is drawn as a dashed horizontal line.
   */
  static String overSteps(String title, String xTitle, String[] xLabels, List<Series> series, double yMax,
      DoubleFunction<String> yFormat, double threshold, String thresholdLabel) {
    int n = xLabels.length;
    Scale y = Scale.linear(yMax);
    Svg svg = open(title, HEIGHT);
    int bottom = HEIGHT - BOTTOM;
    yAxis(svg, y, yFormat);
    for (int i = 0; i < n; i++) {
      svg.text(x(i + 0.5, n), bottom + 17, xLabels[i], "class", "xl");
    }
    svg.text(WIDTH - RIGHT, HEIGHT - 6, xTitle, "class", "yl");
    if (!Double.isNaN(threshold)) {
      double py = y.pixel(threshold);
      svg.line(LEFT, py, WIDTH - RIGHT, py, "class", "mk");
      svg.text(WIDTH - RIGHT - 4, py - 4, thresholdLabel, "class", "ml", "text-anchor", "end");
    }
    for (Series s : series) {
      List<Double> points = new ArrayList<>();
      for (int i = 0; i <= n; i++) {
        double v = i < n ? s.values()[i] : Double.NaN;
        if (Double.isNaN(v)) {
          if (!points.isEmpty()) {
            svg.polyline(points.stream().mapToDouble(Double::doubleValue).toArray(), "stroke", s.color(),
                "stroke-width", "1.8");
            points.clear();
          }
          continue;
        }
        double px = x(i + 0.5, n);
        double py = y.pixel(v);
        points.add(px);
        points.add(py);
        svg.circle(px, py, 3, "fill", s.color());
      }
    }
    legend(svg, series);
    return svg.close();
  }

  // ---- parts ----------------------------------------------------------------------------------------

  private static Svg open(String title, int height) {
    return Svg.open(WIDTH, height, title).text(LEFT, 22, title, "class", "t");
  }

  private static void frame(Svg svg, int n, long bucketMillis, Scale y, DoubleFunction<String> yFormat) {
    int bottom = HEIGHT - BOTTOM;
    yAxis(svg, y, yFormat);
    long total = n * bucketMillis;
    long step = tickStep(total);
    for (long t = 0; t <= total; t += step) {
      double px = LEFT + (WIDTH - LEFT - RIGHT) * (t / (double) Math.max(total, 1));
      svg.line(px, bottom, px, bottom + 4, "class", "ax");
      svg.text(px, bottom + 17, VirtualClock.formatOffset(t), "class", "xl");
    }
    svg.text(WIDTH - RIGHT, HEIGHT - 6, "simulated time since the start", "class", "yl");
  }

  /** The y axis's grid lines and labels, and the x axis line. */
  private static void yAxis(Svg svg, Scale y, DoubleFunction<String> yFormat) {
    int bottom = HEIGHT - BOTTOM;
    for (double tick : y.ticks()) {
      double py = y.pixel(tick);
      svg.line(LEFT, py, WIDTH - RIGHT, py, "class", "g");
      svg.text(LEFT - 6, py + 4, yFormat.apply(tick), "class", "yl");
    }
    svg.line(LEFT, bottom, WIDTH - RIGHT, bottom, "class", "ax");
  }

  private static void markers(Svg svg, List<Marker> markers, int n, long bucketMillis) {
    long total = Math.max(1, n * bucketMillis);
    List<Marker> inTime = new ArrayList<>(markers);
    inTime.sort(Comparator.comparingLong(Marker::offsetMillis));
    int i = 0;
    for (Marker m : inTime) {
      double px = LEFT + (WIDTH - LEFT - RIGHT) * (m.offsetMillis() / (double) total);
      svg.line(px, TOP, px, HEIGHT - BOTTOM, "class", "mk");
      svg.text(px + 3, TOP + 10 + 11 * (i++ % 4), m.label(), "class", "ml");
    }
  }

  private static void legend(Svg svg, List<Series> series) {
    double x = LEFT;
    for (Series s : series) {
      svg.rect(x, 30, 10, 10, null, "fill", s.color());
      svg.text(x + 13, 39, s.name(), "class", "lg");
      x += 26 + 7.6 * s.name().length();
    }
  }

  private static double x(double bucket, int n) {
    return LEFT + (WIDTH - LEFT - RIGHT) * (bucket / Math.max(n, 1));
  }

  private static long tickStep(long totalMillis) {
    long[] steps = {VirtualClock.HOUR, 2 * VirtualClock.HOUR, 3 * VirtualClock.HOUR, 6 * VirtualClock.HOUR,
        12 * VirtualClock.HOUR, VirtualClock.DAY, 2 * VirtualClock.DAY, 7 * VirtualClock.DAY};
    for (long s : steps) {
      if (totalMillis / s <= 12) {
        return s;
      }
    }
    return 7 * VirtualClock.DAY;
  }

  /** Maps values to pixels on the y axis. */
  private record Scale(double max, boolean log) {
    static Scale linear(double max) {
      return new Scale(niceCeiling(Math.max(max, 1)), false);
    }

    static Scale log(double max) {
      return new Scale(Math.pow(10, Math.ceil(Math.log10(Math.max(max, 10)))), true);
    }

    double pixel(double v) {
      double bottom = HEIGHT - BOTTOM;
      double span = bottom - TOP;
      if (log) {
        double l = v <= 1 ? 0 : Math.log10(v);
        return bottom - span * l / Math.log10(max);
      }
      return bottom - span * v / max;
    }

    double[] ticks() {
      if (log) {
        int decades = (int) Math.round(Math.log10(max));
        int every = Math.max(1, decades / 6);
        double[] t = new double[decades / every + 1];
        for (int i = 0; i < t.length; i++) {
          t[i] = Math.pow(10, i * every);
        }
        return t;
      }
      double[] t = new double[5];
      for (int i = 0; i < 5; i++) {
        t[i] = max * i / 4;
      }
      return t;
    }

    private static double niceCeiling(double v) {
      double p = Math.pow(10, Math.floor(Math.log10(v)));
      for (double m : new double[] {1, 2, 4, 5, 8, 10}) {
        if (m * p >= v) {
          return m * p;
        }
      }
      return 10 * p;
    }
  }

  /** Text made safe inside HTML, for the report around the charts. */
  static String escape(String s) {
    return Svg.escape(s);
  }
}
