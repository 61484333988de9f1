package io.simwarden.loadtest.harness;

import java.util.List;
import java.util.Locale;

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
    StringBuilder svg = new StringBuilder();
    svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
        + "font-family=\"sans-serif\" font-size=\"12\">%n<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>%n",
        WIDTH, HEIGHT));
    svg.append(text(LEFT, 22, title, "font-size=\"15\""));
    int plotW = WIDTH - LEFT - RIGHT;
    int plotH = HEIGHT - TOP - BOTTOM;
    svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" "
        + "stroke=\"#999\"/>%n", LEFT, TOP, plotW, plotH));
    for (int i = 0; i <= 4; i++) {
      double v = max * i / 4;
      double y = TOP + plotH - plotH * i / 4.0;
      svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#eee\"/>%n",
          LEFT, LEFT + plotW, y, y));
      svg.append(text(LEFT - 6, y + 4, Figure.format(v), "text-anchor=\"end\""));
    }
    for (int i = 0; i < xs.size(); i++) {
      svg.append(text(x(i, plotW), TOP + plotH + 18, xs.get(i), "text-anchor=\"middle\""));
    }
    svg.append(text(LEFT + plotW / 2.0, HEIGHT - 10, xLabel, "text-anchor=\"middle\""));
    svg.append(text(16, TOP + plotH / 2.0, yLabel, String.format(Locale.ROOT,
        "text-anchor=\"middle\" transform=\"rotate(-90 16 %.1f)\"", TOP + plotH / 2.0)));
    for (int s = 0; s < series.size(); s++) {
      String color = COLORS[s % COLORS.length];
      StringBuilder points = new StringBuilder();
      double[] values = series.get(s).values();
      for (int i = 0; i < values.length; i++) {
        if (!Double.isNaN(values[i])) {
          double y = TOP + plotH - plotH * values[i] / max;
          points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x(i, plotW), y));
          svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>%n",
              x(i, plotW), y, color));
        }
      }
      svg.append(String.format(Locale.ROOT, "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" "
          + "stroke-width=\"2\"/>%n", points.toString().strip(), color));
      double ly = TOP + 10 + s * 18;
      svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
          + "stroke-width=\"2\"/>%n", LEFT + plotW + 12, LEFT + plotW + 32, ly, ly, color));
      svg.append(text(LEFT + plotW + 38, ly + 4, series.get(s).name(), ""));
    }
    return svg.append("</svg>\n").toString();
  }

  private double x(int i, int plotW) {
    return LEFT + (xs.size() == 1 ? plotW / 2.0 : 20 + (plotW - 40) * i / (double) (xs.size() - 1));
  }

  private static String text(double x, double y, String s, String attributes) {
    return String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" %s>%s</text>%n", x, y, attributes,
        s.replace("&", "&amp;").replace("<", "&lt;"));
  }
}
