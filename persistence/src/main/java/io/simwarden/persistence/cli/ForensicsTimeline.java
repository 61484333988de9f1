package io.simwarden.persistence.cli;

import io.simwarden.core.id.Imsi;
import io.simwarden.persistence.cli.ForensicsCommand.Format;
import io.simwarden.persistence.forensics.ForensicsJournal;
import io.simwarden.persistence.forensics.ForensicsJson;
import io.simwarden.persistence.forensics.SearchCriteria;
import java.io.PrintWriter;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.typed.ActorSystem;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "timeline", mixinStandardHelpOptions = true,
    description = "Every event of one SIM in order: when, who (operator or network), what and why.")
final class ForensicsTimeline extends ForensicsCommand.CriteriaCommand {
  @Parameters(index = "0", paramLabel = "IMSI")
  String imsi;

  @Option(names = "--format", paramLabel = "table|json|jsonl", defaultValue = "table",
      description = "table (default), json (one array) or jsonl (one event per line).")
  Format format;

  private SearchCriteria window;

  @Override
  void validate() {
    imsi = Imsi.of(imsi).value();
    window = criteria(null, null, null, null, null);
  }

  @Override
  int run(ForensicsJournal journal, ActorSystem<Void> system) {
    PrintWriter out = out();
    AtomicLong n = new AtomicLong();
    if (format == Format.table) {
      out.println(ForensicsCommand.TABLE_HEADER);
    } else if (format == Format.json) {
      out.println("[");
    }
    ForensicsCommand.join(journal.events(imsi).filter(r -> window.matches(r.event())).runForeach(r -> {
      String line = format == Format.table ? ForensicsCommand.table(r) : ForensicsJson.line(ForensicsJson.event(r));
      out.println(format == Format.json && n.get() > 0 ? "," + line : line);
      n.incrementAndGet();
    }, system));
    if (format == Format.json) {
      out.println("]");
    }
    out.flush();
    if (n.get() == 0) {
      err().println("no events of SIM " + imsi + (from != null || to != null ? " in that time window" : ""));
    }
    return 0;
  }
}
