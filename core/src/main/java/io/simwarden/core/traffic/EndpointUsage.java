package io.simwarden.core.traffic;

import io.simwarden.core.id.IpAddress;

/**
 * Traffic to one remote endpoint during a usage window, as recorded for forensics
 * ("which SIMs talked to 203.0.113.7 between T1 and T2").
 *
 * @param remote   the far end
 * @param protocol its protocol
 * @param port     its remote port (0 without ports)
 * @param flows    how many flow summaries went there
 * @param bytes    bytes both ways
 */
public record EndpointUsage(IpAddress remote, Protocol protocol, int port, long flows, long bytes) {}
