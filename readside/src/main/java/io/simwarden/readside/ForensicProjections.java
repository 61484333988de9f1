package io.simwarden.readside;

import io.simwarden.core.entity.SimEntity;
import io.simwarden.core.event.SimEvent;
import io.simwarden.core.event.SimTags;
import io.simwarden.persistence.forensics.ForensicIndex;
import io.simwarden.persistence.forensics.ForensicsJournal;
import java.util.Optional;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.ShardedDaemonProcessSettings;
import org.apache.pekko.cluster.sharding.typed.javadsl.ShardedDaemonProcess;
import org.apache.pekko.persistence.cassandra.query.javadsl.CassandraReadJournal;
import org.apache.pekko.persistence.query.Offset;
import org.apache.pekko.projection.Projection;
import org.apache.pekko.projection.ProjectionBehavior;
import org.apache.pekko.projection.ProjectionId;
import org.apache.pekko.projection.cassandra.javadsl.CassandraProjection;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.projection.eventsourced.javadsl.EventSourcedProvider;
import org.apache.pekko.projection.javadsl.Handler;
import org.apache.pekko.projection.javadsl.SourceProvider;
import org.apache.pekko.stream.connectors.cassandra.javadsl.CassandraSession;

/**
 * Wires the forensic projections, like the fleet summary ({@link FleetSummaryProjection}): per slice tag an
 * at-least-once projection with its offset in Cassandra, run as a sharded daemon process on the
 * {@link SimEntity#HOST_ROLE} members. {@value #INDEX} keeps the forensic index ({@link ForensicIndexHandler}),
 * {@value #CHAINS} the chain heads ({@link ChainHeadHandler}). They need every event in a slice, so they run only
 * when {@code simwarden.sim.slice-tags = every-event} (see {@code docs/read-side.md}).
 */
public final class ForensicProjections {
  /** The forensic index's projection name (offsets, daemon process, metrics label). */
  public static final String INDEX = ForensicIndex.INDEX_PROJECTION;
  /** The chain heads' projection name. */
  public static final String CHAINS = ForensicIndex.CHAIN_PROJECTION;

  private ForensicProjections() {}

  /** Whether this node's configuration tags every event, which the forensic projections need. */
  public static boolean enabled(ActorSystem<?> system) {
    return SimTags.Coverage.parse(system.settings().config().getString("simwarden.sim.slice-tags"))
        == SimTags.Coverage.EVERY_EVENT;
  }

  /** Starts both projections' daemon processes when {@link #enabled}; logs why not otherwise. */
  static void init(ActorSystem<?> system, ReadSideSettings settings, CassandraSession session, ProjectionLag lag) {
    if (!enabled(system)) {
      system.log().info("read side: forensic index and chain heads off (simwarden.sim.slice-tags is not "
          + "every-event); forensics search, outbreak and verify read the journal");
      return;
    }
    ForensicsJournal journal = new ForensicsJournal(system, 1);
    SliceProjection.run(system, INDEX, slice -> SliceProjection.grouped(system, settings, INDEX, slice,
        () -> new ForensicIndexHandler(system, session, settings.keyspace(), slice, lag)));
    SliceProjection.run(system, CHAINS, slice -> SliceProjection.grouped(system, settings, CHAINS, slice,
        () -> new ChainHeadHandler(system, session, journal, settings.keyspace(), slice, lag)));
  }
}
