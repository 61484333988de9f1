package io.simwarden.core.policy;

/** What happens when a quota is used up. */
public enum QuotaAction {
  /** Refuse further usage until the period ends. */
  BLOCK,
  /** Carry further usage at reduced speed; it is marked as throttled. */
  THROTTLE
}
