package io.simwarden.node.read;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.simwarden.core.event.SimEvent;
import io.simwarden.core.event.SimTags;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.persistence.cassandra.query.javadsl.CassandraReadJournal;
import org.apache.pekko.persistence.query.EventEnvelope;
import org.apache.pekko.persistence.query.TimeBasedUUID;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;

/**
 * The fleet's alerts, read from the journal's alert tags ({@code alert-0 … alert-3}): pages of what is
 * there now ({@code currentEventsByTag}) and the live stream ({@code eventsByTag}), both filtered to what
 * the caller's organisation may see. Tag reads lag writes by the journal's eventual-consistency delay.
 */
public final class AlertFeed {
  private static final List<String> TAGS = SimTags.shardsOf(SimTags.ALERT);
  private static final int LOOKUPS_IN_FLIGHT = 8;

  /** A page of alerts, oldest first, and the cursor to read on from. */
  public record Page(List<AlertView> alerts, String next) {}

  private final ActorSystem<?> system;
  private final CassandraReadJournal readJournal;
  private final SimDirectory directory;
  private final ObjectMapper mapper;

  public AlertFeed(ActorSystem<?> system, CassandraReadJournal readJournal, SimDirectory directory,
      ObjectMapper mapper) {
    this.system = system;
    this.readJournal = readJournal;
    this.directory = directory;
    this.mapper = mapper;
  }

  /** The position just before {@code time} in every shard. */
  public AlertCursor startingAt(Instant time) {
    return AlertCursor.everywhere(readJournal.offsetUuid(time.toEpochMilli()));
  }

  /** An event read from one shard, with the SIM's directory entry once looked up. */
  private record Scanned(int shard, UUID offset, String imsi, SimEvent event, SimDirectory.Entry sim) {
    boolean visible() {
      return sim != null;
    }
  }

  /** What one shard contributed to a page: its visible alerts (at most the limit) and how far it read. */
  private record ShardPage(int shard, List<Scanned> alerts, UUID lastScanned) {}

  /**
   * Up to {@code limit} alerts after {@code from}, in journal order, of organisations {@code visible} accepts
   * and of {@code kinds} (empty: every kind).
   */
  public CompletionStage<Page> page(Predicate<String> visible, Set<String> kinds, AlertCursor from, int limit) {
    List<CompletableFuture<ShardPage>> shards = new ArrayList<>();
    for (int i = 0; i < TAGS.size(); i++) {
      shards.add(shardPage(i, from.offset(i), visible, kinds, limit).toCompletableFuture());
    }
    return CompletableFuture.allOf(shards.toArray(CompletableFuture[]::new)).thenApply(done -> {
      List<Scanned> all = new ArrayList<>();
      shards.forEach(s -> all.addAll(s.join().alerts()));
      all.sort(Comparator.comparingLong((Scanned s) -> s.offset().timestamp()).thenComparing(Scanned::offset));
      List<Scanned> taken = all.subList(0, Math.min(limit, all.size()));
      List<AlertView> alerts = new ArrayList<>();
      AlertCursor cursor = from;
      int[] takenPerShard = new int[TAGS.size()];
      for (Scanned s : taken) {
        cursor = cursor.with(s.shard(), s.offset());
        takenPerShard[s.shard()]++;
        alerts.add(AlertView.of(cursor.encode(), s.imsi(), s.sim(), s.event(), mapper));
      }
      for (CompletableFuture<ShardPage> f : shards) {
        ShardPage shard = f.join();
        // A shard whose alerts all made it onto the page can skip what it scanned past (hidden or other kinds).
        if (takenPerShard[shard.shard()] == shard.alerts().size() && shard.lastScanned() != null) {
          cursor = cursor.with(shard.shard(), shard.lastScanned());
        }
      }
      return new Page(alerts, cursor.encode());
    });
  }

  private CompletionStage<ShardPage> shardPage(int shard, UUID from, Predicate<String> visible, Set<String> kinds,
      int limit) {
    return scanned(shard, readJournal.currentEventsByTag(TAGS.get(shard), TimeBasedUUID.apply(from)), from, visible,
            kinds)
        .statefulMap(() -> 0, (count, s) -> {
          int seen = count + (s.visible() ? 1 : 0);
          return Pair.create(seen, Pair.create(seen, s));
        }, count -> Optional.empty())
        .takeWhile(p -> p.first() < limit, true)
        .runWith(Sink.seq(), system)
        .thenApply(scanned -> {
          List<Scanned> alerts = scanned.stream().map(Pair::second).filter(Scanned::visible).toList();
          UUID last = scanned.isEmpty() ? null : scanned.get(scanned.size() - 1).second().offset();
          return new ShardPage(shard, alerts, last);
        });
  }

  /**
   * The live stream from {@code from}: every alert the caller may see, as it reaches the tag views, each
   * carrying the cursor to resume just after it.
   */
  public Source<AlertView, NotUsed> live(Predicate<String> visible, Set<String> kinds, AlertCursor from) {
    List<Source<Scanned, NotUsed>> shards = new ArrayList<>();
    for (int i = 0; i < TAGS.size(); i++) {
      shards.add(scanned(i, readJournal.eventsByTag(TAGS.get(i), TimeBasedUUID.apply(from.offset(i))),
          from.offset(i), visible, kinds));
    }
    return Source.from(shards).flatMapMerge(shards.size(), s -> s)
        .statefulMap(() -> from, (cursor, s) -> {
          AlertCursor next = cursor.with(s.shard(), s.offset());
          return Pair.create(next, Pair.create(next, s));
        }, cursor -> Optional.empty())
        .filter(p -> p.second().visible())
        .map(p -> AlertView.of(p.first().encode(), p.second().imsi(), p.second().sim(), p.second().event(), mapper));
  }

  /**
   * A shard's events after {@code from} (the journal's offsets are exclusive; an equal one is dropped all the
   * same), each looked up in the directory when it is of a wanted kind and left without an entry otherwise.
   */
  private Source<Scanned, NotUsed> scanned(int shard, Source<EventEnvelope, NotUsed> events, UUID from,
      Predicate<String> visible, Set<String> kinds) {
    return events
        .filter(e -> !((TimeBasedUUID) e.offset()).value().equals(from))
        .mapAsync(LOOKUPS_IN_FLIGHT, e -> {
          UUID offset = ((TimeBasedUUID) e.offset()).value();
          SimEvent event = (SimEvent) e.event();
          String imsi = e.persistenceId().substring(e.persistenceId().indexOf('|') + 1);
          if (!AlertView.matches(kinds, event)) {
            return CompletableFuture.completedFuture(new Scanned(shard, offset, imsi, event, null));
          }
          return directory.lookup(imsi).thenApply(entry -> new Scanned(shard, offset, imsi, event,
              entry.filter(sim -> visible.test(sim.organisation())).orElse(null)));
        });
  }
}
