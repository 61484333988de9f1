package io.simwarden.sim.traffic;

import io.simwarden.core.id.Apn;
import io.simwarden.core.id.Imei;
import io.simwarden.core.id.Plmn;
import io.simwarden.core.policy.Rat;

/** What a device presents when it attaches: which device, on which radio, network and APN. */
public record AttachRequest(Imei imei, Rat rat, Plmn plmn, Apn apn) {}
