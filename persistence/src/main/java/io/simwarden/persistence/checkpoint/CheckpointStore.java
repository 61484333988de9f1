package io.simwarden.persistence.checkpoint;

import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import io.simwarden.persistence.journal.CqlSchema;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.connectors.cassandra.javadsl.CassandraSession;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;

/**
 * Checkpoints in Cassandra, in a keyspace of their own ({@code cql/checkpoints.cql}, default
 * {@value #DEFAULT_KEYSPACE}), apart from the journal's: {@code checkpoints} (one partition per journal, newest
 * first) and {@code checkpoint_leaves} (each checkpoint's SIM leaves, in {@value #BUCKETS} partitions). Rows expire
 * after the retention given to {@link #save}. Reads the heads from the journal keyspace's {@code chain_heads}: a
 * checkpoint never reads the journal itself.
 */
public final class CheckpointStore {

  public static final String DEFAULT_KEYSPACE = CqlSchema.DEFAULT_CHECKPOINT_KEYSPACE;
  /** Partitions per checkpoint's leaves: a million SIMs make partitions of about 62,500 rows. */
  static final int BUCKETS = 16;

  private final ActorSystem<?> system;
  private final CassandraSession session;
  private final String journal;
  private final String keyspace;

  public CheckpointStore(ActorSystem<?> system, CassandraSession session, String journal, String keyspace) {
    this.system = system;
    this.session = session;
    this.journal = journal;
    this.keyspace = keyspace;
  }

  /** Whether the checkpoint keyspace exists. */
  public CompletionStage<Boolean> exists() {
    return session.selectOne("SELECT keyspace_name FROM system_schema.keyspaces WHERE keyspace_name = ?", keyspace)
        .thenApply(Optional::isPresent);
  }

  /** Every SIM's chain head as a leaf, by IMSI (one scan of {@code chain_heads}). */
  public CompletionStage<List<CheckpointLeaf>> heads() {
    return session.select(SimpleStatement.newInstance("SELECT imsi, seq_nr, chain, events_size, events_peaks FROM "
                + journal + ".chain_heads").setTimeout(Duration.ofSeconds(30)))
        .filter(r -> !r.isNull("seq_nr") && r.getLong("seq_nr") > 0)
        .map(CheckpointStore::leafOfHead)
        .runWith(Sink.seq(), system)
        .thenApply(Checkpoint::sorted);
  }

  private static CheckpointLeaf leafOfHead(Row r) {
    EventAccumulator events = r.isNull("events_size") ? EventAccumulator.EMPTY
        : EventAccumulator.decode(r.getLong("events_size"), r.getList("events_peaks", String.class));
    return CheckpointLeaf.of(r.getString("imsi"), r.getLong("seq_nr"), r.getString("chain"), events);
  }

  /** Stores {@code checkpoint}: its leaves first, then the checkpoint, each row expiring after {@code retention}. */
  public CompletionStage<Done> save(Checkpoint checkpoint, List<CheckpointLeaf> leaves, Duration retention) {
    int ttl = (int) Math.min(Integer.MAX_VALUE, retention.toSeconds());
    String leafCql = "INSERT INTO " + keyspace + ".checkpoint_leaves (journal, created, bucket, imsi, seq_nr, chain, "
        + "events_size, events_root) VALUES (?, ?, ?, ?, ?, ?, ?, ?) USING TTL " + ttl;
    return session.prepare(leafCql).thenCompose(insert -> Source.from(leaves)
        .mapAsyncUnordered(16, l -> session.executeWrite(insert.bind(journal, checkpoint.created(), bucket(l.imsi()),
            l.imsi(), l.seqNr(), l.chain(), l.eventsSize(), l.eventsRoot())))
        .runWith(Sink.ignore(), system))
        .thenCompose(done -> session.executeWrite("INSERT INTO " + keyspace + ".checkpoints (journal, created, size, "
                + "root, signature, public_key) VALUES (?, ?, ?, ?, ?, ?) USING TTL " + ttl, journal,
            checkpoint.created(), checkpoint.size(), checkpoint.root(), checkpoint.signature(),
            checkpoint.publicKey()));
  }

  /** The newest checkpoint of the journal. */
  public CompletionStage<Optional<Checkpoint>> latest() {
    return session.selectOne("SELECT * FROM " + keyspace + ".checkpoints WHERE journal = ? LIMIT 1", journal)
        .thenApply(row -> row.map(r -> new Checkpoint(journal, r.getInstant("created"), r.getLong("size"),
            r.getString("root"), r.getString("signature"), r.getString("public_key"))));
  }

  /** The leaves of {@code checkpoint}, by IMSI. */
  public CompletionStage<List<CheckpointLeaf>> leaves(Checkpoint checkpoint) {
    return Source.range(0, BUCKETS - 1)
        .mapAsync(4, b -> session.selectAll("SELECT imsi, seq_nr, chain, events_size, events_root FROM " + keyspace
            + ".checkpoint_leaves WHERE journal = ? AND created = ? AND bucket = ?", journal, checkpoint.created(), b))
        .mapConcat(rows -> rows)
        .map(r -> new CheckpointLeaf(r.getString("imsi"), r.getLong("seq_nr"), r.getString("chain"),
            r.getLong("events_size"), r.getString("events_root")))
        .runWith(Sink.seq(), system)
        .thenApply(Checkpoint::sorted);
  }

  static int bucket(String imsi) {
    return Math.floorMod(imsi.hashCode(), BUCKETS);
  }
}
