package io.simwarden.core.policy;

/** Physical form of the SIM; a removable SIM can be stolen into another device, an eSIM cannot. */
public enum FormFactor {
  REMOVABLE,
  EMBEDDED
}
