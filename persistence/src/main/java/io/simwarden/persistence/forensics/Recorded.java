package io.simwarden.persistence.forensics;

import io.simwarden.core.event.SimEvent;

/** One journaled event of SIM {@code imsi} at sequence number {@code seqNr}. */
public record Recorded(String imsi, long seqNr, SimEvent event) {}
