package io.simwarden.core.detect;

/** A per-window quantity the {@link Baseline} learns (mean, variance and decaying peak per usage window). */
public enum Metric {
  /** Bytes the device sent (carried flows). */
  UPLINK,
  /** Bytes both ways (carried flows). */
  BYTES,
  /** Packets both ways (carried flows). */
  PACKETS,
  /** Distinct remote endpoints (remote, protocol, port) the window named, plus those it could not name. */
  ENDPOINTS,
  /** Accepted attaches, re-attaches included. */
  ATTACHES,
  /** SMS sent and received. */
  SMS,
  /** Flows refused by the firewall or the private network (quarantine refusals excluded). */
  BLOCKED
}
