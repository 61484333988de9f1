package io.simwarden.persistence.forensics;

import static io.simwarden.persistence.report.Svg.escape;

import io.simwarden.persistence.report.Svg;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An {@link Outbreak} as a JSON document and as one self-contained HTML page with an inline SVG chart (no
 * script, no external asset), so it opens anywhere and can be attached to an incident report.
 */
public final class OutbreakReport {

  private static final String[] AXIS = {"stroke", "#444"};
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
    Svg s = Svg.open(WIDTH, HEIGHT, "infection curve");
    s.text(LEFT, 24, "Infection curve: SIMs affected so far (line) and newly per bucket (bars)", "font-size", "15");
    s.line(LEFT, TOP + plotH, LEFT + plotW, TOP + plotH, AXIS).line(LEFT, TOP, LEFT, TOP + plotH, AXIS);
    s.text(LEFT - 6, TOP + 4, Integer.toString(max), label("end"))
        .text(LEFT - 6, TOP + plotH + 4, "0", label("end"));
    double[] points = new double[2 * curve.size()];
    for (int i = 0; i < curve.size(); i++) {
      Outbreak.Point p = curve.get(i);
      double x = LEFT + i * barW;
      double barH = plotH * p.added() / max;
      s.rect(x, TOP + plotH - barH, Math.max(1, barW - 1), barH, p.start() + ": +" + p.added(), "fill", "#f4a582");
      points[2 * i] = x + barW / 2;
      points[2 * i + 1] = TOP + plotH - plotH * p.total() / max;
    }
    s.polyline(points, "stroke", "#b2182b", "stroke-width", "2");
    if (!curve.isEmpty()) {
      s.text(LEFT, TOP + plotH + 20, curve.get(0).start().toString(), label("start"))
          .text(LEFT + plotW, TOP + plotH + 20, curve.get(curve.size() - 1).start().plus(bucket).toString(),
              label("end"));
    }
    return s.close();
  }

  private static String[] label(String anchor) {
    return new String[] {"font-size", "12", "text-anchor", anchor};
  }
}
