package io.simwarden.node.read;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.simwarden.core.event.SimTags;
import io.simwarden.core.id.Iccid;
import io.simwarden.readside.AlertsByOrgTable;
import io.simwarden.readside.AlertsByOrgTable.StoredAlert;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;

/**
 * One organisation's alerts, read from the table the alerts-by-org projection keeps ({@link AlertsByOrgTable}):
 * pages of what is there now and a live stream that polls it. Each read covers only the caller's organisation's
 * partitions (a fleet-wide key's: {@link AlertsByOrgTable#FLEET_WIDE}, where every alert is filed too), so what
 * a reader sees and the cursors it is given depend on that organisation's alerts alone. Alerts reach the table
 * the projection's lag after they were written (see {@code docs/read-side.md}).
 */
public final class AlertFeed {
  /** Alerts read per slice and poll of the live stream. */
  private static final int POLL_PAGE = 500;
  /**
   * How late an alert may reach the table and still be delivered to a reader already past its day; also how far a
   * slice without alerts is moved up behind the organisation's latest alert.
   */
  private static final Duration LATE = Duration.ofDays(1);

  /** A page of alerts, oldest first, and the cursor to read on from. */
  public record Page(List<AlertView> alerts, String next) {}

  private record Read(List<AlertView> alerts, AlertCursor next) {}

  /** What one slice contributed: its matching alerts (at most the limit), how far it read, whether to the end. */
  private record SlicePage(int slice, List<StoredAlert> alerts, UUID lastScanned, boolean exhausted) {}

  private final ActorSystem<?> system;
  private final AlertsByOrgTable table;
  private final ObjectMapper mapper;
  private final Duration history;
  private final Duration poll;

  /**
   * @param history how far back pages read at most
   * @param poll    how often the live stream reads the table
   */
  public AlertFeed(ActorSystem<?> system, AlertsByOrgTable table, ObjectMapper mapper, Duration history,
      Duration poll) {
    this.system = system;
    this.table = table;
    this.mapper = mapper;
    this.history = history;
    this.poll = poll;
  }

  /** The position just before {@code time} in every slice. */
  public AlertCursor startingAt(Instant time) {
    return AlertCursor.everywhere(AlertsByOrgTable.positionBefore(time));
  }

  /**
   * Up to {@code limit} alerts of {@code organisation} ({@link AlertsByOrgTable#FLEET_WIDE}: every organisation's)
   * after {@code from}, oldest first, of {@code kinds} (empty: every kind).
   */
  public CompletionStage<Page> page(String organisation, Set<String> kinds, AlertCursor from, int limit) {
    return read(organisation, kinds, from, limit, daysAgo(history))
        .thenApply(read -> new Page(read.alerts(), read.next().encode()));
  }

  /**
   * The live stream of {@code organisation}'s alerts after {@code from}: the table is read every poll interval,
   * each alert carries the cursor to resume just after it.
   */
  public Source<AlertView, NotUsed> live(String organisation, Set<String> kinds, AlertCursor from) {
    // After the first read (which catches up from `from`), only the last LATE of days are read again.
    return Source.unfoldAsync(Pair.create(from, false), state -> read(organisation, kinds, state.first(), POLL_PAGE,
                state.second() ? daysAgo(LATE) : daysAgo(history))
            .thenApply(read -> Optional.of(Pair.create(Pair.create(read.next(), true), read.alerts()))))
        .throttle(1, poll)
        .mapConcat(alerts -> alerts);
  }

  private CompletionStage<Read> read(String organisation, Set<String> kinds, AlertCursor from, int limit,
      LocalDate notBefore) {
    List<CompletableFuture<SlicePage>> slices = new ArrayList<>();
    for (int slice = 0; slice < SimTags.SLICES; slice++) {
      slices.add(slicePage(organisation, slice, from.offset(slice), kinds, limit, notBefore).toCompletableFuture());
    }
    return CompletableFuture.allOf(slices.toArray(CompletableFuture[]::new)).thenApply(done -> {
      List<StoredAlert> all = new ArrayList<>();
      slices.forEach(s -> all.addAll(s.join().alerts()));
      all.sort(Comparator.comparingLong((StoredAlert a) -> a.written().timestamp())
          .thenComparing(StoredAlert::written).thenComparingInt(StoredAlert::slice));
      List<AlertView> alerts = new ArrayList<>();
      AlertCursor cursor = from;
      int[] taken = new int[SimTags.SLICES];
      for (StoredAlert a : all.subList(0, Math.min(limit, all.size()))) {
        cursor = cursor.with(a.slice(), a.written());
        taken[a.slice()]++;
        alerts.add(AlertView.of(cursor.encode(), a.imsi(),
            new SimDirectory.Entry(a.organisation(), Iccid.of(a.iccid())), a.event(), mapper));
      }
      return new Read(alerts, skipped(cursor, slices.stream().map(CompletableFuture::join).toList(), taken));
    });
  }

  /**
   * {@code cursor} moved past what the slices read and need not read again: a slice whose alerts all made it onto
   * the page skips what it scanned past (other kinds); a slice read to its end without an alert moves up to
   * {@link #LATE} before the latest position. Both depend on the organisation's own alerts only.
   */
  private static AlertCursor skipped(AlertCursor cursor, List<SlicePage> slices, int[] taken) {
    AlertCursor next = cursor;
    for (SlicePage slice : slices) {
      if (taken[slice.slice()] == slice.alerts().size() && slice.lastScanned() != null) {
        next = next.with(slice.slice(), slice.lastScanned());
      }
    }
    long latest = next.offsets().stream().mapToLong(AlertsByOrgTable::millisOf).max().orElseThrow();
    UUID floor = AlertsByOrgTable.positionBefore(Instant.ofEpochMilli(latest).minus(LATE));
    for (SlicePage slice : slices) {
      if (slice.exhausted() && slice.alerts().isEmpty()
          && AlertsByOrgTable.millisOf(next.offset(slice.slice())) < AlertsByOrgTable.millisOf(floor)) {
        next = next.with(slice.slice(), floor);
      }
    }
    return next;
  }

  private CompletionStage<SlicePage> slicePage(String organisation, int slice, UUID from, Set<String> kinds,
      int limit, LocalDate notBefore) {
    return table.after(organisation, slice, from, notBefore)
        .statefulMap(() -> 0, (count, a) -> {
          int seen = count + (AlertView.matches(kinds, a.event()) ? 1 : 0);
          return Pair.create(seen, Pair.create(seen, a));
        }, count -> Optional.empty())
        .takeWhile(p -> p.first() < limit, true)
        .runWith(Sink.seq(), system)
        .thenApply(scanned -> {
          List<StoredAlert> alerts = scanned.stream().map(Pair::second).filter(a -> AlertView.matches(kinds, a.event()))
              .toList();
          UUID last = scanned.isEmpty() ? null : scanned.get(scanned.size() - 1).second().written();
          return new SlicePage(slice, alerts, last, alerts.size() < limit);
        });
  }

  private static LocalDate daysAgo(Duration back) {
    return LocalDate.ofInstant(Instant.now().minus(back), ZoneOffset.UTC);
  }
}
