package io.simwarden.core.policy;

/** Radio access technologies a SIM may attach on. */
public enum Rat {
  GSM,
  UMTS,
  LTE,
  LTE_M,
  NB_IOT,
  NR
}
