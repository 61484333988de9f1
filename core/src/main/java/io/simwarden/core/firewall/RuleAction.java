package io.simwarden.core.firewall;

/** What a firewall rule does with a matching flow. */
public enum RuleAction {
  ALLOW,
  DENY
}
