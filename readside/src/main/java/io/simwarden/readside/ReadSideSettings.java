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
 * @param groupEnvelopes      most envelopes a handler gets at once (a group); the offset is saved after each group
 * @param groupWithin         longest time the first envelope of a group waits for more
 * @param retention           the retention of the tables this node creates ({@code tablesAutocreate}); otherwise
 *                            the schema's ({@code simwarden cassandra schema}) applies, which the projections read
 */
public record ReadSideSettings(String keyspace, boolean tablesAutocreate, Duration restartMin, Duration restartMax,
    int groupEnvelopes, Duration groupWithin, CqlSchema.Retention retention) {

  /** Where the projections' Cassandra session is configured (the offset store's). */
  public static final String SESSION_CONFIG = "pekko.projection.cassandra.session-config";

  public ReadSideSettings {
    if (groupEnvelopes < 1) {
      throw new ValidationException("simwarden.readside.group.max-envelopes",
          "must be positive, got " + groupEnvelopes);
    }
    if (groupWithin.isNegative() || groupWithin.isZero()) {
      throw new ValidationException("simwarden.readside.group.within", "must be positive, got " + groupWithin);
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
        c.getInt("group.max-envelopes"), c.getDuration("group.within"),
        new CqlSchema.Retention(
            CqlSchema.Retention.parse("simwarden.readside.retention.alerts", c.getString("retention.alerts")),
            CqlSchema.Retention.parse("simwarden.readside.retention.forensic-index",
                c.getString("retention.forensic-index"))));
  }
}
