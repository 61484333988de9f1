package io.simwarden.persistence.forensics;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An {@link Outbreak} as a JSON document and as one self-contained HTML page with an inline SVG chart (no
 * script, no external asset), so it opens anywhere and can be attached to an incident report.
 */
public final class OutbreakReport {

  private static final int WIDTH = 960;
  private static final int HEIGHT = 320;
  private static final int LEFT = 64;
  private static final int RIGHT = 24;
  private static final int TOP = 40;
  private static final int BOTTOM = 48;

  private OutbreakReport() {}

  /** The report as a JSON tree: what was looked for, patient-zero candidates, curve, affected set. */
  public static Map<String, Object> json(String indicator, Outbreak outbreak, int candidates, Duration bucket) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("indicator", indicator);
    m.put("affectedSims", outbreak.affected().size());
    m.put("patientZeroCandidates", outbreak.patientZeroCandidates(candidates));
    m.put("bucketMinutes", bucket.toMinutes());
    m.put("curve", outbreak.curve(bucket));
    m.put("affected", outbreak.affected());
    return m;
  }

  /** The report as one HTML page. */
  public static String html(String indicator, Outbreak outbreak, int candidates, Duration bucket) {
    List<Outbreak.Point> curve = outbreak.curve(bucket);
    StringBuilder h = new StringBuilder();
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Outbreak: ")
        .append(escape(indicator)).append("</title>\n<style>body{font-family:sans-serif;margin:2em;color:#222}"
            + "table{border-collapse:collapse}td,th{padding:2px 10px;text-align:left;border-bottom:1px solid #ddd}"
            + "</style></head><body>\n<h1>Outbreak: ").append(escape(indicator)).append("</h1>\n<p>")
        .append(outbreak.affected().size()).append(" SIMs affected");
    if (!curve.isEmpty()) {
      h.append(", the first at ").append(outbreak.affected().get(0).first()).append(" (curve in buckets of ")
          .append(bucket.toMinutes()).append(" min)");
    }
    h.append(".</p>\n").append(svg(curve, bucket)).append("<h2>Patient-zero candidates</h2>\n");
    table(h, outbreak.patientZeroCandidates(candidates));
    h.append("<h2>Affected SIMs</h2>\n");
    table(h, outbreak.affected());
    return h.append("</body></html>\n").toString();
  }

  private static void table(StringBuilder h, List<Outbreak.Affected> rows) {
    h.append("<table><tr><th>IMSI</th><th>first affected</th><th>events</th></tr>\n");
    for (Outbreak.Affected a : rows) {
      h.append("<tr><td>").append(a.imsi()).append("</td><td>").append(a.first()).append("</td><td>")
          .append(a.events()).append("</td></tr>\n");
    }
    h.append("</table>\n");
  }

  /** Bars: SIMs newly affected per bucket; line: SIMs affected so far. */
  private static String svg(List<Outbreak.Point> curve, Duration bucket) {
    int n = Math.max(1, curve.size());
    int max = curve.isEmpty() ? 1 : Math.max(1, curve.get(curve.size() - 1).total());
    double plotW = WIDTH - LEFT - RIGHT;
    double plotH = HEIGHT - TOP - BOTTOM;
    double barW = plotW / n;
    StringBuilder s = new StringBuilder();
    s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"")
        .append(HEIGHT).append("\" role=\"img\" aria-label=\"infection curve\">\n")
        .append("<text x=\"").append(LEFT).append("\" y=\"24\" font-size=\"15\">Infection curve: SIMs affected so far "
            + "(line) and newly per bucket (bars)</text>\n");
    s.append(line(LEFT, TOP + plotH, LEFT + plotW, TOP + plotH)).append(line(LEFT, TOP, LEFT, TOP + plotH));
    s.append(text(LEFT - 6, TOP + 4, "end", Integer.toString(max)))
        .append(text(LEFT - 6, TOP + plotH + 4, "end", "0"));
    StringBuilder points = new StringBuilder();
    for (int i = 0; i < curve.size(); i++) {
      Outbreak.Point p = curve.get(i);
      double x = LEFT + i * barW;
      double barH = plotH * p.added() / max;
      s.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
          + "fill=\"#f4a582\"><title>%s: +%d</title></rect>\n", x, TOP + plotH - barH, Math.max(1, barW - 1), barH,
          p.start(), p.added()));
      points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x + barW / 2, TOP + plotH - plotH * p.total() / max));
    }
    s.append("<polyline fill=\"none\" stroke=\"#b2182b\" stroke-width=\"2\" points=\"").append(points)
        .append("\"/>\n");
    if (!curve.isEmpty()) {
      s.append(text(LEFT, TOP + plotH + 20, "start", curve.get(0).start().toString()))
          .append(text(LEFT + plotW, TOP + plotH + 20, "end",
              curve.get(curve.size() - 1).start().plus(bucket).toString()));
    }
    return s.append("</svg>\n").toString();
  }

  private static String line(double x1, double y1, double x2, double y2) {
    return String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#444\"/>\n",
        x1, y1, x2, y2);
  }

  private static String text(double x, double y, String anchor, String text) {
    return String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"12\" text-anchor=\"%s\">%s</text>\n",
        x, y, anchor, escape(text));
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
