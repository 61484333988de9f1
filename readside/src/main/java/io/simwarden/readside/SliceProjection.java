package io.simwarden.readside;

import io.simwarden.core.entity.SimEntity;
import io.simwarden.core.event.SimEvent;
import io.simwarden.core.event.SimTags;
import java.util.List;
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

/**
 * How every projection of the read side runs: per slice tag ({@link SimTags#sliceTag}) an at-least-once
 * projection over {@code eventsByTag}, its envelopes handed to its handler in groups, its offset in Cassandra, and
 * the {@value SimTags#SLICES} of them as one sharded daemon process on the members with the
 * {@link SimEntity#HOST_ROLE} role, so that every such node runs its share of the slices and a node that joins or
 * leaves moves slices, not work that was done.
 */
final class SliceProjection {

  private SliceProjection() {}

  /** Starts the daemon process {@code name}, one {@code projection} per slice. */
  static void run(ActorSystem<?> system, String name, IntFunction<Projection<EventEnvelope<SimEvent>>> projection) {
    ShardedDaemonProcess.get(system).init(ProjectionBehavior.Command.class, name, SimTags.SLICES,
        slice -> ProjectionBehavior.create(projection.apply(slice)),
        ShardedDaemonProcessSettings.create(system).withRole(SimEntity.HOST_ROLE),
        Optional.of(ProjectionBehavior.stopMessage()));
  }

  /**
   * The projection {@code name} of one slice: its events in groups ({@link ReadSideSettings#groupEnvelopes}, {@link
   * ReadSideSettings#groupWithin}) to its handler, at least once, the offset saved after each group.
   */
  static Projection<EventEnvelope<SimEvent>> grouped(ActorSystem<?> system, ReadSideSettings settings, String name,
      int slice, Supplier<Handler<List<EventEnvelope<SimEvent>>>> handler) {
    String tag = SimTags.sliceTag(slice);
    SourceProvider<Offset, EventEnvelope<SimEvent>> events =
        EventSourcedProvider.eventsByTag(system, CassandraReadJournal.Identifier(), tag);
    return CassandraProjection.groupedWithin(ProjectionId.of(name, tag), events, handler::get)
        .withGroup(settings.groupEnvelopes(), settings.groupWithin())
        .withRestartBackoff(settings.restartMin(), settings.restartMax(), 0.2);
  }

  /** Tells {@code lag} that every envelope of a group was handled now. */
  static void handled(ProjectionLag lag, String name, int slice, List<EventEnvelope<SimEvent>> group) {
    long now = System.currentTimeMillis();
    for (EventEnvelope<SimEvent> envelope : group) {
      lag.handled(name, slice, envelope.timestamp(), now);
    }
  }
}
