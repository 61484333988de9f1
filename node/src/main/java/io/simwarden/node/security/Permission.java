package io.simwarden.node.security;

/** One kind of access an API route needs; {@link Role} says which roles have it. */
public enum Permission {
  READ_SIM,
  READ_EVENTS,
  READ_ALERTS,
  READ_SUMMARY,
  PROVISION,
  COMMAND,
  INGEST,
  /** Forensics: timelines with who/what/why, state at an instant, fleet-wide searches, chain verification. */
  FORENSICS
}
