package io.simwarden.node;

import com.typesafe.config.Config;
import io.simwarden.core.ValidationException;

/**
 * The node's own settings, read once from {@code simwarden.node} (see {@code simwarden-node.conf}).
 *
 * @param directorySize SIMs whose organisation and ICCID each node keeps at hand (tenant checks, alerts)
 */
public record NodeSettings(int directorySize) {

  public NodeSettings {
    if (directorySize < 1) {
      throw new ValidationException("simwarden.node.directory-size", "must be positive, got " + directorySize);
    }
  }

  public static NodeSettings fromConfig(Config root) {
    Config c = root.getConfig("simwarden.node");
    return new NodeSettings(c.getInt("directory-size"));
  }
}
