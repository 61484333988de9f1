package io.simwarden.sim.report;

import io.simwarden.sim.score.Detected;
import io.simwarden.sim.score.Scorecard;
import io.simwarden.sim.truth.Label;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** {@code ground-truth.csv} and {@code detections.csv}: one row per label and per detection, for analysis. */
final class CsvExport {

  private CsvExport() {}

  static void groundTruth(Report report, Path file) throws IOException {
    List<Label> labels = report.result().labels();
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      w.write("imsi,attack,type,start,end,detected,first_detection,latency_intervals\n");
      for (Scorecard.Outcome o : report.card().outcomes()) {
        Label l = labels.get(o.label());
        w.write(l.imsi() + "," + l.attack() + "," + l.kind().id() + "," + Instant.ofEpochMilli(l.start()) + ","
            + Instant.ofEpochMilli(l.end()) + "," + o.detected() + ","
            + (o.detected() ? Instant.ofEpochMilli(o.firstAt()).toString() : "") + ","
            + (o.detected() ? String.format(Locale.ROOT, "%.2f", o.latencyIntervals()) : "") + "\n");
      }
    }
  }

  static void detections(Report report, Path file) throws IOException {
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      w.write("imsi,kind,at,score,response\n");
      for (Detected d : report.result().detections()) {
        w.write(d.imsi() + "," + d.kind() + "," + Instant.ofEpochMilli(d.at()) + ","
            + String.format(Locale.ROOT, "%.3f", d.score()) + "," + d.response() + "\n");
      }
    }
  }
}
