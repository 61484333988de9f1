package io.simwarden.core.traffic;

/** Direction of a flow as seen from the device; {@link #BOTH} is only meaningful in firewall rules. */
public enum Direction {
  UPLINK,
  DOWNLINK,
  BOTH;

  /** Whether a rule with this direction applies to a flow going {@code flow}. */
  public boolean covers(Direction flow) {
    return this == BOTH || this == flow;
  }
}
