package io.simwarden.sim.report;

import io.simwarden.sim.archetype.Archetype;
import io.simwarden.sim.driver.SimulationResult;
import io.simwarden.sim.scenario.Scenario;
import io.simwarden.sim.score.Scorecard;
import java.io.PrintWriter;
import java.util.Locale;

/** The summary printed at the end of {@code simwarden simulate}. */
public final class TerminalReport {

  private TerminalReport() {}

  public static void print(Report report, PrintWriter out) {
    SimulationResult r = report.result();
    Scenario s = r.scenario();
    Scorecard c = report.card();
    out.printf(Locale.ROOT, "%nscenario %s (seed %d): %s SIMs × %s simulated, report interval %s, journal %s%n",
        s.name(), s.seed(), Report.count(r.devices()), Scenario.human(s.duration()), Scenario.human(s.reportInterval()),
        r.journal());
    StringBuilder fleet = new StringBuilder("fleet:");
    for (Archetype a : Archetype.values()) {
      if (r.counts()[a.ordinal()] > 0) {
        fleet.append(' ').append(a.id()).append(' ').append(Report.count(r.counts()[a.ordinal()]));
      }
    }
    out.println(fleet);
    out.printf(Locale.ROOT, "ground truth: %s compromised SIMs in %d attacks; %s detections%n%n",
        Report.count(r.labels().size()), s.attacks().size(), Report.count(r.detections().size()));
    out.printf(Locale.ROOT, "%-17s %7s %9s %7s %9s %7s %6s %17s%n", "attack", "SIMs", "detected", "false", "precision",
        "recall", "F1", "latency p50/p95");
    out.printf(Locale.ROOT, "%-17s %7s %9s %7s %9s %7s %6s %17s%n", "", "", "", "alarms", "", "", "", "(intervals)");
    for (Scorecard.KindScore k : c.perKind()) {
      row(out, k.kind().id(), k);
    }
    row(out, "all", c.overall());
    out.printf(Locale.ROOT, "%nfalse-positive SIM-days: %s (%.3f per 1,000 SIM-days)%n",
        Report.count(c.falsePositiveSimDays()), c.falsePositiveRate());
    out.printf(Locale.ROOT, "throughput: %s commands in %.1f s = %s commands/s (%,.0f× real time)%n",
        Report.count(r.commandsSent()), r.wallMillis() / 1000.0, Report.count(Math.round(r.commandsPerSecond())),
        r.speedup());
    out.printf("retries: %s (commands sent again after no answer in time)%n", Report.count(r.retries()));
    out.printf("journal digest: %s%n", r.journalDigest());
    for (String w : s.warnings()) {
      out.println("warning: " + w);
    }
    for (String n : r.notes()) {
      out.println("note: " + n);
    }
    out.flush();
  }

  private static void row(PrintWriter out, String name, Scorecard.KindScore k) {
    out.printf(Locale.ROOT, "%-17s %7s %9s %7s %9s %7s %6s %17s%n", name, Report.count(k.labels()),
        Report.count(k.detected()), Report.count(k.falseAlarms()), Report.ratio(k.precision()), Report.ratio(k.recall()),
        Report.ratio(k.f1()), Report.intervals(k.latencyP50()) + " / " + Report.intervals(k.latencyP95()));
  }
}
