package io.simwarden.sim.report;

import static io.simwarden.sim.report.Charts.escape;

import io.simwarden.sim.archetype.Archetype;
import io.simwarden.sim.scenario.Scenario;
import io.simwarden.sim.sweep.Sweep;
import io.simwarden.sim.sweep.SweepResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A sweep's results: the table per step (recall, precision, false-positive SIM-days, latency, recall per archetype
 * of the compromised SIMs) and the detection floors, for the terminal, as markdown ({@code sweep.md}) and as one
 * self-contained HTML page with the recall and false-alarm curves ({@code sweep.html}).
 */
public final class SweepReport {

  private static final String[] ARCHETYPE_COLORS = {"#4e79a7", "#f28e2b", "#76b7b2", "#59a14f", "#b07aa1",
      "#9c755f"};

  private SweepReport() {}

  /** The heading line: what was swept, where, over what. */
  public static String title(Sweep s) {
    Scenario base = s.base();
    return "sweep of " + s.attack().name() + " (" + s.attack().kind().id() + ") in " + base.name() + ": "
        + s.param().key() + " from " + s.steps().get(0).text() + " to " + s.steps().get(s.steps().size() - 1).text()
        + " in " + s.steps().size() + " steps; seed " + base.seed() + ", " + Report.count(base.devices()) + " SIMs, "
        + Scenario.human(base.duration()) + " each, the other attacks left out";
  }

  /** Header and rows of the table, as cells. */
  static List<String[]> table(SweepResult r) {
    List<Archetype> archetypes = new ArrayList<>(r.archetypes());
    List<String[]> rows = new ArrayList<>();
    List<String> head = new ArrayList<>(List.of(r.sweep().param().key(), "SIMs", "detected", "recall", "precision",
        "FP SIM-days", "FP per 1,000", "latency p50"));
    archetypes.forEach(a -> head.add(a.id()));
    rows.add(head.toArray(String[]::new));
    for (SweepResult.Point p : r.points()) {
      List<String> row = new ArrayList<>(List.of(p.step().text(), Report.count(p.score().labels()),
          Report.count(p.score().detected()), Report.ratio(p.score().recall()), Report.ratio(p.score().precision()),
          Report.count(p.falseAlarmSimDays()), String.format(Locale.ROOT, "%.3f", p.perThousand()),
          Report.intervals(p.score().latencyP50())));
      for (Archetype a : archetypes) {
        int[] c = p.byArchetype().get(a);
        row.add(c == null ? "–" : c[1] + "/" + c[0]);
      }
      rows.add(row.toArray(String[]::new));
    }
    return rows;
  }

  /** The table and the floors for the terminal. */
  public static void print(SweepResult r, PrintWriter out) {
    List<String[]> rows = table(r);
    int[] width = new int[rows.get(0).length];
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        width[i] = Math.max(width[i], row[i].length());
      }
    }
    out.println();
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.length; i++) {
        line.append(i == 0 ? String.format("%-" + width[i] + "s", row[i]) : String.format("  %" + width[i] + "s", row[i]));
      }
      out.println(line.toString().stripTrailing());
    }
    out.println("(latency in report intervals; per archetype: detected/compromised SIMs)");
    out.println();
    out.println("detection floor (recall ≥ " + Sweep.FLOOR_RECALL + " at this value and at every later step):");
    for (SweepResult.Floor f : r.floors()) {
      out.printf("  %-20s %s%n", f.label(), r.floorText(f));
    }
    out.printf(Locale.ROOT, "false-positive SIM-days over the sweep: %.3f per 1,000%n", r.perThousand());
    out.flush();
  }

  public static String markdown(SweepResult r, String command) {
    StringBuilder md = new StringBuilder("# " + title(r.sweep()) + "\n\n```bash\n" + command + "\n```\n\n");
    List<String[]> rows = table(r);
    for (int i = 0; i < rows.size(); i++) {
      md.append("| ").append(String.join(" | ", rows.get(i))).append(" |\n");
      if (i == 0) {
        md.append("|").append("---|".repeat(rows.get(0).length)).append('\n');
      }
    }
    md.append("\nLatency in report intervals; per archetype: detected/compromised SIMs.\n\n")
        .append("| detection floor (recall ≥ ").append(Sweep.FLOOR_RECALL).append(") | ")
        .append(r.sweep().param().key()).append(" |\n|---|---|\n");
    for (SweepResult.Floor f : r.floors()) {
      md.append("| ").append(f.label()).append(" | ").append(r.floorText(f)).append(" |\n");
    }
    md.append(String.format(Locale.ROOT, "%nFalse-positive SIM-days over the sweep: %.3f per 1,000.%n",
        r.perThousand()));
    return md.toString();
  }

  public static String html(SweepResult r, String command) {
    StringBuilder h = new StringBuilder(32 * 1024);
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>simwarden sweep — ")
        .append(escape(r.sweep().attack().name())).append("</title>\n<style>").append(HtmlReport.STYLE)
        .append("</style></head><body>\n<h1>simwarden sweep — ").append(escape(r.sweep().attack().name()))
        .append("</h1>\n<p class=\"sub\">").append(escape(title(r.sweep()))).append("<br><code>").append(escape(command))
        .append("</code></p>\n");
    String[] x = r.points().stream().map(p -> p.step().text()).toArray(String[]::new);
    List<Charts.Series> recall = new ArrayList<>();
    recall.add(new Charts.Series(r.sweep().attack().kind().id() + " (all)",
        Report.color(r.sweep().attack().kind()), r.points().stream().mapToDouble(p -> p.score().recall()).toArray()));
    int c = 0;
    for (Archetype a : r.archetypes()) {
      recall.add(new Charts.Series(a.id(), ARCHETYPE_COLORS[c++ % ARCHETYPE_COLORS.length],
          r.points().stream().mapToDouble(p -> p.recall(a)).toArray()));
    }
    h.append("<h2>Recall per step</h2>\n").append(Charts.overSteps("Recall of " + r.sweep().attack().name()
        + " by " + r.sweep().param().key(), r.sweep().param().key(), x, recall, 1,
        v -> String.format(Locale.ROOT, "%.2f", v), Sweep.FLOOR_RECALL, "floor: recall " + Sweep.FLOOR_RECALL));
    double[] fp = r.points().stream().mapToDouble(SweepResult.Point::perThousand).toArray();
    double max = 0;
    for (double v : fp) {
      max = Math.max(max, v);
    }
    h.append(Charts.overSteps("False-positive SIM-days per 1,000 by " + r.sweep().param().key(),
        r.sweep().param().key(), x, List.of(new Charts.Series("FP SIM-days per 1,000", "#e15759", fp)),
        Math.max(max, 0.1), v -> String.format(Locale.ROOT, "%.2f", v), Double.NaN, ""));
    h.append("<h2>Scores per step</h2>\n<table>\n");
    List<String[]> rows = table(r);
    for (int i = 0; i < rows.size(); i++) {
      h.append("<tr>");
      for (int j = 0; j < rows.get(i).length; j++) {
        String tag = i == 0 ? "th" : "td";
        h.append('<').append(tag).append(j == 0 ? " class=\"l\">" : ">").append(escape(rows.get(i)[j]))
            .append("</").append(tag).append('>');
      }
      h.append("</tr>\n");
    }
    h.append("</table>\n<p>Latency in report intervals; per archetype: detected/compromised SIMs.</p>\n")
        .append("<h2>Detection floors</h2>\n<p>The first value (in the sweep's order, weakest first) from which on every step detects at least ")
        .append(Sweep.FLOOR_RECALL).append(" of the compromised SIMs (≤ the first value: already there; > the last: "
            + "not reached).</p>\n<table><tr><th class=\"l\">of</th><th>").append(escape(r.sweep().param().key()))
        .append("</th></tr>\n");
    for (SweepResult.Floor f : r.floors()) {
      h.append("<tr><td class=\"l\">").append(escape(f.label())).append("</td><td>").append(escape(r.floorText(f)))
          .append("</td></tr>\n");
    }
    h.append(String.format(Locale.ROOT, "</table>\n<p>False-positive SIM-days over the sweep: %.3f per 1,000.</p>%n",
        r.perThousand()));
    return h.append("</body></html>\n").toString();
  }

  /** Writes {@code sweep.md} and {@code sweep.html} into {@code dir}; returns them. */
  public static List<Path> write(SweepResult r, String command, Path dir) {
    try {
      Files.createDirectories(dir);
      Path md = dir.resolve("sweep.md");
      Path html = dir.resolve("sweep.html");
      Files.writeString(md, markdown(r, command), StandardCharsets.UTF_8);
      Files.writeString(html, html(r, command), StandardCharsets.UTF_8);
      return List.of(html, md);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the sweep report to " + dir + ": " + e.getMessage(), e);
    }
  }
}
