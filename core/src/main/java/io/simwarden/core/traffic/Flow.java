package io.simwarden.core.traffic;

import io.simwarden.core.ValidationException;
import io.simwarden.core.id.IpAddress;

/**
 * Summary of one flow during a report interval, as a packet gateway would report it.
 *
 * @param remote    the far end of the flow
 * @param protocol  TCP, UDP, ICMP or GRE
 * @param port      remote port (0 for protocols without ports)
 * @param direction who initiated: UPLINK (device to network) or DOWNLINK
 * @param bytes     bytes in the interval
 * @param packets   packets in the interval
 * @param encrypted whether the payload was encrypted (TLS, DTLS, IPsec…)
 */
public record Flow(IpAddress remote, Protocol protocol, int port, Direction direction, long bytes, long packets,
    boolean encrypted) {

  public Flow {
    if (remote == null) {
      throw new ValidationException("remote", "required: an IPv4 or IPv6 address");
    }
    if (protocol == null || protocol == Protocol.ANY) {
      throw new ValidationException("protocol", "must be TCP, UDP, ICMP or GRE");
    }
    if (direction == null || direction == Direction.BOTH) {
      throw new ValidationException("direction", "must be UPLINK or DOWNLINK");
    }
    if (port < 0 || port > 65535) {
      throw new ValidationException("port", "must be 0-65535, got " + port);
    }
    if (!protocol.hasPorts() && port != 0) {
      throw new ValidationException("port", protocol + " has no ports; use 0");
    }
    if (bytes < 0) {
      throw new ValidationException("bytes", "must not be negative, got " + bytes);
    }
    if (packets < 0) {
      throw new ValidationException("packets", "must not be negative, got " + packets);
    }
  }
}
