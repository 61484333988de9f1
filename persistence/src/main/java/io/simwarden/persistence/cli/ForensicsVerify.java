package io.simwarden.persistence.cli;

import io.simwarden.core.ValidationException;
import io.simwarden.core.id.Imsi;
import io.simwarden.persistence.forensics.ChainAudit;
import io.simwarden.persistence.forensics.ForensicsJournal;
import io.simwarden.persistence.forensics.ForkAudit;
import io.simwarden.persistence.forensics.Recorded;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "verify", mixinStandardHelpOptions = true,
    description = {"Recompute every SIM's SHA-256 event chain and report each altered, dropped or reordered "
        + "event by IMSI and sequence number; and report each forked history - two events at one sequence "
        + "number, or two writers interleaved (two clusters on one journal) - as FORKED with the writers' "
        + "uuids.",
        "Reads the rows the journal really stores (the messages table) with their writers.",
        "Exit status: 0 intact, " + ForensicsCommand.TAMPERED + " tampering found, " + ForensicsCommand.FORKED
            + " forked history found (and no "
            + "tampering), 1 the check failed, 2 bad arguments."})
final class ForensicsVerify extends ForensicsCommand.JournalCommand {
  @Parameters(index = "0", arity = "0..1", paramLabel = "IMSI", description = "The SIM to check.")
  String imsi;

  @Option(names = "--all", description = "Check every SIM in the journal.")
  boolean all;

  @Override
  void validate() {
    if (all == (imsi != null)) {
      throw new ValidationException("imsi", "give one IMSI or --all");
    }
    if (imsi != null) {
      imsi = Imsi.of(imsi).value();
    }
  }

  /** What one SIM's check found. */
  private record Checked(List<ChainAudit.Finding> breaks, List<ForkAudit.Fork> forks) {}

  @Override
  int run(ForensicsJournal journal, ActorSystem<Void> system) {
    AtomicLong sims = new AtomicLong();
    AtomicLong events = new AtomicLong();
    AtomicLong rows = new AtomicLong();
    AtomicLong tampered = new AtomicLong();
    AtomicLong forked = new AtomicLong();
    PrintWriter out = out();
    Source<String, ?> ids = all ? journal.sims() : Source.single(imsi);
    Function<String, java.util.concurrent.CompletionStage<Checked>> check = id ->
        journal.rows(id).thenApply(stored -> {
          List<Recorded> recorded = stored.stream().map(ForensicsJournal.StoredRow::recorded).toList();
          rows.addAndGet(stored.size());
          events.addAndGet(recorded.stream().mapToLong(Recorded::seqNr).distinct().count());
          return new Checked(ChainAudit.audit(id, recorded),
              ForkAudit.audit(id, stored.stream().map(ForensicsJournal.StoredRow::row).toList()));
        });
    ForensicsCommand.join(ids.mapAsync(parallelism, check::apply).runWith(Sink.foreach(checked -> {
      sims.incrementAndGet();
      for (ForkAudit.Fork f : checked.forks()) {
        out.printf("%-9s %s seq %s: %s; writers %s%n", "FORKED", f.imsi(), f.seqNrs(), f.detail(),
            String.join(", ", f.writers()));
      }
      for (ChainAudit.Finding f : checked.breaks()) {
        out.printf("%-9s %s seq %d: %s%n", f.kind(), f.imsi(), f.seqNr(), f.detail());
      }
      forked.addAndGet(checked.forks().isEmpty() ? 0 : 1);
      tampered.addAndGet(checked.breaks().size());
    }), system));
    List<String> verdicts = new ArrayList<>();
    if (forked.get() > 0) {
      verdicts.add(forked.get() + (forked.get() == 1 ? " SIM" : " SIMs") + " with a forked history");
    }
    if (tampered.get() > 0) {
      verdicts.add(tampered.get() + " tampered events");
    }
    out.printf("verified %d SIMs, %d events%s: %s%n", sims.get(), events.get(),
        rows.get() == events.get() ? "" : " (" + rows.get() + " rows)",
        verdicts.isEmpty() ? "every chain intact, one writer at a time" : String.join(", ", verdicts));
    out.flush();
    return tampered.get() > 0 ? ForensicsCommand.TAMPERED : forked.get() > 0 ? ForensicsCommand.FORKED : 0;
  }
}
