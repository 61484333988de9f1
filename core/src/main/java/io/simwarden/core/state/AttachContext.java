package io.simwarden.core.state;

import io.simwarden.core.id.Apn;
import io.simwarden.core.id.Imei;
import io.simwarden.core.id.Plmn;
import io.simwarden.core.policy.Rat;
import java.time.Instant;

/** The last accepted attach: the device, radio, network and APN the SIM is using. */
public record AttachContext(Instant at, Imei imei, Rat rat, Plmn plmn, Apn apn, boolean dataAllowed,
    boolean roaming) {

  /** Whether an attach with these parameters is the same context (a plain re-attach). */
  public boolean sameAs(Imei otherImei, Rat otherRat, Plmn otherPlmn, Apn otherApn) {
    return imei.equals(otherImei) && rat == otherRat && plmn.equals(otherPlmn) && apn.equals(otherApn);
  }
}
