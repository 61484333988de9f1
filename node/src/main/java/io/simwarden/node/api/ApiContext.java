package io.simwarden.node.api;

import io.simwarden.core.entity.SimFleet;
import io.simwarden.node.read.AlertFeed;
import io.simwarden.node.read.SimDirectory;
import io.simwarden.readside.FleetSummaryTable;
import java.time.Duration;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.persistence.cassandra.query.javadsl.CassandraReadJournal;

/**
 * What the routes work with: the SIMs through sharding ({@code bulkFleet} waits longer, for bulk streams that
 * favour throughput over latency) and the read side of the journal.
 */
public record ApiContext(ActorSystem<?> system, ApiSettings settings, Duration askTimeout, SimFleet fleet,
    SimFleet bulkFleet, SimDirectory directory, CassandraReadJournal readJournal, AlertFeed alerts,
    FleetSummaryTable summary) {}
