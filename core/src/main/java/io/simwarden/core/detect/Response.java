package io.simwarden.core.detect;

/** What the network does when a detector fires; set per anomaly kind in the connectivity profile. */
public enum Response {
  /** Journal the detection and forward it to operators; nothing else changes. */
  ALERT,
  /** Carry traffic at reduced speed until an operator clears it. */
  THROTTLE,
  /** Carry only flows an explicit firewall ALLOW rule admits, until an operator clears it. */
  QUARANTINE,
  /** Suspend the SIM. */
  SUSPEND
}
