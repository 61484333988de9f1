package io.simwarden.node;

import com.typesafe.config.Config;
import io.simwarden.core.ValidationException;

/**
 * The node's own settings, read once from {@code simwarden.node} (see {@code simwarden-node.conf}).
 *
 * @param directorySize SIMs whose organisation and ICCID each node keeps at hand (tenant checks, alerts)
 * @param stallThreshold a standstill of the node longer than this holds SIM writes ({@code StallWatch})
 * @param stallHold how long SIM writes stay held after such a standstill
 */
public record NodeSettings(int directorySize, java.time.Duration stallThreshold, java.time.Duration stallHold) {

  public NodeSettings {
    if (directorySize < 1) {
      throw new ValidationException("simwarden.node.directory-size", "must be positive, got " + directorySize);
    }
    if (stallThreshold.isNegative() || stallThreshold.isZero()) {
      throw new ValidationException("simwarden.node.stall.threshold", "must be positive, got " + stallThreshold);
    }
    if (stallHold.isNegative()) {
      throw new ValidationException("simwarden.node.stall.hold", "must not be negative, got " + stallHold);
    }
  }

  public static NodeSettings fromConfig(Config root) {
    Config c = root.getConfig("simwarden.node");
    return new NodeSettings(c.getInt("directory-size"), c.getDuration("stall.threshold"),
        c.getDuration("stall.hold"));
  }
}
