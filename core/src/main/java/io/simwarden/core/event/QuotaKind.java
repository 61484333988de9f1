package io.simwarden.core.event;

/** Which allowance a quota event is about. */
public enum QuotaKind {
  /** Bytes, uplink plus downlink. */
  DATA,
  /** Messages, mobile-originated plus mobile-terminated. */
  SMS
}
