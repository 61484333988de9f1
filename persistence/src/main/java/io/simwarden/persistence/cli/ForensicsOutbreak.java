package io.simwarden.persistence.cli;

import io.simwarden.core.ValidationException;
import io.simwarden.persistence.forensics.ForensicsJournal;
import io.simwarden.persistence.forensics.ForensicsJson;
import io.simwarden.persistence.forensics.Outbreak;
import io.simwarden.persistence.forensics.OutbreakReport;
import io.simwarden.persistence.forensics.SearchCriteria;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.typed.ActorSystem;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "outbreak", mixinStandardHelpOptions = true,
    description = {"Reconstruct a spread: patient-zero candidates (the SIMs affected first), the infection curve "
        + "and the affected set, as outbreak.json and outbreak.html (one file, inline SVG) in --out.",
        "Reads the forensic index when the read side keeps one (see search), else the journal."})
final class ForensicsOutbreak extends ForensicsCommand.IndexedCommand {
  @Option(names = "--kind", paramLabel = "KIND", description = "An anomaly kind (port-scan, ddos-source, ...) or "
      + "event type.")
  String kind;

  @Option(names = "--endpoint", paramLabel = "ADDR|CIDR", description = "SIMs that talked to this address or "
      + "network.")
  String endpoint;

  @Option(names = "--out", paramLabel = "DIR", defaultValue = "var/forensics/outbreak",
      description = "Where outbreak.json and outbreak.html go (default: ${DEFAULT-VALUE}).")
  Path dir;

  @Option(names = "--patient-zero", paramLabel = "N", defaultValue = "5",
      description = "How many first-affected SIMs to name (default: ${DEFAULT-VALUE}; ties included).")
  int candidates;

  @Option(names = "--bucket", paramLabel = "MINUTES", defaultValue = "60",
      description = "Width of one step of the infection curve (default: ${DEFAULT-VALUE}).")
  int bucketMinutes;

  private SearchCriteria criteria;

  @Override
  void validate() {
    if ((kind == null) == (endpoint == null)) {
      throw new ValidationException("kind", "give exactly one of --kind or --endpoint");
    }
    if (candidates < 1 || bucketMinutes < 1) {
      throw new ValidationException(candidates < 1 ? "patient-zero" : "bucket", "must be positive");
    }
    criteria = criteria(kind == null ? null : List.of(kind), null, null, endpoint, null);
  }

  @Override
  int run(ForensicsJournal journal, ActorSystem<Void> system) {
    long begin = System.nanoTime();
    Outbreak outbreak = spread(journal, system, criteria);
    String indicator = kind != null ? "kind " + kind : "endpoint " + endpoint;
    Duration bucket = Duration.ofMinutes(bucketMinutes);
    try {
      Files.createDirectories(dir);
      Files.writeString(dir.resolve("outbreak.json"),
          ForensicsJson.pretty(OutbreakReport.json(indicator, outbreak, candidates, bucket)), StandardCharsets.UTF_8);
      Files.writeString(dir.resolve("outbreak.html"), OutbreakReport.html(indicator, outbreak, candidates, bucket),
          StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the outbreak report to " + dir, e);
    }
    PrintWriter out = out();
    out.println("outbreak of " + indicator + ": " + outbreak.affected().size() + " SIMs affected");
    out.println("patient-zero candidates:");
    for (Outbreak.Affected a : outbreak.patientZeroCandidates(candidates)) {
      out.println("  " + a.imsi() + "  first " + a.first() + "  (" + a.events() + " events)");
    }
    out.println("reports: " + dir.resolve("outbreak.html").toAbsolutePath());
    out.println("         " + dir.resolve("outbreak.json").toAbsolutePath());
    out.flush();
    err().printf("%s; %.1f s%n", answeredBy, (System.nanoTime() - begin) / 1e9);
    return 0;
  }
}
