package io.simwarden.node.security;

/**
 * The caller of a request, as its verified API key says.
 *
 * @param keyId          the key's public id, recorded as the operator ({@code by}) of the commands it gives
 * @param role           what it may do
 * @param organisation   the tenant it acts for, or {@link #FLEET_WIDE} (admin keys only)
 * @param ratePerSecond  its own request rate limit, 0 for the node's default
 */
public record Principal(String keyId, Role role, String organisation, int ratePerSecond) {

  /** The organisation of an admin key that sees every tenant. */
  public static final String FLEET_WIDE = "*";

  public boolean fleetWide() {
    return FLEET_WIDE.equals(organisation);
  }

  /** Whether this caller may see data of {@code simOrganisation}. */
  public boolean sees(String simOrganisation) {
    return fleetWide() || organisation.equals(simOrganisation);
  }

  /** The identity written into the {@code by} field of the events its commands cause. */
  public String operatorId() {
    return "apikey:" + keyId;
  }
}
