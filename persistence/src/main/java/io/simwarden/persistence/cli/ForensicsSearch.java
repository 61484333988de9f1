package io.simwarden.persistence.cli;

import io.simwarden.core.ValidationException;
import io.simwarden.persistence.cli.ForensicsCommand.Format;
import io.simwarden.persistence.forensics.ForensicsJournal;
import io.simwarden.persistence.forensics.ForensicsJson;
import io.simwarden.persistence.forensics.Recorded;
import io.simwarden.persistence.forensics.SearchCriteria;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.javadsl.Source;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "search", mixinStandardHelpOptions = true,
    description = {"Fleet-wide search: every event (or, with --sims, every SIM) matching all the given criteria,",
        "streamed. From the forensic index when the read side keeps one (slice-tags = every-event) and an indexed",
        "criterion is given (--imei, --remote, --tac, --plmn, or kinds other than UsageRecorded, VoiceUsageRecorded,",
        "AttachAccepted); else tagged kinds (alerts, audit) are read by tag and anything else scans every SIM.",
        "Example: which SIMs talked to 203.0.113.7 in a window:",
        "  search --remote 203.0.113.7 --from 2026-01-01T09:00:00Z --to 2026-01-01T12:00:00Z --sims"})
final class ForensicsSearch extends ForensicsCommand.IndexedCommand {
  @Option(names = "--kind", paramLabel = "KIND", split = ",",
      description = "Event type (AnomalyDetected, UsageRecorded, ...) or anomaly kind (port-scan, ...).")
  List<String> kinds;

  @Option(names = "--imei", paramLabel = "IMEI", description = "Events of this device (attaches, IMEI binding).")
  String imei;

  @Option(names = "--tac", paramLabel = "TAC", description = "Events of devices of this model (8-digit TAC).")
  String tac;

  @Option(names = "--remote", paramLabel = "ADDR|CIDR", description = "Traffic to this address or network.")
  String remote;

  @Option(names = "--plmn", paramLabel = "MCCMNC", description = "Attaches in this network, e.g. 20801.")
  String plmn;

  @Option(names = "--sims", description = "Print each matching SIM once (its first match) instead of every event.")
  boolean sims;

  @Option(names = "--format", paramLabel = "table|jsonl", defaultValue = "table",
      description = "table (default) or jsonl (one JSON object per line).")
  Format format;

  private SearchCriteria criteria;

  @Override
  void validate() {
    if (format == Format.json) {
      throw new ValidationException("format", "search streams its results: use table or jsonl");
    }
    criteria = criteria(kinds, imei, tac, remote, plmn);
  }

  @Override
  int run(ForensicsJournal journal, ActorSystem<Void> system) {
    PrintWriter out = out();
    long begin = System.nanoTime();
    AtomicLong n = new AtomicLong();
    Source<Recorded, ?> results = matching(journal, system, criteria, sims);
    if (format == Format.table) {
      out.println(ForensicsCommand.TABLE_HEADER);
    }
    ForensicsCommand.join(results.runForeach(r -> {
      out.println(format == Format.table ? ForensicsCommand.table(r)
          : ForensicsJson.line(ForensicsJson.event(r)));
      n.incrementAndGet();
    }, system));
    out.flush();
    err().printf("%d %s (%s; %.1f s)%n", n.get(), sims ? "SIMs" : "events", answeredBy,
        (System.nanoTime() - begin) / 1e9);
    return 0;
  }
}
