package io.simwarden.persistence.forensics;

import io.simwarden.core.EventTime;
import io.simwarden.core.ValidationException;
import io.simwarden.core.detect.AnomalyKind;
import io.simwarden.core.event.SimEvent;
import io.simwarden.core.event.SimEvent.AnomalyDetected;
import io.simwarden.core.event.SimEvent.AttachAccepted;
import io.simwarden.core.event.SimEvent.AttachRejected;
import io.simwarden.core.event.SimEvent.FlowsBlocked;
import io.simwarden.core.event.SimEvent.ImeiBound;
import io.simwarden.core.event.SimEvent.ImeiMismatch;
import io.simwarden.core.event.SimEvent.UnencryptedTrafficDetected;
import io.simwarden.core.event.SimEvent.UsageRecorded;
import io.simwarden.core.event.SimEvent.SmsUsageRecorded;
import io.simwarden.core.event.SimEvent.VoiceUsageRecorded;
import io.simwarden.core.event.SimTags;
import io.simwarden.core.id.Cidr;
import io.simwarden.core.id.Imei;
import io.simwarden.core.id.Plmn;
import io.simwarden.core.id.Tac;
import io.simwarden.core.traffic.EndpointUsage;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What a fleet-wide search looks for; every given criterion must hold ({@code null} or empty: any).
 *
 * @param kinds  event types ({@code AnomalyDetected}, {@code anomaly-detected}) or anomaly kinds
 *               ({@code port-scan}), normalised by {@link #kind}
 * @param from   events at or after (a usage window that overlaps counts)
 * @param to     events before
 * @param tac    device model: attach events, IMEI bindings and mismatches of a device with this TAC
 * @param imei   one device
 * @param remote remote endpoint address or network: usage windows, blocked and unencrypted flows
 * @param plmn   serving network of attaches
 */
public record SearchCriteria(Set<String> kinds, Instant from, Instant to, Tac tac, Imei imei, Cidr remote,
    Plmn plmn) {

  private static final List<Class<? extends SimEvent>> TYPES = eventTypes();

  public SearchCriteria {
    kinds = kinds == null ? Set.of() : Set.copyOf(kinds);
  }

  public static final SearchCriteria ANY = new SearchCriteria(Set.of(), null, null, null, null, null, null);

  /**
   * A kind as users may write it, checked against the event types and anomaly kinds, normalised to lower
   * case without dashes ({@code port-scan} and {@code PORT_SCAN} are {@code portscan}).
   */
  public static String kind(String text) {
    String k = text == null ? "" : normalise(text);
    for (Class<? extends SimEvent> t : TYPES) {
      if (normalise(t.getSimpleName()).equals(k)) {
        return k;
      }
    }
    for (AnomalyKind a : AnomalyKind.values()) {
      if (normalise(a.name()).equals(k)) {
        return k;
      }
    }
    List<String> valid = new ArrayList<>();
    TYPES.forEach(t -> valid.add(t.getSimpleName()));
    for (AnomalyKind a : AnomalyKind.values()) {
      valid.add(EventNarrative.kindId(a.name()));
    }
    throw new ValidationException("kind", "must be an event type or anomaly kind (" + String.join(", ", valid)
        + "), got " + ValidationException.quote(text));
  }

  /** An ISO-8601 instant such as {@code 2026-01-01T09:00:00Z}; {@code field} names it in the error. */
  public static Instant instant(String field, String text) {
    Instant at;
    try {
      at = Instant.parse(text.trim());
    } catch (DateTimeParseException | NullPointerException e) {
      throw new ValidationException(field, "must be an ISO-8601 instant such as 2026-01-01T09:00:00Z, got "
          + ValidationException.quote(text));
    }
    return EventTime.check(field, at);
  }

  /** A single address ({@code 203.0.113.7}) or a network ({@code 203.0.113.0/24}). */
  public static Cidr remote(String text) {
    try {
      return Cidr.of(text);
    } catch (ValidationException e) {
      throw new ValidationException("remote", e.problem());
    }
  }

  public boolean matches(SimEvent e) {
    return kindMatches(e) && timeMatches(e) && deviceMatches(e) && remoteMatches(e) && plmnMatches(e);
  }

  /**
   * The tag groups that hold every event this search can match, or empty when some of them are untagged
   * and only a scan of every SIM finds them all.
   */
  public Set<String> tagGroups() {
    if (kinds.isEmpty()) {
      return Set.of();
    }
    Set<String> groups = new LinkedHashSet<>();
    for (Class<? extends SimEvent> t : TYPES) {
      if (typeMatches(t)) {
        Set<String> g = SimTags.groupsOf(t);
        if (g.isEmpty()) {
          return Set.of();
        }
        groups.addAll(g);
      }
    }
    return groups;
  }

  private boolean typeMatches(Class<? extends SimEvent> type) {
    if (kinds.contains(normalise(type.getSimpleName()))) {
      return true;
    }
    if (type == AnomalyDetected.class) {
      for (AnomalyKind a : AnomalyKind.values()) {
        if (kinds.contains(normalise(a.name()))) {
          return true;
        }
      }
    }
    return false;
  }

  private boolean kindMatches(SimEvent e) {
    if (kinds.isEmpty() || kinds.contains(normalise(e.getClass().getSimpleName()))) {
      return true;
    }
    return e instanceof AnomalyDetected a && kinds.contains(normalise(a.kind().name()));
  }

  /**
   * Whether an event at {@code at} can match the window: not when it is before {@code from} (which every event is
   * tested on at its time, usage windows too). What the forensic index filters its rows with before reading events.
   */
  public boolean mayMatchAt(Instant at) {
    return from == null || !at.isBefore(from);
  }

  /**
   * Whether the window holds an event at {@code at} that has no usage window (for a usage window, {@code to} is
   * tested on the window's start: {@link #WINDOWED}).
   */
  public boolean windowHolds(Instant at) {
    return mayMatchAt(at) && (to == null || at.isBefore(to));
  }

  /** Event types whose window test reads the start of their usage window, not only their time. */
  public static final Set<Class<? extends SimEvent>> WINDOWED =
      Set.of(UsageRecorded.class, VoiceUsageRecorded.class, SmsUsageRecorded.class);

  /** Whether one of {@link #kinds} names an event type of {@link #WINDOWED}. */
  public boolean namesWindowed() {
    return WINDOWED.stream().anyMatch(t -> kinds.contains(normalise(t.getSimpleName())));
  }

  private boolean timeMatches(SimEvent e) {
    Instant start = e instanceof UsageRecorded u ? u.windowStart()
        : e instanceof VoiceUsageRecorded v ? v.windowStart()
        : e instanceof SmsUsageRecorded m ? m.windowStart() : e.at();
    return (from == null || !e.at().isBefore(from)) && (to == null || start.isBefore(to));
  }

  private boolean deviceMatches(SimEvent e) {
    if (tac == null && imei == null) {
      return true;
    }
    Imei device = e instanceof AttachAccepted a ? a.imei()
        : e instanceof AttachRejected r ? r.imei()
        : e instanceof ImeiBound b ? b.imei()
        : e instanceof ImeiMismatch m ? m.seen() : null;
    return device != null && (imei == null || imei.equals(device)) && (tac == null || tac.equals(device.tac()));
  }

  private boolean remoteMatches(SimEvent e) {
    if (remote == null) {
      return true;
    }
    Collection<EndpointUsage> endpoints = e instanceof UsageRecorded u ? u.endpoints()
        : e instanceof FlowsBlocked b ? b.endpoints()
        : e instanceof UnencryptedTrafficDetected x ? x.endpoints() : null;
    if (endpoints == null) {
      return false;
    }
    for (EndpointUsage u : endpoints) {
      if (remote.contains(u.remote())) {
        return true;
      }
    }
    return false;
  }

  private boolean plmnMatches(SimEvent e) {
    if (plmn == null) {
      return true;
    }
    Plmn serving = e instanceof AttachAccepted a ? a.plmn() : e instanceof AttachRejected r ? r.plmn() : null;
    return plmn.equals(serving);
  }

  static String normalise(String text) {
    return text.trim().toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
  }

  @SuppressWarnings("unchecked")
  private static List<Class<? extends SimEvent>> eventTypes() {
    List<Class<? extends SimEvent>> types = new ArrayList<>();
    for (Class<?> c : SimEvent.class.getPermittedSubclasses()) {
      types.add((Class<? extends SimEvent>) c);
    }
    return List.copyOf(types);
  }
}
