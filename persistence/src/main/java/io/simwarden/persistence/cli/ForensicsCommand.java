package io.simwarden.persistence.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.simwarden.core.ValidationException;
import io.simwarden.core.id.Imei;
import io.simwarden.core.id.Plmn;
import io.simwarden.core.id.Tac;
import io.simwarden.core.event.SimTags;
import io.simwarden.persistence.forensics.EventNarrative;
import io.simwarden.persistence.forensics.ForensicIndex;
import io.simwarden.persistence.forensics.ForensicIndexKeys;
import io.simwarden.persistence.forensics.ForensicsJournal;
import io.simwarden.persistence.forensics.Outbreak;
import io.simwarden.persistence.forensics.Recorded;
import io.simwarden.persistence.forensics.SearchCriteria;
import io.simwarden.persistence.journal.JournalMode;
import io.simwarden.persistence.journal.JournalOptions;
import io.simwarden.persistence.journal.OpenJournal;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.stream.connectors.cassandra.javadsl.CassandraSessionRegistry;
import org.apache.pekko.stream.javadsl.Source;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
/** {@code forensics timeline|state-at|search|outbreak|verify|prove|check-proof}: what the journal says happened. */
@Command(name = "forensics", mixinStandardHelpOptions = true,
    description = {"Read the SIM journal after the fact: a SIM's timeline, its state at any instant, fleet-wide "
        + "searches, outbreak reconstruction, tamper-evidence verification (with signed checkpoints: deleted tails "
        + "and histories too) and inclusion proofs of single events.",
        "Instants are ISO-8601, e.g. 2026-01-01T09:00:00Z. After 'simwarden simulate', pass the keyspace it "
            + "printed: --keyspace sim_YYYYMMDD_HHMMSS."},
    subcommands = {ForensicsTimeline.class, ForensicsStateAt.class, ForensicsSearch.class, ForensicsOutbreak.class,
        ForensicsVerify.class, ForensicsProve.class, ForensicsCheckProof.class})
public final class ForensicsCommand implements Callable<Integer> {

  /** Exit code of {@code verify} when the journal was tampered with. */
  public static final int TAMPERED = 3;

  /** Exit code of {@code verify} when a SIM's history forked (two writers), and nothing was tampered with. */
  public static final int FORKED = 4;

  /**
   * Exit code of {@code verify} when the checkpoint's signature or leaves do not hold (or it is signed by another
   * key than the trusted one), and nothing was tampered with.
   */
  public static final int BAD_CHECKPOINT = 5;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    throw new CommandLine.ParameterException(spec.commandLine(),
        "Missing subcommand: timeline, state-at, search, outbreak, verify, prove or check-proof");
  }

  /** The journal flags and the read session every subcommand opens. */
  abstract static class JournalCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    JournalOptions journal;

    @Option(names = "--parallelism", paramLabel = "N", defaultValue = "16",
        description = "SIMs read at once by fleet-wide scans (default: ${DEFAULT-VALUE}).")
    int parallelism;

    PrintWriter out() {
      return spec.commandLine().getOut();
    }

    PrintWriter err() {
      return spec.commandLine().getErr();
    }

    @Override
    public Integer call() {
      if (journal.mode() == JournalMode.MEMORY) {
        throw new ValidationException("journal", "forensics reads a durable journal; the memory journal is gone "
            + "when the run that wrote it exits");
      }
      if (parallelism < 1 || parallelism > 1024) {
        throw new ValidationException("parallelism", "must be 1-1024, got " + parallelism);
      }
      validate();
      try (OpenJournal j = journal.open(err())) {
        ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "forensics", readOnly(j.config()));
        try {
          requireKeyspace(system, j.description());
          return run(new ForensicsJournal(system, parallelism), system);
        } finally {
          system.terminate();
          system.getWhenTerminated().toCompletableFuture().join();
        }
      }
    }

    /** Checks the arguments before anything connects. */
    abstract void validate();

    abstract int run(ForensicsJournal journal, ActorSystem<Void> system);

    /** Forensics never creates a keyspace or table, also not on the local node. */
    private static Config readOnly(Config journal) {
      return ConfigFactory.parseString("""
          pekko.persistence.cassandra.journal.keyspace-autocreate = false
          pekko.persistence.cassandra.journal.tables-autocreate = false
          pekko.persistence.cassandra.snapshot.keyspace-autocreate = false
          pekko.persistence.cassandra.snapshot.tables-autocreate = false
          """).withFallback(journal).withFallback(ConfigFactory.load());
    }

    private static void requireKeyspace(ActorSystem<Void> system, String description) {
      String keyspace = system.settings().config().getString("pekko.persistence.cassandra.journal.keyspace");
      boolean exists = join(CassandraSessionRegistry.get(system).sessionFor("pekko.persistence.cassandra")
          .selectOne("SELECT keyspace_name FROM system_schema.keyspaces WHERE keyspace_name = ?", keyspace))
          .isPresent();
      if (!exists) {
        throw new ValidationException("keyspace", "no journal keyspace " + ValidationException.quote(keyspace)
            + " on " + description + "; 'simwarden simulate' prints the keyspace of its run on the 'journal:' line");
      }
    }
  }

  static <T> T join(java.util.concurrent.CompletionStage<T> stage) {
    try {
      return stage.toCompletableFuture().join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw e;
    }
  }

  static Instant instantOrNull(String field, String text) {
    return text == null ? null : SearchCriteria.instant(field, text);
  }

  static String table(Recorded r) {
    return String.format("%-15s %6d  %-24s %-22s %-24s %s", r.imsi(), r.seqNr(), r.event().at(),
        EventNarrative.who(r.event()), EventNarrative.what(r.event()), EventNarrative.why(r.event()));
  }

  static final String TABLE_HEADER = String.format("%-15s %6s  %-24s %-22s %-24s %s", "imsi", "seq", "at", "who",
      "what", "why");

  enum Format { table, json, jsonl }

  /** The time window and the criteria of timeline, search and outbreak. */
  abstract static class CriteriaCommand extends JournalCommand {
    @Option(names = "--from", paramLabel = "INSTANT", description = "Only events at or after (ISO-8601).")
    String from;

    @Option(names = "--to", paramLabel = "INSTANT", description = "Only events before (ISO-8601).")
    String to;

    SearchCriteria criteria(List<String> kinds, String imei, String tac, String remote, String plmn) {
      List<String> normalised = new ArrayList<>();
      if (kinds != null) {
        kinds.forEach(k -> normalised.add(SearchCriteria.kind(k)));
      }
      return new SearchCriteria(Set.copyOf(normalised), instantOrNull("from", from), instantOrNull("to", to),
          tac == null ? null : Tac.of(tac), imei == null ? null : Imei.of(imei),
          remote == null ? null : SearchCriteria.remote(remote), plmn == null ? null : Plmn.of(plmn));
    }
  }

  /** Search and outbreak: fleet-wide reads the forensic index can answer. */
  abstract static class IndexedCommand extends CriteriaCommand {
    @Option(names = "--full-scan", description = "Read the journal even where the forensic index (kept by the read "
        + "side with slice-tags = every-event) could answer.")
    boolean fullScan;

    /** How {@link #matching} answered: the forensic index, the tags or a scan of every SIM. */
    String answeredBy;

    /**
     * Every event matching {@code criteria} (with {@code firstPerSim}, each SIM's first), from the forensic index
     * when one of the criteria is indexed and every slice of the index has been kept, else from the tags or by
     * scanning every SIM with a one-line notice on stderr saying why.
     */
    Source<Recorded, NotUsed> matching(ForensicsJournal journal, ActorSystem<Void> system, SearchCriteria criteria,
        boolean firstPerSim) {
      Optional<ForensicIndexKeys.Plan> plan = indexPlan(journal, system, criteria);
      if (plan.isPresent()) {
        ForensicIndex index = new ForensicIndex(system, journal, parallelism);
        return firstPerSim ? index.firstPerSim(plan.get(), criteria) : index.search(plan.get(), criteria);
      }
      return scanned(journal, criteria, firstPerSim);
    }

    /**
     * The spread of what {@code criteria} matches: from the forensic index as {@link #matching} reads it (from its
     * rows alone where they decide, {@link ForensicIndex#outbreak}), else from the events the tags or a scan find.
     */
    Outbreak spread(ForensicsJournal journal, ActorSystem<Void> system, SearchCriteria criteria) {
      Optional<ForensicIndexKeys.Plan> plan = indexPlan(journal, system, criteria);
      if (plan.isPresent()) {
        if (ForensicIndexKeys.rowsDecide(plan.get(), criteria)) {
          answeredBy += ", its rows decide";
        }
        return join(new ForensicIndex(system, journal, parallelism).outbreak(plan.get(), criteria));
      }
      Outbreak spread = new Outbreak();
      join(scanned(journal, criteria, false).runForeach(spread::add, system));
      return spread;
    }

    /**
     * The plan of the forensic index when one of the criteria is indexed and every slice of the index has been
     * kept (then {@link #answeredBy} says so), else empty with a one-line notice on stderr saying why.
     */
    private Optional<ForensicIndexKeys.Plan> indexPlan(ForensicsJournal journal, ActorSystem<Void> system,
        SearchCriteria criteria) {
      Optional<ForensicIndexKeys.Plan> plan = fullScan ? Optional.empty() : ForensicIndexKeys.plan(criteria);
      if (plan.isPresent()) {
        ForensicIndex index = new ForensicIndex(system, journal, parallelism);
        Optional<ForensicIndex.Progress> progress = join(index.progress(ForensicIndex.INDEX_PROJECTION));
        if (progress.isPresent() && progress.get().complete()) {
          answeredBy = "read the forensic index by " + plan.get().type() + ", " + progress.get().describe();
          progress.get().beyondRetention(criteria.from(), Instant.now()).ifPresent(notice -> err().println(
              "notice: " + notice + "; --full-scan reads them from the journal"));
          return plan;
        }
        err().println("notice: " + (progress.isEmpty() ? "no forensic index in this keyspace"
            : "the forensic index has " + progress.get().slices() + " of " + SimTags.SLICES + " slices")
            + " (the read side keeps it with simwarden.sim.slice-tags = every-event); reading the journal");
      }
      return Optional.empty();
    }

    /** What the tags or a scan of every SIM find (then {@link #answeredBy} says which). */
    private Source<Recorded, NotUsed> scanned(ForensicsJournal journal, SearchCriteria criteria,
        boolean firstPerSim) {
      if (firstPerSim || criteria.tagGroups().isEmpty()) {
        answeredBy = "scanned every SIM";
        return firstPerSim ? journal.firstPerSim(criteria) : journal.scan(criteria);
      }
      answeredBy = "read by tag " + criteria.tagGroups();
      return journal.byTag(criteria);
    }
  }

}
