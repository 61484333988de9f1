package io.simwarden.sim.report;

import static io.simwarden.sim.report.Charts.escape;

import io.simwarden.core.detect.AnomalyKind;
import io.simwarden.core.event.RejectReason;
import io.simwarden.sim.archetype.Archetype;
import io.simwarden.sim.attack.AttackKind;
import io.simwarden.sim.clock.VirtualClock;
import io.simwarden.sim.driver.SimulationResult;
import io.simwarden.sim.scenario.AttackSpec;
import io.simwarden.sim.scenario.Scenario;
import io.simwarden.sim.score.Scorecard;
import io.simwarden.sim.truth.Label;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code report.html}: one self-contained page (inline CSS and SVG, no script, nothing fetched) with the
 * scores, traffic and detections over simulated time, detection latency per attack, the confusion
 * table, the fleet, the attacks and the ground truth.
 */
public final class HtmlReport {

  /** Ground-truth rows shown in the page; report.json and ground-truth.csv have all of them. */
  static final int MAX_TRUTH_ROWS = 500;

  static final String STYLE = """
      body{font:14px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#202124;margin:24px auto;
        max-width:1000px;padding:0 16px}
      h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #dadce0;
        padding-bottom:4px}
      .sub{color:#5f6368;margin:0 0 16px}
      table{border-collapse:collapse;margin:8px 0;font-variant-numeric:tabular-nums}
      th,td{border:1px solid #dadce0;padding:4px 8px;text-align:right}th{background:#f1f3f4}
      td.l,th.l{text-align:left}
      .kpi{display:inline-block;margin:0 24px 8px 0}.kpi b{display:block;font-size:20px}
      svg{display:block;margin:8px 0;max-width:100%;height:auto}
      svg .t{font:600 14px system-ui,sans-serif;fill:#202124}svg .h{font:600 12px system-ui,sans-serif}
      svg .xl{font:11px system-ui,sans-serif;text-anchor:middle;fill:#5f6368}
      svg .yl{font:11px system-ui,sans-serif;text-anchor:end;fill:#5f6368}
      svg .v{font:10px system-ui,sans-serif;text-anchor:middle;fill:#3c4043}
      svg .lg{font:11px system-ui,sans-serif;fill:#3c4043}svg .ml{font:10px system-ui,sans-serif;fill:#a50e0e}
      svg .g{stroke:#eceff1}svg .ax{stroke:#9aa0a6}svg .mk{stroke:#a50e0e;stroke-dasharray:4 3}
      .note{color:#8a4b00}code{background:#f1f3f4;padding:1px 4px;border-radius:3px}
      """;

  private HtmlReport() {}

  public static String render(Report report) {
    SimulationResult r = report.result();
    Scenario s = r.scenario();
    Scorecard c = report.card();
    StringBuilder h = new StringBuilder(64 * 1024);
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>simwarden — ")
        .append(escape(s.name())).append("</title>\n<style>").append(STYLE).append("</style></head><body>\n");
    h.append("<h1>simwarden fleet simulation — ").append(escape(s.name())).append("</h1>\n<p class=\"sub\">")
        .append(escape(s.description())).append("<br>seed ").append(s.seed()).append(" · ")
        .append(Report.count(r.devices())).append(" SIMs · ").append(Scenario.human(s.duration()))
        .append(" simulated from ").append(s.start()).append(" · report interval ")
        .append(Scenario.human(s.reportInterval())).append(" · journal ").append(escape(r.journal())).append("</p>\n");

    kpis(h, r, c);
    scores(h, c);
    charts(h, report);
    confusion(h, c);
    fleetAndAttacks(h, r);
    run(h, r);
    truth(h, r, c);
    h.append("</body></html>\n");
    return h.toString();
  }

  private static void kpis(StringBuilder h, SimulationResult r, Scorecard c) {
    Scorecard.KindScore all = c.overall();
    kpi(h, "compromised SIMs", Report.count(r.labels().size()));
    kpi(h, "detected", Report.count(all.detected()));
    kpi(h, "precision / recall", Report.ratio(all.precision()) + " / " + Report.ratio(all.recall()));
    kpi(h, "F1", Report.ratio(all.f1()));
    kpi(h, "false-positive SIM-days", Report.count(c.falsePositiveSimDays()));
    kpi(h, "commands/s", Report.count(Math.round(r.commandsPerSecond())));
  }

  private static void kpi(StringBuilder h, String name, String value) {
    h.append("<div class=\"kpi\"><b>").append(escape(value)).append("</b>").append(escape(name)).append("</div>");
  }

  private static void scores(StringBuilder h, Scorecard c) {
    h.append("<h2>Scores per attack</h2>\n<table><tr><th class=\"l\">attack</th><th>compromised SIMs</th>"
        + "<th>detected</th><th>SIMs with false alarms</th><th>precision</th><th>recall</th><th>F1</th>"
        + "<th>latency p50</th><th>latency p95</th></tr>\n");
    for (Scorecard.KindScore k : c.perKind()) {
      scoreRow(h, k.kind().id(), k);
    }
    scoreRow(h, "<b>all</b>", c.overall());
    h.append("</table>\n<p>Latency in report intervals from the start of the attack on a SIM to its first detection. "
        + "False-positive SIM-days: ").append(Report.count(c.falsePositiveSimDays())).append(" of ")
        .append(Report.count(Math.round(c.simDays()))).append(" (")
        .append(String.format(Locale.ROOT, "%.3f", c.falsePositiveRate())).append(" per 1,000).</p>\n");
  }

  private static void scoreRow(StringBuilder h, String name, Scorecard.KindScore k) {
    h.append("<tr><td class=\"l\">").append(name.startsWith("<b>") ? name : escape(name)).append("</td><td>")
        .append(Report.count(k.labels())).append("</td><td>").append(Report.count(k.detected())).append("</td><td>")
        .append(Report.count(k.falseAlarms())).append("</td><td>").append(Report.ratio(k.precision()))
        .append("</td><td>").append(Report.ratio(k.recall())).append("</td><td>").append(Report.ratio(k.f1()))
        .append("</td><td>").append(Report.intervals(k.latencyP50())).append("</td><td>")
        .append(Report.intervals(k.latencyP95())).append("</td></tr>\n");
  }

  private static void charts(StringBuilder h, Report report) {
    SimulationResult r = report.result();
    SimulationResult.Series series = r.series();
    int k = report.trafficBucketSteps();
    long bucket = k * report.clock().intervalMillis();
    List<Charts.Marker> markers = report.attackMarkers();
    h.append("<h2>Traffic over simulated time</h2>\n");
    h.append(Charts.lines("Bytes offered by the devices per " + Scenario.human(java.time.Duration.ofMillis(bucket))
            + " (log scale)",
        List.of(new Charts.Series("normal", "#4e79a7", Report.buckets(series.normalBytes(), k)),
            new Charts.Series("attack", "#e15759", Report.buckets(series.attackBytes(), k))),
        bucket, true, Report::bytes, markers));
    h.append(Charts.lines("What the network refused per " + Scenario.human(java.time.Duration.ofMillis(bucket))
            + " (log scale)",
        List.of(new Charts.Series("flows blocked", "#f28e2b", Report.buckets(series.blockedFlows(), k)),
            new Charts.Series("commands refused", "#76b7b2", Report.buckets(series.refused(), k))),
        bucket, true, v -> Report.count(Math.round(v)), markers));

    h.append("<h2>Detections by kind over simulated time</h2>\n");
    Map<AnomalyKind, double[]> perHour = report.detectionsPerHour();
    List<Charts.Series> kinds = new ArrayList<>();
    int hours = (int) Math.ceil(r.scenario().duration().toMillis() / (double) VirtualClock.HOUR);
    for (AnomalyKind kind : AnomalyKind.values()) {
      if (perHour.containsKey(kind)) {
        kinds.add(new Charts.Series(kind.name(), Report.color(kind), perHour.get(kind)));
      }
    }
    if (kinds.isEmpty()) {
      kinds.add(new Charts.Series("no detections", "#9aa0a6", new double[hours]));
    }
    h.append(Charts.stackedBars("Detections per hour, by anomaly kind", kinds, VirtualClock.HOUR, markers));

    h.append("<h2>Detection latency per attack</h2>\n");
    List<String> rows = new ArrayList<>();
    List<int[]> counts = new ArrayList<>();
    List<String> colors = new ArrayList<>();
    for (Scorecard.KindScore ks : report.card().perKind()) {
      if (ks.labels() == 0) {
        continue;
      }
      int[] hist = ks.latencyHistogram();
      int[] withMissed = java.util.Arrays.copyOf(hist, hist.length + 1);
      withMissed[hist.length] = ks.labels() - ks.detected();
      rows.add(ks.kind().id() + " (" + ks.labels() + " SIMs)");
      counts.add(withMissed);
      colors.add(Report.color(ks.kind()));
    }
    if (rows.isEmpty()) {
      h.append("<p>No attack in this scenario.</p>\n");
    } else {
      h.append(Charts.histograms("SIMs by report intervals from attack start to first detection", rows, counts, colors,
          Report.latencyBins()));
    }
  }

  private static void confusion(StringBuilder h, Scorecard c) {
    h.append("<h2>Confusion table</h2>\n<p>Rows: what really happened to a SIM. Columns: what the detectors "
        + "reported for it within the attack (plus grace). A cell counts SIMs; a SIM can show several kinds.</p>\n");
    h.append("<table><tr><th class=\"l\">truth \\ detected as</th>");
    for (AnomalyKind k : AnomalyKind.values()) {
      h.append("<th>").append(k.name().replace('_', ' ').toLowerCase(Locale.ROOT)).append("</th>");
    }
    h.append("<th>missed</th></tr>\n");
    for (Map.Entry<AttackKind, Map<AnomalyKind, Integer>> row : c.confusion().entrySet()) {
      int total = row.getKey() == null ? 0 : rowTotal(c, row.getKey());
      h.append("<tr><td class=\"l\">").append(escape(Report.attackName(row.getKey()))).append("</td>");
      for (AnomalyKind k : AnomalyKind.values()) {
        int v = row.getValue().getOrDefault(k, 0);
        double share = row.getKey() == null ? (v > 0 ? 0.5 : 0) : total == 0 ? 0 : v / (double) total;
        String bg = row.getKey() == null ? "rgba(225,87,89," + fmt(share) + ")" : "rgba(78,121,167," + fmt(share * 0.8)
            + ")";
        h.append("<td style=\"background:").append(bg).append("\">").append(v == 0 ? "" : Report.count(v))
            .append("</td>");
      }
      h.append("<td>").append(row.getKey() == null ? "" : Report.count(c.missed().getOrDefault(row.getKey(), 0)))
          .append("</td></tr>\n");
    }
    h.append("</table>\n");
  }

  private static int rowTotal(Scorecard c, AttackKind kind) {
    for (Scorecard.KindScore k : c.perKind()) {
      if (k.kind() == kind) {
        return k.labels();
      }
    }
    return 0;
  }

  private static void fleetAndAttacks(StringBuilder h, SimulationResult r) {
    h.append("<h2>Fleet</h2>\n<table><tr><th class=\"l\">archetype</th><th>SIMs</th></tr>\n");
    for (Archetype a : Archetype.values()) {
      if (r.counts()[a.ordinal()] > 0) {
        h.append("<tr><td class=\"l\">").append(a.id()).append("</td><td>").append(Report.count(r.counts()[a.ordinal()]))
            .append("</td></tr>\n");
      }
    }
    h.append("</table>\n<h2>Attacks</h2>\n<table><tr><th class=\"l\">name</th><th class=\"l\">type</th><th>start</th>"
        + "<th>end</th><th>SIMs</th><th class=\"l\">defined at</th></tr>\n");
    Scenario s = r.scenario();
    for (AttackSpec a : s.attacks()) {
      long sims = r.labels().stream().filter(l -> l.attack().equals(a.name())).count();
      h.append("<tr><td class=\"l\">").append(escape(a.name())).append("</td><td class=\"l\">").append(a.kind().id())
          .append("</td><td>").append(Scenario.human(a.start())).append("</td><td>")
          .append(Scenario.human(a.end(s.duration()))).append("</td><td>").append(Report.count(sims))
          .append("</td><td class=\"l\"><code>").append(escape(a.where())).append("</code></td></tr>\n");
    }
    h.append("</table>\n");
    for (String w : s.warnings()) {
      h.append("<p class=\"note\">warning: ").append(escape(w)).append("</p>\n");
    }
    for (String n : r.notes()) {
      h.append("<p class=\"note\">note: ").append(escape(n)).append("</p>\n");
    }
  }

  private static void run(StringBuilder h, SimulationResult r) {
    h.append("<h2>Run</h2>\n<table>");
    row(h, "wall time (driving)", String.format(Locale.ROOT, "%.1f s", r.wallMillis() / 1000.0));
    row(h, "commands answered", Report.count(r.commandsSent()));
    row(h, "retries", Report.count(r.retries()) + " (sent again after no answer in time)");
    row(h, "throughput", Report.count(Math.round(r.commandsPerSecond())) + " commands/s, "
        + String.format(Locale.ROOT, "%,.0f", r.speedup()) + "× real time");
    row(h, "cohorts × parallelism", r.cohorts() + " × " + r.parallelism());
    row(h, "flows carried / blocked", Report.count(r.allowedFlows()) + " / " + Report.count(r.blockedFlows()));
    StringBuilder refusals = new StringBuilder();
    for (Map.Entry<RejectReason, Long> e : r.refusals().entrySet()) {
      refusals.append(refusals.length() == 0 ? "" : ", ").append(e.getKey()).append(' ').append(Report.count(e.getValue()));
    }
    row(h, "refusals", refusals.length() == 0 ? "none" : refusals.toString());
    row(h, "journal digest", "<code>" + r.journalDigest() + "</code>");
    h.append("</table>\n");
  }

  private static void row(StringBuilder h, String name, String value) {
    h.append("<tr><th class=\"l\">").append(escape(name)).append("</th><td class=\"l\">").append(value)
        .append("</td></tr>\n");
  }

  private static void truth(StringBuilder h, SimulationResult r, Scorecard c) {
    h.append("<h2>Ground truth</h2>\n");
    if (c.outcomes().isEmpty()) {
      h.append("<p>No SIM was attacked.</p>\n");
      return;
    }
    h.append("<table><tr><th class=\"l\">IMSI</th><th class=\"l\">attack</th><th>start</th><th>end</th>"
        + "<th>first detection</th><th>latency</th><th class=\"l\">detected as</th></tr>\n");
    int shown = 0;
    for (Scorecard.Outcome o : c.outcomes()) {
      if (shown++ == MAX_TRUTH_ROWS) {
        break;
      }
      Label l = r.labels().get(o.label());
      h.append("<tr><td class=\"l\">").append(l.imsi()).append("</td><td class=\"l\">").append(escape(l.attack()))
          .append("</td><td>").append(time(r, l.start())).append("</td><td>").append(time(r, l.end()))
          .append("</td><td>").append(o.detected() ? time(r, o.firstAt()) : "missed").append("</td><td>")
          .append(Report.intervals(o.latencyIntervals())).append("</td><td class=\"l\">")
          .append(o.kinds().stream().map(Enum::name).reduce((a, b) -> a + ", " + b).orElse("")).append("</td></tr>\n");
    }
    h.append("</table>\n");
    if (c.outcomes().size() > MAX_TRUTH_ROWS) {
      h.append("<p>").append(MAX_TRUTH_ROWS).append(" of ").append(Report.count(c.outcomes().size()))
          .append(" rows shown; all are in <code>ground-truth.csv</code> and <code>report.json</code>.</p>\n");
    }
  }

  private static String time(SimulationResult r, long at) {
    return VirtualClock.formatOffset(at - r.scenario().start().toEpochMilli()) + "<br><small>"
        + Instant.ofEpochMilli(at).toString().substring(0, 16).replace('T', ' ') + "</small>";
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.2f", v);
  }
}
