package io.simwarden.readside;

import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import io.simwarden.persistence.journal.CqlSchema;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.connectors.cassandra.javadsl.CassandraSession;
import org.apache.pekko.stream.connectors.cassandra.javadsl.CassandraSessionRegistry;

/**
 * simwarden's read side on one node: starts this node's share of the projections (see {@code docs/read-side.md})
 * and reads the query tables they keep. Every node calls {@link #start}; the projections run on the members with
 * the {@code sim-host} role, the tables can be read from any member.
 */
public final class ReadSide {
  private static final Duration DDL_TIMEOUT = Duration.ofSeconds(60);
  private final ActorSystem<?> system;
  private final CassandraSession session;
  private final ReadSideSettings settings;

  private ReadSide(ActorSystem<?> system, CassandraSession session, ReadSideSettings settings) {
    this.system = system;
    this.session = session;
    this.settings = settings;
  }

  /**
   * Creates the tables when {@code simwarden.readside.tables-autocreate} is on, then starts the projections;
   * the answer is ready at once, its {@link #started()} completes when the projections were started.
   */
  public static ReadSide start(ActorSystem<?> system, ProjectionLag lag) {
    ReadSideSettings settings = ReadSideSettings.fromConfig(system.settings().config());
    CassandraSession session = CassandraSessionRegistry.get(system).sessionFor(ReadSideSettings.SESSION_CONFIG);
    ReadSide readSide = new ReadSide(system, session, settings);
    // A projection that finds no table fails and restarts after its back-off, so a failed creation is only logged.
    readSide.started = readSide.createTables().exceptionally(error -> {
      system.log().error("read side: creating its tables failed; the projections retry until they exist", error);
      return Done.getInstance();
    }).thenApply(done -> {
      FleetSummaryProjection.init(system, settings, session, lag);
      AlertsByOrgProjection.init(system, settings, session, lag);
      ForensicProjections.init(system, settings, session, lag);
      return Done.getInstance();
    });
    return readSide;
  }

  private CompletionStage<Done> started;

  /** Completes when the projections were started (after the tables were created, if that is on). */
  public CompletionStage<Done> started() {
    return started;
  }

  /** The fleet summary's table. */
  public FleetSummaryTable fleetSummary() {
    return new FleetSummaryTable(session, settings.keyspace());
  }

  /** The alerts per organisation's table. */
  public AlertsByOrgTable alertsByOrg() {
    return new AlertsByOrgTable(system, session, settings.keyspace());
  }

  private CompletionStage<Done> createTables() {
    CompletionStage<Done> done = CompletableFuture.completedFuture(Done.getInstance());
    if (!settings.tablesAutocreate()) {
      return done;
    }
    for (String cql : CqlSchema.statements(CqlSchema.simpleReplication(1), CqlSchema.READ_SIDE,
        settings.retention())) {
      if (cql.startsWith("ALTER") && !cql.contains(" ADD IF NOT EXISTS ")) {
        // Creation only: the schema verb's other ALTERs change a retention; here they would cost a schema change per
        // start. A column added since a table was created is added here too (a no-op once it exists), so that a
        // node started on an older keyspace writes its rows instead of failing on the missing column.
        continue;
      }
      // Schema changes wait for every node's agreement: far longer than a query on a busy machine.
      SimpleStatement statement = SimpleStatement.newInstance(CqlSchema.inKeyspace(cql, settings.keyspace()))
          .setTimeout(DDL_TIMEOUT);
      done = done.thenCompose(d -> session.underlying()).thenCompose(s -> s.executeAsync(statement))
          .thenApply(r -> Done.getInstance());
    }
    return done;
  }
}
