package io.simwarden.loadtest.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * {@code BENCHMARKS.md}: one section per benchmark between {@code <!-- bench:NAME -->} markers. A run rewrites the
 * sections of the benchmarks it ran and keeps the others, so each benchmark can be (re)measured on its own.
 */
public final class BenchmarksFile {

  private static final String HEADER = """
      # simwarden benchmarks

      Every figure stands beside its limit: the same work done the plainest way on the same machine, measured in
      the same run. Medians of the runs with min – max; the ratio is figure / limit (median of the per-run
      ratios). Each section names the command that produced it and the machine it ran on; rerun a section with
      its command (`./simwarden bench NAME --profile full`) and it is replaced, the others are kept.
      `loadtest/README.md` explains what each benchmark does.
      """;

  /** Folder of the charts, beside the Markdown file. */
  static final String CHARTS = "benchmarks";

  private BenchmarksFile() {}

  /** Writes (or replaces) the section of {@code bench} in {@code file}. */
  public static void update(Path file, Benchmark bench, String command, Profile profile, List<Summary> rows)
      throws IOException {
    String text = Files.exists(file) ? Files.readString(file) : HEADER;
    String begin = "<!-- bench:" + bench.name() + " -->";
    String end = "<!-- /bench:" + bench.name() + " -->";
    StringBuilder s = new StringBuilder();
    s.append(begin).append("\n## ").append(bench.name()).append("\n\n").append(bench.description()).append("\n\n");
    s.append("```\n").append(command).append("\n```\n\n");
    s.append("Measured ").append(Instant.now().truncatedTo(ChronoUnit.SECONDS)).append(", profile ").append(profile)
        .append(", ").append(rows.isEmpty() ? 0 : rows.get(0).value().runs()).append(" run(s), on ")
        .append(Machine.describe()).append(".\n\n");
    s.append(Summary.tableHeader()).append('\n');
    for (Summary row : rows) {
      s.append(row.tableRow()).append('\n');
    }
    for (Chart chart : bench.charts(rows)) {
      Path svg = file.toAbsolutePath().resolveSibling(CHARTS).resolve(chart.file() + ".svg");
      Files.createDirectories(svg.getParent());
      Files.writeString(svg, chart.svg());
      s.append("\n![").append(chart.title()).append("](").append(CHARTS).append('/').append(chart.file())
          .append(".svg)\n");
    }
    s.append("\n**Reading.** ").append(bench.reading()).append('\n');
    s.append(end);
    int from = text.indexOf(begin);
    int to = text.indexOf(end);
    String updated = from >= 0 && to > from ? text.substring(0, from) + s + text.substring(to + end.length())
        : text.stripTrailing() + "\n\n" + s + "\n";
    Files.writeString(file, updated);
  }
}
