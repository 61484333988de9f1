package io.simwarden.readside;

import io.simwarden.core.entity.SimEntity;
import io.simwarden.core.event.SimEvent;
import io.simwarden.core.event.SimTags;
import java.util.Optional;
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
import org.apache.pekko.projection.javadsl.SourceProvider;
import org.apache.pekko.stream.connectors.cassandra.javadsl.CassandraSession;

/**
 * Wires the alerts per organisation: one at-least-once projection per slice tag ({@link SimTags#sliceTag}), its
 * offset in Cassandra, its handler an {@link AlertsByOrgHandler}, run as a sharded daemon process on the members
 * with the {@link SimEntity#HOST_ROLE} role, like the fleet summary.
 */
public final class AlertsByOrgProjection {
  /** The projection's name: its offsets' {@code projection_name}, its daemon process, its metrics label. */
  public static final String NAME = "alerts-by-org";

  private AlertsByOrgProjection() {}

  static void init(ActorSystem<?> system, ReadSideSettings settings, CassandraSession session, ProjectionLag lag) {
    SliceProjection.run(system, NAME, slice -> projection(system, settings, session, lag, slice));
  }

  static Projection<EventEnvelope<SimEvent>> projection(ActorSystem<?> system, ReadSideSettings settings,
      CassandraSession session, ProjectionLag lag, int slice) {
    return SliceProjection.grouped(system, settings, NAME, slice,
        () -> new AlertsByOrgHandler(system, session, settings.keyspace(), slice, lag));
  }
}
