package io.simwarden.sim.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Writes a run's reports into a directory: report.html, report.json, ground-truth.csv, detections.csv. */
public final class ReportFiles {

  private ReportFiles() {}

  /** Writes every report into {@code dir} (created if needed); returns the files written. */
  public static List<Path> write(Report report, Path dir) {
    try {
      Files.createDirectories(dir);
      Path html = dir.resolve("report.html");
      Path json = dir.resolve("report.json");
      Path truth = dir.resolve("ground-truth.csv");
      Path detections = dir.resolve("detections.csv");
      Files.writeString(html, HtmlReport.render(report), StandardCharsets.UTF_8);
      Files.writeString(json, JsonReport.render(report), StandardCharsets.UTF_8);
      CsvExport.groundTruth(report, truth);
      CsvExport.detections(report, detections);
      return List.of(html, json, truth, detections);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the reports to " + dir + ": " + e.getMessage(), e);
    }
  }
}
