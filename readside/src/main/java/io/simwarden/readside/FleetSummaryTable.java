package io.simwarden.readside;

import com.datastax.oss.driver.api.core.cql.Row;
import io.simwarden.core.event.SimTags;
import io.simwarden.core.policy.SimStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.stream.connectors.cassandra.javadsl.CassandraSession;

/**
 * Reads the fleet summary the projection keeps: the counts of every slice, summed, and how far behind the
 * journal they are. One small query per slice; nothing is folded.
 */
public final class FleetSummaryTable {
  private final CassandraSession session;
  private final String keyspace;

  FleetSummaryTable(CassandraSession session, String keyspace) {
    this.session = session;
    this.keyspace = keyspace;
  }

  /**
   * @param organisations SIMs per status per organisation (statuses without SIMs may be absent)
   * @param asOf          when the counts were read: they include the events written up to about {@code asOf}
   *                      minus {@code lag}
   * @param lag           write-to-count delay of the last event each slice counted, the largest of them;
   *                      {@code null} before the first. It depends on the whole fleet's events, never on
   *                      which organisation wrote them.
   */
  public record Counts(Map<String, Map<SimStatus, Long>> organisations, Instant asOf, Duration lag) {}

  /** The counts as the slices have them now. */
  public CompletionStage<Counts> read() {
    Instant readAt = Instant.now();
    List<CompletableFuture<List<Row>>> slices = new ArrayList<>();
    for (int slice = 0; slice < SimTags.SLICES; slice++) {
      slices.add(session.selectAll("SELECT kind, organisation, status, sims, event_written, handled FROM " + keyspace
          + ".fleet_summary WHERE slice = ? AND kind IN ('count', 'progress')", slice).toCompletableFuture());
    }
    return CompletableFuture.allOf(slices.toArray(CompletableFuture[]::new)).thenApply(v -> {
      Map<String, Map<SimStatus, Long>> organisations = new TreeMap<>();
      Duration lag = null;
      for (CompletableFuture<List<Row>> slice : slices) {
        for (Row row : slice.join()) {
          if (row.getString("kind").equals("count")) {
            long sims = row.getLong("sims");
            if (sims != 0) {
              organisations.computeIfAbsent(row.getString("organisation"), o -> new EnumMap<>(SimStatus.class))
                  .merge(SimStatus.valueOf(row.getString("status")), sims, Long::sum);
            }
          } else {
            Duration behind = Duration.between(row.getInstant("event_written"), row.getInstant("handled"));
            lag = lag == null || behind.compareTo(lag) > 0 ? behind : lag;
          }
        }
      }
      return new Counts(organisations, readAt, lag);
    });
  }
}
