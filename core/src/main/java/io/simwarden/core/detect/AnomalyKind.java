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
  /** SMS or voice usage far above the SIM's usual (toll fraud, SMS pumping). */
  SMS_SPIKE
}
