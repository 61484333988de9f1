package io.simwarden.core.policy;

/** What to do with unencrypted flows that leave the private network. */
public enum EncryptionPolicy {
  /** Carry them silently. */
  ALLOW,
  /** Carry them, but journal an alert. */
  ALERT,
  /** Drop them. */
  BLOCK
}
