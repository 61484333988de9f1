package io.simwarden.node;

import com.typesafe.config.Config;
import io.simwarden.core.ValidationException;
import java.time.Duration;

/**
 * The node's own settings, read once from {@code simwarden.node} (see {@code simwarden-node.conf}).
 *
 * @param directorySize  SIMs whose organisation and ICCID each node keeps at hand (tenant checks, alerts)
 * @param summaryRefresh pause between two counts of the fleet summary
 */
public record NodeSettings(int directorySize, Duration summaryRefresh) {

  public NodeSettings {
    if (directorySize < 1) {
      throw new ValidationException("simwarden.node.directory-size", "must be positive, got " + directorySize);
    }
  }

  public static NodeSettings fromConfig(Config root) {
    Config c = root.getConfig("simwarden.node");
    return new NodeSettings(c.getInt("directory-size"), c.getDuration("summary-refresh"));
  }
}
