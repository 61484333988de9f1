package io.simwarden.sim.report;

import io.simwarden.core.detect.AnomalyKind;
import io.simwarden.core.event.RejectReason;
import io.simwarden.sim.archetype.Archetype;
import io.simwarden.sim.attack.AttackKind;
import io.simwarden.sim.driver.SimCommand;
import io.simwarden.sim.driver.SimulationResult;
import io.simwarden.sim.scenario.AttackSpec;
import io.simwarden.sim.scenario.Scenario;
import io.simwarden.sim.score.Scorecard;
import io.simwarden.sim.truth.Label;
import java.time.Instant;
import java.util.Map;

/** {@code report.json}: the run, the scores and the ground truth with each label's outcome, for machines. */
public final class JsonReport {

  private JsonReport() {}

  public static String render(Report report) {
    SimulationResult r = report.result();
    Scenario s = r.scenario();
    Scorecard c = report.card();
    JsonWriter j = new JsonWriter().beginObject();

    j.name("scenario").beginObject()
        .field("name", s.name()).field("description", s.description()).field("source", s.source())
        .field("seed", s.seed()).field("start", s.start().toString())
        .field("duration", Scenario.human(s.duration())).field("reportInterval", Scenario.human(s.reportInterval()))
        .field("devices", r.devices()).field("grace", Scenario.human(s.grace()));
    j.name("fleet").beginObject();
    for (Archetype a : Archetype.values()) {
      j.field(a.id(), r.counts()[a.ordinal()]);
    }
    j.endObject();
    j.name("attacks").beginArray();
    for (AttackSpec a : s.attacks()) {
      j.beginObject().field("name", a.name()).field("type", a.kind().id()).field("start", Scenario.human(a.start()))
          .field("end", Scenario.human(a.end(s.duration()))).field("where", a.where()).endObject();
    }
    j.endArray();
    strings(j, "warnings", s.warnings());
    strings(j, "notes", r.notes());
    j.endObject();

    j.name("run").beginObject().field("journal", r.journal()).field("wallSeconds", r.wallMillis() / 1000.0)
        .field("commands", r.commandsSent()).field("retries", r.retries())
        .field("commandsPerSecond", r.commandsPerSecond())
        .field("realTimeFactor", r.speedup()).field("cohorts", r.cohorts()).field("parallelism", r.parallelism())
        .field("journalDigest", r.journalDigest()).field("flowsAllowed", r.allowedFlows())
        .field("flowsBlocked", r.blockedFlows());
    j.name("commandsByKind").beginObject();
    for (Map.Entry<SimCommand.Kind, Long> e : r.commands().entrySet()) {
      j.field(e.getKey().name().toLowerCase(java.util.Locale.ROOT), e.getValue());
    }
    j.endObject();
    j.name("refusals").beginObject();
    for (Map.Entry<RejectReason, Long> e : r.refusals().entrySet()) {
      j.field(e.getKey().name(), e.getValue());
    }
    j.endObject().endObject();

    j.name("scores").beginObject();
    j.name("overall");
    score(j, c.overall());
    j.name("perAttack").beginArray();
    for (Scorecard.KindScore k : c.perKind()) {
      score(j, k);
    }
    j.endArray();
    j.field("falseAlarmSims", c.falseAlarmSims()).field("falsePositiveSimDays", c.falsePositiveSimDays())
        .field("simDays", c.simDays()).field("falsePositivesPer1000SimDays", c.falsePositiveRate());
    j.endObject();

    j.name("confusion").beginArray();
    for (Map.Entry<AttackKind, Map<AnomalyKind, Integer>> row : c.confusion().entrySet()) {
      j.beginObject().field("attack", Report.attackName(row.getKey()));
      j.name("detectedAs").beginObject();
      for (Map.Entry<AnomalyKind, Integer> e : row.getValue().entrySet()) {
        j.field(e.getKey().name(), e.getValue());
      }
      j.endObject();
      if (row.getKey() != null) {
        j.field("missed", c.missed().getOrDefault(row.getKey(), 0));
      }
      j.endObject();
    }
    j.endArray();

    j.name("detectionsByKind").beginObject();
    report.detectionsPerHour().forEach((k, perHour) -> {
      long n = 0;
      for (double v : perHour) {
        n += (long) v;
      }
      j.field(k.name(), n);
    });
    j.endObject();

    j.name("groundTruth").beginArray();
    for (Scorecard.Outcome o : c.outcomes()) {
      Label l = r.labels().get(o.label());
      j.beginObject().field("imsi", l.imsi()).field("attack", l.attack()).field("type", l.kind().id())
          .field("start", Instant.ofEpochMilli(l.start()).toString()).field("end", Instant.ofEpochMilli(l.end()).toString())
          .field("detected", o.detected())
          .field("firstDetection", o.detected() ? Instant.ofEpochMilli(o.firstAt()).toString() : null)
          .field("latencyIntervals", o.latencyIntervals());
      j.name("detectedAs").beginArray();
      for (AnomalyKind k : o.kinds()) {
        j.value(k.name());
      }
      j.endArray().endObject();
    }
    j.endArray();
    return j.endObject().toString();
  }

  private static void score(JsonWriter j, Scorecard.KindScore k) {
    j.beginObject().field("attack", k.kind() == null ? "all" : k.kind().id()).field("sims", k.labels())
        .field("detected", k.detected()).field("falseAlarmSims", k.falseAlarms()).field("precision", k.precision())
        .field("recall", k.recall()).field("f1", k.f1()).field("latencyP50Intervals", k.latencyP50())
        .field("latencyP95Intervals", k.latencyP95());
    j.name("latencyHistogram").beginArray();
    for (int v : k.latencyHistogram()) {
      j.value(v);
    }
    j.endArray().endObject();
  }

  private static void strings(JsonWriter j, String name, java.util.List<String> values) {
    j.name(name).beginArray();
    for (String v : values) {
      j.value(v);
    }
    j.endArray();
  }
}
