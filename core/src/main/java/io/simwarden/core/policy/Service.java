package io.simwarden.core.policy;

/** Services a connectivity profile can allow; anything not allowed is refused by the network. */
public enum Service {
  DATA,
  SMS_MO,
  SMS_MT,
  VOICE
}
