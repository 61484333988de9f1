package io.simwarden.node.security;

import io.simwarden.core.ValidationException;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * What an API key may do. Every key also belongs to one organisation (tenant) and only ever sees that
 * organisation's SIMs; an {@link #ADMIN} key may instead be fleet-wide ({@link Principal#FLEET_WIDE}).
 */
public enum Role {
  /** Everything, including keys. */
  ADMIN(EnumSet.allOf(Permission.class)),
  /** Reads, provisions, commands SIMs and sends network ingest. */
  OPERATOR(EnumSet.of(Permission.READ_SIM, Permission.READ_EVENTS, Permission.READ_ALERTS, Permission.READ_SUMMARY,
      Permission.PROVISION, Permission.COMMAND, Permission.INGEST)),
  /** Reads a SIM's state and the fleet summary. */
  VIEWER(EnumSet.of(Permission.READ_SIM, Permission.READ_SUMMARY)),
  /** Reads states, the event timelines, alerts and the summary, and runs forensics; changes nothing. */
  AUDITOR(EnumSet.of(Permission.READ_SIM, Permission.READ_EVENTS, Permission.READ_ALERTS, Permission.READ_SUMMARY,
      Permission.FORENSICS));

  private final Set<Permission> permissions;

  Role(Set<Permission> permissions) {
    this.permissions = permissions;
  }

  public boolean may(Permission permission) {
    return permissions.contains(permission);
  }

  /** Parses a role name given on the command line or in a request, in any case. */
  public static Role parse(String text) {
    if (text != null) {
      for (Role r : values()) {
        if (r.name().equalsIgnoreCase(text.trim())) {
          return r;
        }
      }
    }
    throw new ValidationException("role", "must be one of admin, operator, viewer, auditor; got "
        + ValidationException.quote(text));
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
