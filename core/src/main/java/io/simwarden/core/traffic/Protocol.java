package io.simwarden.core.traffic;

/** IP protocol of a flow; {@link #ANY} is only meaningful in firewall rules. */
public enum Protocol {
  TCP,
  UDP,
  ICMP,
  GRE,
  ANY;

  /** Whether this protocol has ports. */
  public boolean hasPorts() {
    return this == TCP || this == UDP;
  }

  /** Whether a rule with this protocol applies to a flow of protocol {@code flow}. */
  public boolean covers(Protocol flow) {
    return this == ANY || this == flow;
  }
}
