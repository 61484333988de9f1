package io.simwarden.readside;

import com.typesafe.config.Config;
import io.simwarden.core.ValidationException;
import io.simwarden.persistence.journal.CqlSchema;
import java.time.Duration;

/**
 * The read side's settings, read once from {@code simwarden.readside} (see this module's reference.conf).
 *
 * @param keyspace            the journal's keyspace, where the offsets and query tables live
 * @param tablesAutocreate    whether to create the keyspace and tables at start (local runs and tests)
 * @param restartMin          shortest back-off before a failed projection restarts
 * @param restartMax          longest back-off before a failed projection restarts
 * @param saveOffsetEnvelopes envelopes between two offset saves
 * @param saveOffsetAfter     longest time an offset stays unsaved
 * @param retention           the retention of the tables this node creates ({@code tablesAutocreate}); otherwise
 *                            the schema's ({@code simwarden cassandra schema}) applies, which the projections read
 */
public record ReadSideSettings(String keyspace, boolean tablesAutocreate, Duration restartMin, Duration restartMax,
    int saveOffsetEnvelopes, Duration saveOffsetAfter, CqlSchema.Retention retention) {

  /** Where the projections' Cassandra session is configured (the offset store's). */
  public static final String SESSION_CONFIG = "pekko.projection.cassandra.session-config";

  public ReadSideSettings {
    if (saveOffsetEnvelopes < 1) {
      throw new ValidationException("simwarden.readside.save-offset.after-envelopes",
          "must be positive, got " + saveOffsetEnvelopes);
    }
    if (restartMin.isNegative() || restartMin.isZero() || restartMax.compareTo(restartMin) < 0) {
      throw new ValidationException("simwarden.readside.restart-backoff",
          "min must be positive and max at least min, got " + restartMin + " and " + restartMax);
    }
  }

  public static ReadSideSettings fromConfig(Config root) {
    Config c = root.getConfig("simwarden.readside");
    return new ReadSideSettings(root.getString("pekko.persistence.cassandra.journal.keyspace"),
        c.getBoolean("tables-autocreate"), c.getDuration("restart-backoff.min"), c.getDuration("restart-backoff.max"),
        c.getInt("save-offset.after-envelopes"), c.getDuration("save-offset.after-duration"),
        new CqlSchema.Retention(
            CqlSchema.Retention.parse("simwarden.readside.retention.alerts", c.getString("retention.alerts")),
            CqlSchema.Retention.parse("simwarden.readside.retention.forensic-index",
                c.getString("retention.forensic-index"))));
  }
}
