package io.simwarden.persistence.forensics;

import com.datastax.oss.driver.api.core.cql.Row;
import io.simwarden.core.event.SimTags;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.connectors.cassandra.javadsl.CassandraSession;
import org.apache.pekko.stream.connectors.cassandra.javadsl.CassandraSessionRegistry;
import org.apache.pekko.stream.javadsl.Source;

/**
 * Reads what the read side's forensic projections keep (see {@code docs/read-side.md}): the forensic index
 * ({@link ForensicIndexKeys}), the chain heads ({@link ChainHead}) and how far each projection got. The tables live
 * in the journal's keyspace; they exist only where the projections ran ({@code slice-tags = every-event}).
 */
public final class ForensicIndex {
  /** The projection that keeps {@code forensic_index} and {@code forensic_index_days}. */
  public static final String INDEX_PROJECTION = "forensic-index";
  /** The projection that keeps {@code chain_heads} and {@code chain_findings}. */
  public static final String CHAIN_PROJECTION = "chain-heads";

  private final ActorSystem<?> system;
  private final ForensicsJournal journal;
  private final CassandraSession session;
  private final String keyspace;
  private final int parallelism;

  public ForensicIndex(ActorSystem<?> system, ForensicsJournal journal, int parallelism) {
    this.system = system;
    this.journal = journal;
    this.session = CassandraSessionRegistry.get(system).sessionFor("pekko.persistence.cassandra");
    this.keyspace = system.settings().config().getString("pekko.persistence.cassandra.journal.keyspace");
    this.parallelism = parallelism;
  }

  /**
   * How far a projection got.
   *
   * @param slices    slices that handled at least one event ({@link SimTags#SLICES} when every slice did)
   * @param asOf      when the slice that is furthest behind handled its last event
   * @param lag       the largest write-to-handle delay of the slices' last events
   * @param sims      SIMs the chain heads cover (chain-heads only)
   * @param events    events they checked
   * @param rows      rows they checked
   * @param retention how long the forensic index keeps an event's rows after it was journaled ({@code ZERO}: as
   *                  long as the journal; the table's {@code default_time_to_live})
   */
  public record Progress(int slices, Instant asOf, Duration lag, long sims, long events, long rows,
      Duration retention) {
    public boolean complete() {
      return slices == SimTags.SLICES;
    }

    /** {@code as of 2026-…Z, lag 1.7 s}. */
    public String describe() {
      return "as of " + asOf + ", lag " + String.format("%.1f s", lag.toMillis() / 1e3);
    }

    /** The oldest journal time the index still holds events of at {@code now}; empty when it keeps them all. */
    public Optional<Instant> keptSince(Instant now) {
      return retention.isZero() ? Optional.empty() : Optional.of(now.minus(retention));
    }

    /**
     * A notice when a search reading from {@code from} (null: the beginning) reaches before what the index keeps;
     * empty when the index holds all it asks for.
     */
    public Optional<String> beyondRetention(Instant from, Instant now) {
      return keptSince(now).filter(kept -> from == null || from.isBefore(kept)).map(kept -> "the forensic index "
          + "keeps an event for " + (retention.toSecondsPart() == 0 && retention.toMinutesPart() == 0
              && retention.toHoursPart() == 0 ? retention.toDays() + " d" : retention.getSeconds() + " s")
          + " after it was journaled: events journaled before " + kept + " are no longer in it");
    }
  }

  /** The progress of {@code projection}; empty when the read side's forensic tables do not exist. */
  public CompletionStage<Optional<Progress>> progress(String projection) {
    return session.selectAll("SELECT table_name, default_time_to_live FROM system_schema.tables WHERE keyspace_name = ? "
        + "AND table_name IN ('forensic_progress', 'forensic_index')", keyspace).thenCompose(tables -> {
          if (tables.stream().noneMatch(t -> t.getString("table_name").equals("forensic_progress"))) {
            return CompletableFuture.completedFuture(Optional.<Progress>empty());
          }
          Duration retention = Duration.ofSeconds(tables.stream()
              .filter(t -> t.getString("table_name").equals("forensic_index"))
              .mapToInt(t -> t.getInt("default_time_to_live")).findFirst().orElse(0));
          return session.selectAll("SELECT event_written, handled, sims, events, rows FROM " + keyspace
              + ".forensic_progress WHERE projection = ?", projection).thenApply(rows -> {
                Instant asOf = null;
                Duration lag = Duration.ZERO;
                long sims = 0;
                long events = 0;
                long stored = 0;
                for (Row r : rows) {
                  Instant handled = r.getInstant("handled");
                  asOf = asOf == null || handled.isBefore(asOf) ? handled : asOf;
                  Duration behind = Duration.between(r.getInstant("event_written"), handled);
                  lag = behind.compareTo(lag) > 0 ? behind : lag;
                  sims += r.isNull("sims") ? 0 : r.getLong("sims");
                  events += r.isNull("events") ? 0 : r.getLong("events");
                  stored += r.isNull("rows") ? 0 : r.getLong("rows");
                }
                return Optional.of(new Progress(rows.size(), asOf, lag, sims, events, stored, retention));
              });
        });
  }

  /** Every event matching {@code criteria}, reading the events the index names under {@code plan}'s keys. */
  public Source<Recorded, NotUsed> search(ForensicIndexKeys.Plan plan, SearchCriteria criteria) {
    return search(plan, criteria, EVERY_SIM);
  }

  /**
   * Every event matching {@code criteria} of the SIMs {@code admit} accepts (asked once per SIM the index names,
   * before any of its events is read: a SIM it refuses costs no journal read). SIM after SIM in IMSI order, each
   * SIM's events in sequence-number order; the events are read {@link #READ} at a time, {@link #READS_PER_SIM_READ}
   * × {@code parallelism} reads in flight.
   */
  public Source<Recorded, NotUsed> search(ForensicIndexKeys.Plan plan, SearchCriteria criteria,
      Function<String, CompletionStage<Boolean>> admit) {
    return admitted(plan, criteria, admit)
        .mapConcat(sim -> pieces(sim.imsi(), sim.named().navigableKeySet()))
        .mapAsync(READS_PER_SIM_READ * parallelism, piece -> journal.eventsAt(piece.first(), piece.second()))
        .mapConcat(events -> events)
        .filter(r -> criteria.matches(r.event()));
  }

  /**
   * Journal reads in flight per SIM {@code parallelism} allows: a read of named events is one small single-partition
   * query, bound by round trips (a SIM's whole history, which {@code parallelism} was chosen for, is far more).
   */
  static final int READS_PER_SIM_READ = 4;

  /** The first event matching {@code criteria} of every SIM that has one, from the index. */
  public Source<Recorded, NotUsed> firstPerSim(ForensicIndexKeys.Plan plan, SearchCriteria criteria) {
    return firstPerSim(plan, criteria, EVERY_SIM);
  }

  /**
   * {@link #firstPerSim(ForensicIndexKeys.Plan, SearchCriteria)} of the SIMs {@code admit} accepts. Where the index
   * rows decide ({@link ForensicIndexKeys#rowsDecide}), only each SIM's first named event is read.
   */
  public Source<Recorded, NotUsed> firstPerSim(ForensicIndexKeys.Plan plan, SearchCriteria criteria,
      Function<String, CompletionStage<Boolean>> admit) {
    boolean decided = ForensicIndexKeys.rowsDecide(plan, criteria);
    return admitted(plan, criteria, admit).flatMapMerge(parallelism, sim -> {
      NavigableSet<Long> seqNrs = sim.named().navigableKeySet();
      List<Pair<String, SortedSet<Long>>> pieces = new ArrayList<>();
      if (decided) {
        // The first named event matches: read alone, the rest only if the journal no longer holds it.
        pieces.add(Pair.create(sim.imsi(), new TreeSet<>(Set.of(seqNrs.first()))));
        seqNrs = seqNrs.tailSet(seqNrs.first(), false);
      }
      pieces.addAll(pieces(sim.imsi(), seqNrs));
      return Source.from(pieces)
          .mapAsync(1, piece -> journal.eventsAt(piece.first(), piece.second()))
          .mapConcat(events -> events)
          .filter(r -> criteria.matches(r.event()))
          .take(1);
    });
  }

  /**
   * The spread of what {@code criteria} matches among the SIMs {@code admit} accepts. Where the index rows decide
   * ({@link ForensicIndexKeys#rowsDecide}: one kind, IMEI, TAC, PLMN or network of whole buckets, and the window)
   * it is made of the rows alone, each event's SIM and time, and no event is read; else of the events
   * {@link #search} reads.
   */
  public CompletionStage<Outbreak> outbreak(ForensicIndexKeys.Plan plan, SearchCriteria criteria,
      Function<String, CompletionStage<Boolean>> admit) {
    Outbreak spread = new Outbreak();
    if (!ForensicIndexKeys.rowsDecide(plan, criteria)) {
      return search(plan, criteria, admit).runForeach(spread::add, system).thenApply(done -> spread);
    }
    return admitted(plan, criteria, admit)
        .mapAsync(parallelism, sim -> times(sim, criteria))
        .runForeach(sim -> sim.second().forEach(at -> spread.add(sim.first(), at)), system)
        .thenApply(done -> spread);
  }

  /**
   * The times of a SIM's named events {@code criteria} matches, where the rows decide: from the rows that hold their
   * event's exact time; the events of rows written before {@code at_nanos} existed are read.
   */
  private CompletionStage<Pair<String, List<Instant>>> times(Named sim, SearchCriteria criteria) {
    List<Instant> times = new ArrayList<>();
    TreeSet<Long> unknown = new TreeSet<>();
    sim.named().forEach((seqNr, at) -> {
      if (at == null) {
        unknown.add(seqNr);
      } else if (criteria.windowHolds(at)) {
        times.add(at);
      }
    });
    if (unknown.isEmpty()) {
      return CompletableFuture.completedFuture(Pair.create(sim.imsi(), times));
    }
    return journal.eventsAt(sim.imsi(), unknown).thenApply(events -> {
      events.stream().filter(r -> criteria.matches(r.event())).forEach(r -> times.add(r.event().at()));
      return Pair.create(sim.imsi(), times);
    });
  }

  /** {@link #outbreak(ForensicIndexKeys.Plan, SearchCriteria, Function)} of every SIM. */
  public CompletionStage<Outbreak> outbreak(ForensicIndexKeys.Plan plan, SearchCriteria criteria) {
    return outbreak(plan, criteria, EVERY_SIM);
  }

  private static final Function<String, CompletionStage<Boolean>> EVERY_SIM =
      imsi -> CompletableFuture.completedFuture(true);

  /** Events of one SIM read at once: one query of the journal (a sequence-number list) each. */
  static final int READ = 128;

  /**
   * A SIM the index names, with the sequence numbers and times of its events it names (null: a row from before
   * {@code at_nanos}, which holds the time to the millisecond only).
   */
  private record Named(String imsi, NavigableMap<Long, Instant> named) {}

  /**
   * The SIMs the index names under the plan's keys that {@code admit} accepts, in IMSI order, each with the events
   * it names that can match {@code criteria}'s window ({@link ForensicIndexKeys#mayMatch}).
   */
  private Source<Named, NotUsed> admitted(ForensicIndexKeys.Plan plan, SearchCriteria criteria,
      Function<String, CompletionStage<Boolean>> admit) {
    return candidates(plan, criteria)
        .flatMapConcat(bySim -> Source.from(bySim.entrySet()))
        .mapAsync(parallelism, sim -> admit.apply(sim.getKey()).thenApply(ok -> ok
            ? Optional.of(new Named(sim.getKey(), sim.getValue())) : Optional.<Named>empty()))
        .filter(Optional::isPresent)
        .map(Optional::get);
  }

  /** {@code seqNrs} of SIM {@code imsi} in pieces of up to {@link #READ}, in order. */
  private static List<Pair<String, SortedSet<Long>>> pieces(String imsi, NavigableSet<Long> seqNrs) {
    List<Pair<String, SortedSet<Long>>> pieces = new ArrayList<>();
    TreeSet<Long> piece = new TreeSet<>();
    for (long seqNr : seqNrs) {
      piece.add(seqNr);
      if (piece.size() == READ) {
        pieces.add(Pair.create(imsi, piece));
        piece = new TreeSet<>();
      }
    }
    if (!piece.isEmpty()) {
      pieces.add(Pair.create(imsi, piece));
    }
    return pieces;
  }

  /**
   * The events the index names under the plan's keys and days whose time may match {@code criteria}'s window
   * ({@link ForensicIndexKeys#mayMatch}; a row without {@code at_nanos}, from before it existed, holds its time to
   * the millisecond: {@link ForensicIndexKeys#mayMatchWithin}), by SIM, with their times (null for such a row), in
   * sequence-number order: the key's days in the window, then each of their partitions, {@code parallelism}
   * at a time. Nothing outside the window is read: a windowed search reads as much on a longer journal.
   */
  private Source<TreeMap<String, TreeMap<Long, Instant>>, NotUsed> candidates(ForensicIndexKeys.Plan plan,
      SearchCriteria criteria) {
    String days = "SELECT day FROM " + keyspace + ".forensic_index_days WHERE key_type = ? AND key = ? AND day >= ? "
        + "AND day <= ?";
    String rows = "SELECT imsi, seq_nr, at, at_nanos FROM " + keyspace + ".forensic_index WHERE key_type = ? "
        + "AND key = ? AND day = ? AND slice = ?";
    return Source.single(plan).flatMapConcat(p -> Source.from(p.values())
        .mapAsync(parallelism, key -> session.selectAll(days, p.type(), key,
            p.firstDay() == null ? Long.MIN_VALUE : p.firstDay(), p.lastDay() == null ? Long.MAX_VALUE : p.lastDay())
            .thenApply(found -> {
              List<Pair<String, Long>> keyDays = new ArrayList<>();
              for (Row r : found) {
                keyDays.add(Pair.create(key, r.getLong("day")));
              }
              return keyDays;
            }))
        .mapConcat(keyDays -> keyDays)
        .mapConcat(keyDay -> {
          List<Object[]> partitions = new ArrayList<>();
          for (int slice = 0; slice < SimTags.SLICES; slice++) {
            partitions.add(new Object[] {p.type(), keyDay.first(), keyDay.second(), slice});
          }
          return partitions;
        })
        .mapAsyncUnordered(parallelism, partition -> session.selectAll(rows, partition))
        .fold(new TreeMap<String, TreeMap<Long, Instant>>(), (bySim, found) -> {
          for (Row r : found) {
            Instant at = r.getInstant("at");
            boolean exact = !r.isNull("at_nanos");
            if (exact ? ForensicIndexKeys.mayMatch(plan, criteria, at.plusNanos(r.getInt("at_nanos")))
                : ForensicIndexKeys.mayMatchWithin(plan, criteria, at)) {
              bySim.computeIfAbsent(r.getString("imsi"), i -> new TreeMap<>()).put(r.getLong("seq_nr"),
                  exact ? at.plusNanos(r.getInt("at_nanos")) : null);
            }
          }
          return bySim;
        }));
  }

  /** SIM {@code imsi}'s chain head; empty when the chain-heads projection has not seen the SIM. */
  public CompletionStage<Optional<ChainHead>> head(String imsi) {
    return head(session, keyspace, imsi);
  }

  /** SIM {@code imsi}'s chain head in {@code keyspace}, read with {@code session}. */
  public static CompletionStage<Optional<ChainHead>> head(CassandraSession session, String keyspace, String imsi) {
    return session.selectOne("SELECT * FROM " + keyspace + ".chain_heads WHERE imsi = ?", imsi)
        .thenApply(row -> row.map(r -> headOf(imsi, r)));
  }

  /** The chain head a {@code chain_heads} row holds. */
  public static ChainHead headOf(String imsi, Row r) {
    return new ChainHead(imsi, r.getLong("seq_nr"), r.getString("chain"), r.getString("previous_chain"),
        r.getString("writer"), r.getList("writers", String.class), r.getInt("rows_at_seq_nr"), r.getLong("events"),
        r.getLong("rows"), ChainHead.decodeBreaks(imsi, r.getList("breaks", String.class)),
        ChainHead.decodeForks(imsi, r.getList("forks", String.class)));
  }

  /** The SIMs whose chain is broken or forked, each with its findings (one partition per slice). */
  public CompletionStage<List<ChainHead>> findings() {
    List<CompletableFuture<List<Row>>> slices = new ArrayList<>();
    for (int slice = 0; slice < SimTags.SLICES; slice++) {
      slices.add(session.selectAll("SELECT imsi, breaks, forks FROM " + keyspace + ".chain_findings WHERE slice = ?",
          slice).toCompletableFuture());
    }
    return CompletableFuture.allOf(slices.toArray(CompletableFuture[]::new)).thenApply(v -> {
      List<ChainHead> heads = new ArrayList<>();
      for (CompletableFuture<List<Row>> slice : slices) {
        for (Row r : slice.join()) {
          String imsi = r.getString("imsi");
          heads.add(new ChainHead(imsi, 0, null, null, null, List.of(), 0, 0, 0,
              ChainHead.decodeBreaks(imsi, r.getList("breaks", String.class)),
              ChainHead.decodeForks(imsi, r.getList("forks", String.class))));
        }
      }
      return heads;
    });
  }
}
