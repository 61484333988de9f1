package io.simwarden.persistence.cli;

import io.simwarden.core.ValidationException;
import io.simwarden.core.event.SimTags;
import io.simwarden.core.id.Imsi;
import io.simwarden.persistence.forensics.ChainAudit;
import io.simwarden.persistence.forensics.ChainHead;
import io.simwarden.persistence.forensics.ForensicIndex;
import io.simwarden.persistence.forensics.ForensicsJournal;
import io.simwarden.persistence.forensics.ForkAudit;
import io.simwarden.persistence.forensics.Recorded;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
        "By default reads the chain heads the read side keeps (slice-tags = every-event): each SIM's chain checked as "
            + "its events arrived, answered in time independent of the journal's length; without them, or with "
            + "--full, reads the rows the journal really stores (the messages table) with their writers.",
        "Exit status: 0 intact, " + ForensicsCommand.TAMPERED + " tampering found, " + ForensicsCommand.FORKED
            + " forked history found (and no "
            + "tampering), 1 the check failed, 2 bad arguments."})
final class ForensicsVerify extends ForensicsCommand.JournalCommand {
  @Parameters(index = "0", arity = "0..1", paramLabel = "IMSI", description = "The SIM to check.")
  String imsi;

  @Option(names = "--all", description = "Check every SIM in the journal.")
  boolean all;

  @Option(names = "--full", description = "Recompute the chains from the journal's rows now, whatever the chain "
      + "heads say (also sees rows changed after the heads checked them).")
  boolean full;

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
    long begin = System.nanoTime();
    if (!full) {
      ForensicIndex index = new ForensicIndex(system, journal, parallelism);
      Optional<ForensicIndex.Progress> progress = ForensicsCommand.join(
          index.progress(ForensicIndex.CHAIN_PROJECTION));
      if (progress.isPresent() && progress.get().complete()) {
        String mode = "chain heads " + progress.get().describe();
        if (all) {
          List<ChainHead> findings = ForensicsCommand.join(index.findings());
          return incremental(findings, progress.get().sims(), progress.get().events(), progress.get().rows(),
              mode + elapsed(begin));
        }
        Optional<ChainHead> head = ForensicsCommand.join(index.head(imsi));
        if (head.isPresent()) {
          return incremental(List.of(head.get()), 1, head.get().events(), head.get().rows(), mode + elapsed(begin));
        }
        err().println("notice: the chain heads have not seen SIM " + imsi + " yet; reading the journal");
      } else {
        err().println("notice: " + (progress.isEmpty() ? "no chain heads in this keyspace" : "the chain heads have "
            + progress.get().slices() + " of " + SimTags.SLICES + " slices") + " (the read side keeps them with "
            + "simwarden.sim.slice-tags = every-event); reading the journal");
      }
    }
    AtomicLong sims = new AtomicLong();
    AtomicLong events = new AtomicLong();
    AtomicLong rows = new AtomicLong();
    AtomicLong tampered = new AtomicLong();
    AtomicLong forked = new AtomicLong();
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
      print(checked.forks(), checked.breaks());
      forked.addAndGet(checked.forks().isEmpty() ? 0 : 1);
      tampered.addAndGet(checked.breaks().size());
    }), system));
    return verdict(sims.get(), events.get(), rows.get(), tampered.get(), forked.get(),
        "full scan of the journal" + elapsed(begin));
  }

  private static String elapsed(long begin) {
    return String.format("; %.1f s", (System.nanoTime() - begin) / 1e9);
  }

  /** Prints what the chain heads found and the verdict. */
  private int incremental(List<ChainHead> heads, long sims, long events, long rows, String mode) {
    long tampered = 0;
    long forked = 0;
    for (ChainHead head : heads) {
      print(head.forks(), head.breaks());
      tampered += head.breaks().size();
      forked += head.forks().isEmpty() ? 0 : 1;
    }
    return verdict(sims, events, rows, tampered, forked, mode);
  }

  private void print(List<ForkAudit.Fork> forks, List<ChainAudit.Finding> breaks) {
    PrintWriter out = out();
    for (ForkAudit.Fork f : forks) {
      out.printf("%-9s %s seq %s: %s; writers %s%n", "FORKED", f.imsi(), f.seqNrs(), f.detail(),
          String.join(", ", f.writers()));
    }
    for (ChainAudit.Finding f : breaks) {
      out.printf("%-9s %s seq %d: %s%n", f.kind(), f.imsi(), f.seqNr(), f.detail());
    }
  }

  /** The last line, {@code mode} saying what answered, and the exit status. */
  private int verdict(long sims, long events, long rows, long tampered, long forked, String mode) {
    List<String> verdicts = new ArrayList<>();
    if (forked > 0) {
      verdicts.add(forked + (forked == 1 ? " SIM" : " SIMs") + " with a forked history");
    }
    if (tampered > 0) {
      verdicts.add(tampered + " tampered events");
    }
    out().printf("verified %d SIMs, %d events%s: %s [%s]%n", sims, events, rows == events ? "" : " (" + rows + " rows)",
        verdicts.isEmpty() ? "every chain intact, one writer at a time" : String.join(", ", verdicts), mode);
    out().flush();
    return tampered > 0 ? ForensicsCommand.TAMPERED : forked > 0 ? ForensicsCommand.FORKED : 0;
  }
}
