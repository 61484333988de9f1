package io.simwarden.loadtest.harness;

import io.simwarden.persistence.report.Svg;
import java.util.Arrays;
import java.util.List;

/**
 * A line chart as SVG, for figures that form a curve (latency over offered rate, throughput over fleet size): one
 * point per x category, evenly spaced, y from zero.
 *
 * @param file   file name without extension, unique within BENCHMARKS.md's chart folder
 * @param title  title above the chart
 * @param xLabel what the categories are
 * @param yLabel unit of the values
 * @param xs     the categories, in order
 * @param series the lines; a missing point is {@code NaN}
 */
public record Chart(String file, String title, String xLabel, String yLabel, List<String> xs, List<Series> series) {

  /** One line. */
  public record Series(String name, double[] values) {}

  private static final String[] COLORS = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b"};
  private static final int WIDTH = 720;
  private static final int HEIGHT = 360;
  private static final int LEFT = 80;
  private static final int RIGHT = 170;
  private static final int TOP = 40;
  private static final int BOTTOM = 50;

  public String svg() {
    double max = 0;
    for (Series s : series) {
      for (double v : s.values()) {
        max = Double.isNaN(v) ? max : Math.max(max, v);
      }
    }
    max = max <= 0 ? 1 : max * 1.1;
    Svg svg = Svg.open(WIDTH, HEIGHT, title, "font-family", "sans-serif", "font-size", "12");
    svg.rect(0, 0, WIDTH, HEIGHT, null, "fill", "white");
    svg.text(LEFT, 22, title, "font-size", "15");
    int plotW = WIDTH - LEFT - RIGHT;
    int plotH = HEIGHT - TOP - BOTTOM;
    svg.rect(LEFT, TOP, plotW, plotH, null, "fill", "none", "stroke", "#999");
    for (int i = 0; i <= 4; i++) {
      double v = max * i / 4;
      double y = TOP + plotH - plotH * i / 4.0;
      svg.line(LEFT, y, LEFT + plotW, y, "stroke", "#eee");
      svg.text(LEFT - 6, y + 4, Figure.format(v), "text-anchor", "end");
    }
    for (int i = 0; i < xs.size(); i++) {
      svg.text(x(i, plotW), TOP + plotH + 18, xs.get(i), "text-anchor", "middle");
    }
    svg.text(LEFT + plotW / 2.0, HEIGHT - 10, xLabel, "text-anchor", "middle");
    svg.text(16, TOP + plotH / 2.0, yLabel, "text-anchor", "middle",
        "transform", "rotate(-90 16 " + Svg.num(TOP + plotH / 2.0) + ")");
    for (int s = 0; s < series.size(); s++) {
      String color = COLORS[s % COLORS.length];
      double[] values = series.get(s).values();
      double[] points = new double[2 * values.length];
      int n = 0;
      for (int i = 0; i < values.length; i++) {
        if (!Double.isNaN(values[i])) {
          double y = TOP + plotH - plotH * values[i] / max;
          points[n++] = x(i, plotW);
          points[n++] = y;
          svg.circle(x(i, plotW), y, 3, "fill", color);
        }
      }
      svg.polyline(Arrays.copyOf(points, n), "stroke", color, "stroke-width", "2");
      double ly = TOP + 10 + s * 18;
      svg.line(LEFT + plotW + 12, ly, LEFT + plotW + 32, ly, "stroke", color, "stroke-width", "2");
      svg.text(LEFT + plotW + 38, ly + 4, series.get(s).name());
    }
    return svg.close();
  }

  private double x(int i, int plotW) {
    return LEFT + (xs.size() == 1 ? plotW / 2.0 : 20 + (plotW - 40) * i / (double) (xs.size() - 1));
  }
}
