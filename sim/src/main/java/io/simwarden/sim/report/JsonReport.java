package io.simwarden.sim.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
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
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code report.json}: the run, the scores and the ground truth with each label's outcome, for machines. */
public final class JsonReport {

  private static final JsonFactory JSON = new JsonFactory();
  /** Two spaces per level, one member or element per line, {@code "name": value}: what people grep for. */
  private static final DefaultPrettyPrinter PRETTY = new DefaultPrettyPrinter(Separators.createDefaultInstance()
      .withObjectFieldValueSpacing(Separators.Spacing.AFTER))
      .withArrayIndenter(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE);

  private JsonReport() {}

  public static String render(Report report) {
    StringWriter text = new StringWriter(4096);
    try (JsonGenerator j = JSON.createGenerator(text)) {
      j.setPrettyPrinter(PRETTY);
      write(j, report);
    } catch (IOException e) {
      throw new UncheckedIOException("writing report.json to memory", e);
    }
    return text.append('\n').toString();
  }

  private static void write(JsonGenerator j, Report report) throws IOException {
    SimulationResult r = report.result();
    Scenario s = r.scenario();
    Scorecard c = report.card();
    j.writeStartObject();

    j.writeObjectFieldStart("scenario");
    j.writeStringField("name", s.name());
    j.writeStringField("description", s.description());
    j.writeStringField("source", s.source());
    j.writeNumberField("seed", s.seed());
    j.writeStringField("start", s.start().toString());
    j.writeStringField("duration", Scenario.human(s.duration()));
    j.writeStringField("reportInterval", Scenario.human(s.reportInterval()));
    j.writeNumberField("devices", r.devices());
    j.writeStringField("grace", Scenario.human(s.grace()));
    j.writeObjectFieldStart("fleet");
    for (Archetype a : Archetype.values()) {
      j.writeNumberField(a.id(), r.counts()[a.ordinal()]);
    }
    j.writeEndObject();
    j.writeArrayFieldStart("attacks");
    for (AttackSpec a : s.attacks()) {
      j.writeStartObject();
      j.writeStringField("name", a.name());
      j.writeStringField("type", a.kind().id());
      j.writeStringField("start", Scenario.human(a.start()));
      j.writeStringField("end", Scenario.human(a.end(s.duration())));
      j.writeStringField("where", a.where());
      j.writeEndObject();
    }
    j.writeEndArray();
    strings(j, "warnings", s.warnings());
    strings(j, "notes", r.notes());
    j.writeEndObject();

    j.writeObjectFieldStart("run");
    j.writeStringField("journal", r.journal());
    number(j, "wallSeconds", r.wallMillis() / 1000.0);
    j.writeNumberField("commands", r.commandsSent());
    j.writeNumberField("retries", r.retries());
    number(j, "commandsPerSecond", r.commandsPerSecond());
    number(j, "realTimeFactor", r.speedup());
    j.writeNumberField("cohorts", r.cohorts());
    j.writeNumberField("parallelism", r.parallelism());
    j.writeStringField("journalDigest", r.journalDigest());
    j.writeNumberField("flowsAllowed", r.allowedFlows());
    j.writeNumberField("flowsBlocked", r.blockedFlows());
    j.writeObjectFieldStart("commandsByKind");
    for (Map.Entry<SimCommand.Kind, Long> e : r.commands().entrySet()) {
      j.writeNumberField(e.getKey().name().toLowerCase(Locale.ROOT), e.getValue());
    }
    j.writeEndObject();
    j.writeObjectFieldStart("refusals");
    for (Map.Entry<RejectReason, Long> e : r.refusals().entrySet()) {
      j.writeNumberField(e.getKey().name(), e.getValue());
    }
    j.writeEndObject();
    j.writeEndObject();

    j.writeObjectFieldStart("scores");
    j.writeFieldName("overall");
    score(j, c.overall());
    j.writeArrayFieldStart("perAttack");
    for (Scorecard.KindScore k : c.perKind()) {
      score(j, k);
    }
    j.writeEndArray();
    j.writeNumberField("falseAlarmSims", c.falseAlarmSims());
    j.writeNumberField("falsePositiveSimDays", c.falsePositiveSimDays());
    number(j, "simDays", c.simDays());
    number(j, "falsePositivesPer1000SimDays", c.falsePositiveRate());
    j.writeEndObject();

    j.writeArrayFieldStart("confusion");
    for (Map.Entry<AttackKind, Map<AnomalyKind, Integer>> row : c.confusion().entrySet()) {
      j.writeStartObject();
      j.writeStringField("attack", Report.attackName(row.getKey()));
      j.writeObjectFieldStart("detectedAs");
      for (Map.Entry<AnomalyKind, Integer> e : row.getValue().entrySet()) {
        j.writeNumberField(e.getKey().name(), e.getValue());
      }
      j.writeEndObject();
      if (row.getKey() != null) {
        j.writeNumberField("missed", c.missed().getOrDefault(row.getKey(), 0));
      }
      j.writeEndObject();
    }
    j.writeEndArray();

    j.writeObjectFieldStart("detectionsByKind");
    for (Map.Entry<AnomalyKind, double[]> e : report.detectionsPerHour().entrySet()) {
      long n = 0;
      for (double v : e.getValue()) {
        n += (long) v;
      }
      j.writeNumberField(e.getKey().name(), n);
    }
    j.writeEndObject();

    j.writeArrayFieldStart("groundTruth");
    for (Scorecard.Outcome o : c.outcomes()) {
      Label l = r.labels().get(o.label());
      j.writeStartObject();
      j.writeStringField("imsi", l.imsi());
      j.writeStringField("attack", l.attack());
      j.writeStringField("type", l.kind().id());
      j.writeStringField("start", Instant.ofEpochMilli(l.start()).toString());
      j.writeStringField("end", Instant.ofEpochMilli(l.end()).toString());
      j.writeBooleanField("detected", o.detected());
      j.writeStringField("firstDetection", o.detected() ? Instant.ofEpochMilli(o.firstAt()).toString() : null);
      number(j, "latencyIntervals", o.latencyIntervals());
      j.writeArrayFieldStart("detectedAs");
      for (AnomalyKind k : o.kinds()) {
        j.writeString(k.name());
      }
      j.writeEndArray();
      j.writeEndObject();
    }
    j.writeEndArray();
    j.writeEndObject();
  }

  private static void score(JsonGenerator j, Scorecard.KindScore k) throws IOException {
    j.writeStartObject();
    j.writeStringField("attack", k.kind() == null ? "all" : k.kind().id());
    j.writeNumberField("sims", k.labels());
    j.writeNumberField("detected", k.detected());
    j.writeNumberField("falseAlarmSims", k.falseAlarms());
    number(j, "precision", k.precision());
    number(j, "recall", k.recall());
    number(j, "f1", k.f1());
    number(j, "latencyP50Intervals", k.latencyP50());
    number(j, "latencyP95Intervals", k.latencyP95());
    j.writeArrayFieldStart("latencyHistogram");
    for (int v : k.latencyHistogram()) {
      j.writeNumber(v);
    }
    j.writeEndArray();
    j.writeEndObject();
  }

  /**
   * A measured figure: a whole number without a fraction, others to six decimals; NaN and infinities (a score of
   * nothing, e.g. precision without a detection) as {@code null}, which JSON has instead.
   */
  private static void number(JsonGenerator j, String name, double d) throws IOException {
    j.writeFieldName(name);
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      j.writeNull();
    } else if (d == Math.rint(d) && Math.abs(d) < 1e15) {
      j.writeNumber((long) d);
    } else {
      j.writeNumber(Math.round(d * 1e6) / 1e6);
    }
  }

  private static void strings(JsonGenerator j, String name, List<String> values) throws IOException {
    j.writeArrayFieldStart(name);
    for (String v : values) {
      j.writeString(v);
    }
    j.writeEndArray();
  }
}
