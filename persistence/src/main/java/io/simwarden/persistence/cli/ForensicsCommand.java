package io.simwarden.persistence.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.simwarden.core.ValidationException;
import io.simwarden.core.id.Imei;
import io.simwarden.core.id.Imsi;
import io.simwarden.core.id.Plmn;
import io.simwarden.core.id.Tac;
import io.simwarden.core.state.SimState;
import io.simwarden.persistence.forensics.ChainAudit;
import io.simwarden.persistence.forensics.EventNarrative;
import io.simwarden.persistence.forensics.ForensicsJournal;
import io.simwarden.persistence.forensics.ForensicsJson;
import io.simwarden.persistence.forensics.ForkAudit;
import io.simwarden.persistence.forensics.Outbreak;
import io.simwarden.persistence.forensics.OutbreakReport;
import io.simwarden.persistence.forensics.Recorded;
import io.simwarden.persistence.forensics.SearchCriteria;
import io.simwarden.persistence.forensics.StateView;
import io.simwarden.persistence.journal.JournalMode;
import io.simwarden.persistence.journal.JournalOptions;
import io.simwarden.persistence.journal.OpenJournal;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.stream.connectors.cassandra.javadsl.CassandraSessionRegistry;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code forensics timeline|state-at|search|outbreak|verify}: what the journal says happened. */
@Command(name = "forensics", mixinStandardHelpOptions = true,
    description = {"Read the SIM journal after the fact: a SIM's timeline, its state at any instant, fleet-wide "
        + "searches, outbreak reconstruction and tamper-evidence verification.",
        "Instants are ISO-8601, e.g. 2026-01-01T09:00:00Z. After 'simwarden simulate', pass the keyspace it "
            + "printed: --keyspace sim_YYYYMMDD_HHMMSS."},
    subcommands = {ForensicsCommand.Timeline.class, ForensicsCommand.StateAt.class, ForensicsCommand.Search.class,
        ForensicsCommand.OutbreakCommand.class, ForensicsCommand.Verify.class})
public final class ForensicsCommand implements Callable<Integer> {

  /** Exit code of {@code verify} when the journal was tampered with. */
  public static final int TAMPERED = 3;

  /** Exit code of {@code verify} when a SIM's history forked (two writers), and nothing was tampered with. */
  public static final int FORKED = 4;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    throw new CommandLine.ParameterException(spec.commandLine(),
        "Missing subcommand: timeline, state-at, search, outbreak or verify");
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

  @Command(name = "timeline", mixinStandardHelpOptions = true,
      description = "Every event of one SIM in order: when, who (operator or network), what and why.")
  static final class Timeline extends CriteriaCommand {
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
        out.println(TABLE_HEADER);
      } else if (format == Format.json) {
        out.println("[");
      }
      join(journal.events(imsi).filter(r -> window.matches(r.event())).runForeach(r -> {
        String line = format == Format.table ? table(r) : ForensicsJson.line(ForensicsJson.event(r));
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

  @Command(name = "state-at", mixinStandardHelpOptions = true,
      description = {"The state of one SIM at an instant, folded from its events by the entity's own event "
          + "handler; with --diff, what changed between two instants."})
  static final class StateAt extends JournalCommand {
    @Parameters(index = "0", paramLabel = "IMSI")
    String imsi;

    @Parameters(index = "1", paramLabel = "INSTANT", description = "ISO-8601, e.g. 2026-01-01T09:00:00Z.")
    String at;

    @Option(names = "--diff", paramLabel = "INSTANT2", description = "Print what differs at this second instant.")
    String diff;

    private Instant instant;
    private Instant second;

    @Override
    void validate() {
      imsi = Imsi.of(imsi).value();
      instant = SearchCriteria.instant("instant", at);
      second = instantOrNull("diff", diff);
    }

    @Override
    int run(ForensicsJournal journal, ActorSystem<Void> system) {
      SimState state = join(journal.stateAt(imsi, instant));
      PrintWriter out = out();
      if (!state.isProvisioned()) {
        err().println("SIM " + imsi + " was not provisioned at " + instant);
      }
      if (second == null) {
        out.println("state of " + imsi + " at " + instant);
        for (Map.Entry<String, String> f : StateView.fields(state).entrySet()) {
          out.printf("  %-20s %s%n", f.getKey(), f.getValue());
        }
      } else {
        List<StateView.Change> changes = StateView.diff(state, join(journal.stateAt(imsi, second)));
        out.println("state of " + imsi + ": " + changes.size() + " fields differ from " + instant + " to " + second);
        for (StateView.Change c : changes) {
          out.printf("  %-20s %s%n  %-20s -> %s%n", c.field(), c.before(), "", c.after());
        }
      }
      out.flush();
      return 0;
    }
  }

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

  @Command(name = "search", mixinStandardHelpOptions = true,
      description = {"Fleet-wide search: every event (or, with --sims, every SIM) matching all the given criteria,",
          "streamed. Tagged kinds (alerts, audit) are read by tag; anything else scans every SIM.",
          "Example: which SIMs talked to 203.0.113.7 in a window:",
          "  search --remote 203.0.113.7 --from 2026-01-01T09:00:00Z --to 2026-01-01T12:00:00Z --sims"})
  static final class Search extends CriteriaCommand {
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
      Source<Recorded, ?> results = sims ? journal.firstPerSim(criteria) : journal.search(criteria);
      if (format == Format.table) {
        out.println(TABLE_HEADER);
      }
      join(results.runForeach(r -> {
        out.println(format == Format.table ? table(r) : ForensicsJson.line(ForensicsJson.event(r)));
        n.incrementAndGet();
      }, system));
      out.flush();
      err().printf("%d %s (%s, %.1f s)%n", n.get(), sims ? "SIMs" : "events",
          sims || criteria.tagGroups().isEmpty() ? "scanned every SIM" : "read by tag " + criteria.tagGroups(),
          (System.nanoTime() - begin) / 1e9);
      return 0;
    }
  }

  @Command(name = "outbreak", mixinStandardHelpOptions = true,
      description = {"Reconstruct a spread: patient-zero candidates (the SIMs affected first), the infection curve "
          + "and the affected set, as outbreak.json and outbreak.html (one file, inline SVG) in --out."})
  static final class OutbreakCommand extends CriteriaCommand {
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
      Outbreak outbreak = new Outbreak();
      join(journal.search(criteria).runForeach(outbreak::add, system));
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
      return 0;
    }
  }

  @Command(name = "verify", mixinStandardHelpOptions = true,
      description = {"Recompute every SIM's SHA-256 event chain and report each altered, dropped or reordered "
          + "event by IMSI and sequence number; and report each forked history - two events at one sequence "
          + "number, or two writers interleaved (two clusters on one journal) - as FORKED with the writers' uuids.",
          "Reads the rows the journal really stores (the messages table) with their writers.",
          "Exit status: 0 intact, " + TAMPERED + " tampering found, " + FORKED + " forked history found (and no "
              + "tampering), 1 the check failed, 2 bad arguments."})
  static final class Verify extends JournalCommand {
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
      join(ids.mapAsync(parallelism, check::apply).runWith(Sink.foreach(checked -> {
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
      return tampered.get() > 0 ? TAMPERED : forked.get() > 0 ? FORKED : 0;
    }
  }
}
