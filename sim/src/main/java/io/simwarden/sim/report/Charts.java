package io.simwarden.sim.report;

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
    StringBuilder svg = open(title);
    frame(svg, n, bucketMillis, y, yFormat);
    for (Series s : series) {
      StringBuilder points = new StringBuilder();
      for (int i = 0; i < n; i++) {
        points.append(fmt(x(i + 0.5, n))).append(',').append(fmt(y.pixel(s.values()[i]))).append(' ');
      }
      svg.append("<polyline fill=\"none\" stroke=\"").append(s.color()).append("\" stroke-width=\"1.6\" points=\"")
          .append(points).append("\"/>\n");
    }
    markers(svg, markers, n, bucketMillis);
    legend(svg, series);
    return svg.append("</svg>\n").toString();
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
    StringBuilder svg = open(title);
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
        svg.append("<rect x=\"").append(fmt(x(i, n) + 0.5)).append("\" y=\"").append(fmt(top))
            .append("\" width=\"").append(fmt(w)).append("\" height=\"").append(fmt(bottom - top))
            .append("\" fill=\"").append(s.color()).append("\"><title>").append(escape(s.name())).append(": ")
            .append((long) v).append(" at ").append(VirtualClock.formatOffset(i * bucketMillis))
            .append("</title></rect>\n");
        base += v;
      }
    }
    markers(svg, markers, n, bucketMillis);
    legend(svg, series);
    return svg.append("</svg>\n").toString();
  }

  /** One small bar chart per row (e.g. per attack kind), sharing the bin labels. */
  static String histograms(String title, List<String> rows, List<int[]> counts, List<String> colors,
      String[] binLabels) {
    int panelHeight = 120;
    int height = TOP + rows.size() * panelHeight + 20;
    StringBuilder svg = new StringBuilder();
    svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"")
        .append(height).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(height)
        .append("\" role=\"img\"><title>").append(escape(title)).append("</title>\n")
        .append("<text x=\"").append(LEFT).append("\" y=\"22\" class=\"t\">").append(escape(title)).append("</text>\n");
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
      svg.append("<text x=\"").append(LEFT).append("\" y=\"").append(top + 14).append("\" class=\"h\">")
          .append(escape(rows.get(r))).append("</text>\n");
      svg.append("<line x1=\"").append(LEFT + 150).append("\" y1=\"").append(base).append("\" x2=\"")
          .append(WIDTH - RIGHT).append("\" y2=\"").append(base).append("\" class=\"ax\"/>\n");
      for (int b = 0; b < bins; b++) {
        double h = (panelHeight - 50) * c[b] / (double) max;
        double x0 = LEFT + 150 + b * slot + 4;
        String color = b == bins - 1 ? "#9aa0a6" : colors.get(r);
        svg.append("<rect x=\"").append(fmt(x0)).append("\" y=\"").append(fmt(base - h)).append("\" width=\"")
            .append(fmt(slot - 8)).append("\" height=\"").append(fmt(h)).append("\" fill=\"").append(color)
            .append("\"><title>").append(c[b]).append("</title></rect>\n");
        svg.append("<text x=\"").append(fmt(x0 + (slot - 8) / 2)).append("\" y=\"").append(fmt(base - h - 3))
            .append("\" class=\"v\">").append(c[b]).append("</text>\n");
        svg.append("<text x=\"").append(fmt(x0 + (slot - 8) / 2)).append("\" y=\"").append(base + 14)
            .append("\" class=\"xl\">").append(escape(binLabels[b])).append("</text>\n");
      }
    }
    return svg.append("</svg>\n").toString();
  }

  /**
   * Lines over the steps of a sweep: the x axis is the steps, evenly spaced and labelled with their values; a
   * missing value (NaN) breaks its line. {@code threshold} (NaN: none) is drawn as a dashed horizontal line.
   */
  static String overSteps(String title, String xTitle, String[] xLabels, List<Series> series, double yMax,
      DoubleFunction<String> yFormat, double threshold, String thresholdLabel) {
    int n = xLabels.length;
    Scale y = Scale.linear(yMax);
    StringBuilder svg = open(title);
    int bottom = HEIGHT - BOTTOM;
    yAxis(svg, y, yFormat);
    for (int i = 0; i < n; i++) {
      svg.append("<text x=\"").append(fmt(x(i + 0.5, n))).append("\" y=\"").append(bottom + 17)
          .append("\" class=\"xl\">").append(escape(xLabels[i])).append("</text>\n");
    }
    svg.append("<text x=\"").append(WIDTH - RIGHT).append("\" y=\"").append(HEIGHT - 6).append("\" class=\"yl\">")
        .append(escape(xTitle)).append("</text>\n");
    if (!Double.isNaN(threshold)) {
      double py = y.pixel(threshold);
      svg.append("<line x1=\"").append(LEFT).append("\" y1=\"").append(fmt(py)).append("\" x2=\"")
          .append(WIDTH - RIGHT).append("\" y2=\"").append(fmt(py)).append("\" class=\"mk\"/>\n");
      svg.append("<text x=\"").append(WIDTH - RIGHT - 4).append("\" y=\"").append(fmt(py - 4))
          .append("\" class=\"ml\" text-anchor=\"end\">").append(escape(thresholdLabel)).append("</text>\n");
    }
    for (Series s : series) {
      StringBuilder points = new StringBuilder();
      for (int i = 0; i <= n; i++) {
        double v = i < n ? s.values()[i] : Double.NaN;
        if (Double.isNaN(v)) {
          if (points.length() > 0) {
            svg.append("<polyline fill=\"none\" stroke=\"").append(s.color())
                .append("\" stroke-width=\"1.8\" points=\"").append(points).append("\"/>\n");
            points.setLength(0);
          }
          continue;
        }
        String px = fmt(x(i + 0.5, n));
        String py = fmt(y.pixel(v));
        points.append(px).append(',').append(py).append(' ');
        svg.append("<circle cx=\"").append(px).append("\" cy=\"").append(py).append("\" r=\"3\" fill=\"")
            .append(s.color()).append("\"><title>").append(escape(s.name())).append(" at ").append(escape(xLabels[i]))
            .append(": ").append(escape(yFormat.apply(v))).append("</title></circle>\n");
      }
    }
    legend(svg, series);
    return svg.append("</svg>\n").toString();
  }

  // ---- parts ----------------------------------------------------------------------------------------

  private static StringBuilder open(String title) {
    StringBuilder svg = new StringBuilder(8192);
    svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"")
        .append(HEIGHT).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT)
        .append("\" role=\"img\"><title>").append(escape(title)).append("</title>\n");
    svg.append("<text x=\"").append(LEFT).append("\" y=\"22\" class=\"t\">").append(escape(title)).append("</text>\n");
    return svg;
  }

  private static void frame(StringBuilder svg, int n, long bucketMillis, Scale y, DoubleFunction<String> yFormat) {
    int bottom = HEIGHT - BOTTOM;
    yAxis(svg, y, yFormat);
    long total = n * bucketMillis;
    long step = tickStep(total);
    for (long t = 0; t <= total; t += step) {
      double px = LEFT + (WIDTH - LEFT - RIGHT) * (t / (double) Math.max(total, 1));
      svg.append("<line x1=\"").append(fmt(px)).append("\" y1=\"").append(bottom).append("\" x2=\"").append(fmt(px))
          .append("\" y2=\"").append(bottom + 4).append("\" class=\"ax\"/>\n");
      svg.append("<text x=\"").append(fmt(px)).append("\" y=\"").append(bottom + 17).append("\" class=\"xl\">")
          .append(VirtualClock.formatOffset(t)).append("</text>\n");
    }
    svg.append("<text x=\"").append(WIDTH - RIGHT).append("\" y=\"").append(HEIGHT - 6)
        .append("\" class=\"yl\">simulated time since the start</text>\n");
  }

  /** The y axis's grid lines and labels, and the x axis line. */
  private static void yAxis(StringBuilder svg, Scale y, DoubleFunction<String> yFormat) {
    int bottom = HEIGHT - BOTTOM;
    for (double tick : y.ticks()) {
      double py = y.pixel(tick);
      svg.append("<line x1=\"").append(LEFT).append("\" y1=\"").append(fmt(py)).append("\" x2=\"")
          .append(WIDTH - RIGHT).append("\" y2=\"").append(fmt(py)).append("\" class=\"g\"/>\n");
      svg.append("<text x=\"").append(LEFT - 6).append("\" y=\"").append(fmt(py + 4)).append("\" class=\"yl\">")
          .append(escape(yFormat.apply(tick))).append("</text>\n");
    }
    svg.append("<line x1=\"").append(LEFT).append("\" y1=\"").append(bottom).append("\" x2=\"").append(WIDTH - RIGHT)
        .append("\" y2=\"").append(bottom).append("\" class=\"ax\"/>\n");
  }

  private static void markers(StringBuilder svg, List<Marker> markers, int n, long bucketMillis) {
    long total = Math.max(1, n * bucketMillis);
    List<Marker> inTime = new ArrayList<>(markers);
    inTime.sort(Comparator.comparingLong(Marker::offsetMillis));
    int i = 0;
    for (Marker m : inTime) {
      double px = LEFT + (WIDTH - LEFT - RIGHT) * (m.offsetMillis() / (double) total);
      svg.append("<line x1=\"").append(fmt(px)).append("\" y1=\"").append(TOP).append("\" x2=\"").append(fmt(px))
          .append("\" y2=\"").append(HEIGHT - BOTTOM).append("\" class=\"mk\"/>\n");
      svg.append("<text x=\"").append(fmt(px + 3)).append("\" y=\"").append(TOP + 10 + 11 * (i++ % 4))
          .append("\" class=\"ml\">").append(escape(m.label())).append("</text>\n");
    }
  }

  private static void legend(StringBuilder svg, List<Series> series) {
    double x = LEFT;
    for (Series s : series) {
      svg.append("<rect x=\"").append(fmt(x)).append("\" y=\"30\" width=\"10\" height=\"10\" fill=\"")
          .append(s.color()).append("\"/><text x=\"").append(fmt(x + 13)).append("\" y=\"39\" class=\"lg\">")
          .append(escape(s.name())).append("</text>\n");
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

  static String fmt(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

  static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
