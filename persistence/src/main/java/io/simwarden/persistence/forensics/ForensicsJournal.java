package io.simwarden.persistence.forensics;

import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.uuid.Uuids;
import io.simwarden.core.entity.SimEntity;
import io.simwarden.core.event.SimEvent;
import io.simwarden.core.event.SimTags;
import io.simwarden.core.state.SimState;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.persistence.cassandra.query.javadsl.CassandraReadJournal;
import org.apache.pekko.persistence.query.EventEnvelope;
import org.apache.pekko.persistence.query.Offset;
import org.apache.pekko.persistence.query.PersistenceQuery;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.stream.connectors.cassandra.javadsl.CassandraSession;
import org.apache.pekko.stream.connectors.cassandra.javadsl.CassandraSessionRegistry;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;

/**
 * The forensic reads of the SIM journal on Cassandra, through Pekko Persistence Query. Every fleet-wide
 * read is a stream: memory stays flat whatever the number of SIMs or events.
 *
 * <p>Searches for tagged event kinds read the tags ({@link SimTags}); searches that can match untagged events
 * (usage windows with their endpoints, accepted attaches) scan every SIM by persistence id,
 * {@code parallelism} SIMs at a time. {@link #stored} reads the journal's rows directly (see there).
 */
public final class ForensicsJournal {

  private static final String PLUGIN = "pekko.persistence.cassandra";
  private static final String PREFIX = SimEntity.persistenceId("").id();

  private final ActorSystem<?> system;
  private final CassandraReadJournal reads;
  private final int parallelism;
  /** {@link #eventsAt}'s query and the journal's partition size. */
  private final String eventsAtCql;
  private final long partitionSize;

  public ForensicsJournal(ActorSystem<?> system, int parallelism) {
    this.system = system;
    this.reads = PersistenceQuery.get(system).getReadJournalFor(CassandraReadJournal.class,
        CassandraReadJournal.Identifier());
    this.parallelism = parallelism;
    this.eventsAtCql = "SELECT sequence_nr, ser_id, ser_manifest, event FROM " + system.settings().config()
        .getString(PLUGIN + ".journal.keyspace") + "." + system.settings().config().getString(PLUGIN + ".journal.table")
        + " WHERE persistence_id = ? AND partition_nr = ? AND sequence_nr IN ?";
    this.partitionSize = system.settings().config().getLong(PLUGIN + ".journal.target-partition-size");
  }

  /** Every event of SIM {@code imsi}, in order. */
  public Source<Recorded, NotUsed> events(String imsi) {
    return reads.currentEventsByPersistenceId(PREFIX + imsi, 0, Long.MAX_VALUE).map(e -> recorded(imsi, e));
  }

  /** SIM {@code imsi}'s events at sequence numbers {@code from} to {@code to}, in order. */
  public Source<Recorded, NotUsed> events(String imsi, long from, long to) {
    return reads.currentEventsByPersistenceId(PREFIX + imsi, from, to).map(e -> recorded(imsi, e));
  }

  /**
   * SIM {@code imsi}'s state after every event at or before {@code at}, folded by the entity's own event
   * handler ({@link SimState#apply}).
   */
  public CompletionStage<SimState> stateAt(String imsi, Instant at) {
    return events(imsi)
        .filter(r -> !r.event().at().isAfter(at))
        .runFold(SimState.EMPTY, (s, r) -> s.apply(r.event()), system);
  }

  /** The IMSIs of every SIM in the journal. */
  public Source<String, NotUsed> sims() {
    return reads.currentPersistenceIds().filter(id -> id.startsWith(PREFIX)).map(id -> id.substring(PREFIX.length()));
  }

  /** Every event matching {@code criteria}, from the tags when they hold them all, else from every SIM. */
  public Source<Recorded, NotUsed> search(SearchCriteria criteria) {
    return criteria.tagGroups().isEmpty() ? scan(criteria) : byTag(criteria);
  }

  /** The first event matching {@code criteria} of every SIM that has one, scanning every SIM. */
  public Source<Recorded, NotUsed> firstPerSim(SearchCriteria criteria) {
    return sims().flatMapMerge(parallelism, imsi -> events(imsi).filter(r -> criteria.matches(r.event())).take(1));
  }

  /** Every event matching {@code criteria}, reading every SIM's events by persistence id. */
  public Source<Recorded, NotUsed> scan(SearchCriteria criteria) {
    return sims().flatMapMerge(parallelism, imsi -> events(imsi).filter(r -> criteria.matches(r.event())));
  }

  /** Every event matching {@code criteria}, reading the shards of its tag groups. */
  public Source<Recorded, NotUsed> byTag(SearchCriteria criteria) {
    List<String> tags = new ArrayList<>();
    criteria.tagGroups().forEach(g -> tags.addAll(SimTags.shardsOf(g)));
    return Source.from(tags)
        .flatMapMerge(tags.size(), tag -> reads.currentEventsByTag(tag, Offset.noOffset()))
        .map(e -> recorded(e.persistenceId().substring(PREFIX.length()), e))
        .filter(r -> criteria.matches(r.event()));
  }

  /**
   * Every row the journal stores for SIM {@code imsi}, in sequence-number order, read from the
   * {@code messages} table with the plugin's own Cassandra session. The events-by-persistence-id query
   * cannot serve an audit: by default ({@code gap-free-sequence-numbers = on}) it waits
   * {@code events-by-persistence-id-gap-timeout} at a missing sequence number and then fails the stream, so
   * whatever follows a deleted event would never be checked; and it does not say who wrote an event.
   */
  public CompletionStage<List<Recorded>> stored(String imsi) {
    return rows(imsi).thenApply(rows -> rows.stream().map(StoredRow::recorded).toList());
  }

  /** One row of the {@code messages} table: the event, and who stored it when (for {@link ForkAudit}). */
  public record StoredRow(Recorded recorded, ForkAudit.Row row) {}

  /**
   * Every row the journal stores for SIM {@code imsi} with its writer, in sequence-number order (see
   * {@link #stored}).
   */
  public CompletionStage<List<StoredRow>> rows(String imsi) {
    return rows(imsi, 1);
  }

  /**
   * Every row the journal stores for SIM {@code imsi} at sequence number {@code from} or after, with its writer, in
   * sequence-number order (then write order), read from the partition that holds {@code from} on (see
   * {@link #stored}): what a continuous check reads after the rows it checked.
   */
  public CompletionStage<List<StoredRow>> rows(String imsi, long from) {
    String keyspace = system.settings().config().getString(PLUGIN + ".journal.keyspace");
    String table = system.settings().config().getString(PLUGIN + ".journal.table");
    CassandraSession session = CassandraSessionRegistry.get(system).sessionFor(PLUGIN);
    String cql = "SELECT sequence_nr, timestamp, writer_uuid, ser_id, ser_manifest, event FROM " + keyspace + "."
        + table + " WHERE persistence_id = ? AND partition_nr = ? AND sequence_nr >= ?";
    Serialization serialization = SerializationExtension.get(system);
    long partitionSize = system.settings().config().getLong(PLUGIN + ".journal.target-partition-size");
    // Partitions hold target-partition-size sequence numbers each and are read until the first empty one.
    int firstPartition = (int) ((Math.max(1, from) - 1) / partitionSize);
    return Source.range(firstPartition, Integer.MAX_VALUE - 1)
        .mapAsync(1, p -> session.selectAll(cql, PREFIX + imsi, (long) p, from))
        .takeWhile(rows -> !rows.isEmpty())
        .mapConcat(rows -> rows)
        .map(row -> {
          long seqNr = row.getLong("sequence_nr");
          return new StoredRow(new Recorded(imsi, seqNr, deserialize(serialization, row)), new ForkAudit.Row(seqNr,
              row.getString("writer_uuid"), Instant.ofEpochMilli(Uuids.unixTimestamp(row.getUuid("timestamp")))));
        })
        .runWith(Sink.seq(), system);
  }

  /** Sequence numbers one read of {@link #eventsAt} names at most (a clustering {@code IN} list). */
  private static final int IN_LIMIT = 128;

  /**
   * SIM {@code imsi}'s events at {@code seqNrs} (those the journal holds), in order, read from the {@code messages}
   * table with the plugin's own session: one query per journal partition and up to {@link #IN_LIMIT} sequence
   * numbers, all in flight at once. What the events-by-persistence-id query answers for the same sequence numbers
   * (of several rows at one sequence number, a fork, the first written), without its per-call work: a stream
   * materialised, the deletion marker read, the range's gaps waited for.
   */
  public CompletionStage<List<Recorded>> eventsAt(String imsi, SortedSet<Long> seqNrs) {
    String cql = eventsAtCql;
    CassandraSession session = CassandraSessionRegistry.get(system).sessionFor(PLUGIN);
    Serialization serialization = SerializationExtension.get(system);
    List<CompletableFuture<List<Row>>> reads = new ArrayList<>();
    List<Long> batch = new ArrayList<>();
    long partition = -1;
    for (long seqNr : seqNrs) {
      long p = (Math.max(1, seqNr) - 1) / partitionSize;
      if (!batch.isEmpty() && (p != partition || batch.size() == IN_LIMIT)) {
        reads.add(session.selectAll(cql, PREFIX + imsi, partition, List.copyOf(batch)).toCompletableFuture());
        batch.clear();
      }
      partition = p;
      batch.add(seqNr);
    }
    if (!batch.isEmpty()) {
      reads.add(session.selectAll(cql, PREFIX + imsi, partition, List.copyOf(batch)).toCompletableFuture());
    }
    return CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new)).thenApply(done -> {
      List<Recorded> events = new ArrayList<>();
      long last = Long.MIN_VALUE;
      for (CompletableFuture<List<Row>> read : reads) {
        for (Row row : read.join()) {
          long seqNr = row.getLong("sequence_nr");
          if (seqNr != last && !row.isNull("event")) {
            events.add(new Recorded(imsi, seqNr, deserialize(serialization, row)));
            last = seqNr;
          }
        }
      }
      return events;
    });
  }

  private static SimEvent deserialize(Serialization serialization, Row row) {
    ByteBuffer buffer = row.getByteBuffer("event");
    byte[] bytes = new byte[buffer.remaining()];
    buffer.get(bytes);
    return (SimEvent) serialization.deserialize(bytes, row.getInt("ser_id"), row.getString("ser_manifest")).get();
  }

  private static Recorded recorded(String imsi, EventEnvelope e) {
    return new Recorded(imsi, e.sequenceNr(), (SimEvent) e.event());
  }
}
