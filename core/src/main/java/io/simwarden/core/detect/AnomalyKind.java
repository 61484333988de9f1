package io.simwarden.core.detect;

/** What a detector found abnormal in a SIM's behaviour against its learned baseline. */
public enum AnomalyKind {
  /** Traffic volume far above the SIM's usual volume per window. */
  VOLUME_SPIKE,
  /** Sustained traffic to a destination the SIM never used while learning. */
  NEW_DESTINATION,
  /** Many distinct remote addresses or ports in a short time (e.g. telnet scanning). */
  PORT_SCAN,
  /** Flood-like traffic toward one target (UDP/SYN/ACK/GRE/HTTP floods). */
  DDOS_SOURCE,
  /** Attach from a network or radio the SIM does not use, or an implausible move. */
  LOCATION_JUMP,
  /** Attach rate far above the SIM's usual rate (mass re-attach storms). */
  SIGNALLING_STORM,
  /** The device (IMEI or its model, TAC) changed. */
  IMEI_CHANGE,
  /** Many flows refused by the firewall in a short time. */
  FIREWALL_VIOLATION_BURST,
  /** SMS usage far above the SIM's usual (SMS pumping). */
  SMS_SPIKE,
  /**
   * Voice toll fraud: calls to premium-rate or IRSF ranges the SIM never called, calls its profile keeps
   * refusing, or call attempts or minutes over the last day far above the SIM's usual. Declared last: a
   * kind's ordinal is a bit in journaled snapshots.
   */
  VOICE_FRAUD
}
