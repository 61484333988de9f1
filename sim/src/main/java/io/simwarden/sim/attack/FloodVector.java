package io.simwarden.sim.attack;

import io.simwarden.sim.Named;


/**
 * Mirai's flood attacks (its {@code attack_*.c}): the packet each sends and whether the destination port
 * is random per packet (Mirai's default when no port is given), which spreads a flood over thousands of
 * distinct flows.
 */
public enum FloodVector implements Named {
  /** {@code attack_udp_generic}: 512-byte payload + UDP/IP headers, random destination port. */
  UDP("udp", 540, true),
  /** {@code attack_tcp_syn}: SYN with MSS/SACK/timestamp/window-scale options, random port. */
  SYN("syn", 60, true),
  /** {@code attack_tcp_ack}: ACK with 512 random bytes, random port. */
  ACK("ack", 552, true),
  /** {@code attack_gre_ip}: GRE-encapsulated IP/UDP with 512 bytes, protocol 47 (no port). */
  GRE("gre", 576, false),
  /** {@code attack_app_http}: HTTP GET flood on port 80 over real connections. */
  HTTP("http", 420, false);

  private final String id;
  private final int packetBytes;
  private final boolean randomPort;

  FloodVector(String id, int packetBytes, boolean randomPort) {
    this.id = id;
    this.packetBytes = packetBytes;
    this.randomPort = randomPort;
  }

  @Override
  public String id() {
    return id;
  }

  public int packetBytes() {
    return packetBytes;
  }

  public boolean randomPort() {
    return randomPort;
  }



  @Override
  public String toString() {
    return id;
  }
}
