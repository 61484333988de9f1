package io.simwarden.persistence.cli;

import io.simwarden.core.ValidationException;
import io.simwarden.core.event.SimTags;
import io.simwarden.core.id.Imsi;
import io.simwarden.persistence.checkpoint.CheckpointAudit;
import io.simwarden.persistence.checkpoint.CheckpointLeaf;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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
            + "tampering), " + ForensicsCommand.BAD_CHECKPOINT + " the checkpoint is not trustworthy (and no "
            + "tampering), 1 the check failed, 2 bad arguments.",
        "With a signed checkpoint ('simwarden checkpoint create', or --checkpoint FILE), also compares the journal "
            + "with it: a SIM whose last events are gone (TRUNCATED), whose every event is gone (VANISHED) or whose "
            + "checkpointed event is another (DIVERGED) counts as tampered."})
final class ForensicsVerify extends ForensicsCommand.JournalCommand {
  @Parameters(index = "0", arity = "0..1", paramLabel = "IMSI", description = "The SIM to check.")
  String imsi;

  @Option(names = "--all", description = "Check every SIM in the journal.")
  boolean all;

  @Option(names = "--full", description = "Recompute the chains from the journal's rows now, whatever the chain "
      + "heads say (also sees rows changed after the heads checked them).")
  boolean full;

  @Mixin
  CheckpointOptions checkpoints;

  @Option(names = "--no-checkpoint", description = "Do not compare with the checkpoint (which reads each "
      + "checkpointed SIM's partition from its checkpointed event on: one read per SIM).")
  boolean noCheckpoint;

  /** What the comparison with the checkpoint found: SIMs cut short, and why the checkpoint is not trusted. */
  private List<CheckpointAudit.Finding> cut = List.of();
  private String badCheckpoint;
  private String checkpointMode = "";

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
    if (!noCheckpoint) {
      compareWithCheckpoint(journal, system);
    }
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

  /** Compares the journal with the newest checkpoint (or --checkpoint), printing what it finds. */
  private void compareWithCheckpoint(ForensicsJournal journal, ActorSystem<Void> system) {
    String keyspace = system.settings().config().getString("pekko.persistence.cassandra.journal.keyspace");
    Optional<CheckpointOptions.Loaded> loaded = checkpoints.load(system, keyspace);
    if (loaded.isEmpty()) {
      err().println("notice: no checkpoint of " + keyspace + " ('simwarden checkpoint create' makes one): deleted "
          + "tails and histories are not looked for");
      return;
    }
    checkpointMode = "; " + loaded.get().describe();
    Optional<String> bad = checkpoints.refute(loaded.get(), system.settings().config(), keyspace, err());
    if (bad.isPresent()) {
      badCheckpoint = bad.get();
      out().printf("%-9s %s (%s) is not trustworthy: %s%n", "CHECKPOINT", loaded.get().describe(),
          loaded.get().source(), bad.get());
      return;
    }
    List<CheckpointLeaf> leaves = loaded.get().leaves().stream().filter(l -> all || l.imsi().equals(imsi)).toList();
    List<CheckpointAudit.Finding> found = ForensicsCommand.join(Source.from(leaves)
        .mapAsync(parallelism, leaf -> journal.rows(leaf.imsi(), leaf.seqNr()).thenCompose(tail -> {
          List<Recorded> recorded = tail.stream().map(ForensicsJournal.StoredRow::recorded).toList();
          if (!recorded.isEmpty()) {
            return CompletableFuture.completedFuture(CheckpointAudit.compare(leaf, recorded, 0));
          }
          return journal.rows(leaf.imsi(), 1).thenApply(whole -> CheckpointAudit.compare(leaf, List.of(),
              whole.isEmpty() ? 0 : whole.get(whole.size() - 1).row().seqNr()));
        }))
        .mapConcat(f -> f.map(List::of).orElse(List.of()))
        .runWith(Sink.seq(), system));
    cut = found;
    for (CheckpointAudit.Finding f : found) {
      out().printf("%-9s %s seq %d: %s%n", f.kind(), f.imsi(), f.checkpointedSeqNr(), f.detail());
    }
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
    if (!cut.isEmpty()) {
      verdicts.add(cut.size() + (cut.size() == 1 ? " SIM" : " SIMs") + " cut short since the checkpoint");
    }
    if (badCheckpoint != null) {
      verdicts.add("an untrustworthy checkpoint");
    }
    if (forked > 0) {
      verdicts.add(forked + (forked == 1 ? " SIM" : " SIMs") + " with a forked history");
    }
    if (tampered > 0) {
      verdicts.add(tampered + " tampered events");
    }
    out().printf("verified %d SIMs, %d events%s: %s [%s]%n", sims, events, rows == events ? "" : " (" + rows + " rows)",
        verdicts.isEmpty() ? "every chain intact, one writer at a time" : String.join(", ", verdicts),
        mode + checkpointMode);
    out().flush();
    return tampered > 0 || !cut.isEmpty() ? ForensicsCommand.TAMPERED : badCheckpoint != null
        ? ForensicsCommand.BAD_CHECKPOINT : forked > 0 ? ForensicsCommand.FORKED : 0;
  }
}
