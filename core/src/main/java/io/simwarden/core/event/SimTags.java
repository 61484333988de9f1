package io.simwarden.core.event;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Journal tags, which let fleet-wide readers (alerts, audit, forensics) find events by kind and time
 * without reading every SIM's journal.
 *
 * <p>Tagging costs a second write per event (on Cassandra it about halves write throughput), so only the
 * events that fleet-wide queries need are tagged. Usage windows, accepted attaches and other routine
 * events are not; they are read per SIM by persistence id. Each tag is spread over {@link #SHARDS}
 * shards ({@code alert-0 … alert-3}), chosen by the IMSI, so that one busy tag does not become one hot
 * partition. A reader merges all shards. The shard count is part of the journal format: changing it
 * would hide older events from queries.
 *
 * <p>Slice tags ({@code slice-0 … slice-7}) feed the read side's projections: one projection instance per
 * slice, the slice chosen by the IMSI, so that every event of a SIM lands in the same slice, in order. Which
 * events carry one is a {@link Coverage}: by default the lifecycle events the fleet summary counts and the
 * alerts; {@link Coverage#EVERY_EVENT} adds the rest, for readers that must see a SIM's whole history (see
 * {@code docs/read-side.md} for what each costs). The slice count is part of the journal format too.
 */
public final class SimTags {

  /** Security decisions and detections: what operators are alerted to. */
  public static final String ALERT = "alert";
  /** Security-relevant operator changes: who suspended, reconfigured or terminated what. */
  public static final String AUDIT = "audit";
  public static final int SHARDS = 4;
  /** Prefix of the slice tags the read side's projections follow. */
  public static final String SLICE = "slice";
  /** Slices of the read side: one projection instance each. */
  public static final int SLICES = 8;

  /** Which events carry a slice tag. */
  public enum Coverage {
    /** Lifecycle events (provisioned, activated, suspended, resumed, terminated) and alerts. */
    STATUS_AND_ALERTS,
    /** Every event: for read models that need a SIM's whole history (forensic indexes, chain heads). */
    EVERY_EVENT;

    /** {@code status-and-alerts} or {@code every-event}, as in configuration. */
    public static Coverage parse(String value) {
      return switch (value) {
        case "status-and-alerts" -> STATUS_AND_ALERTS;
        case "every-event" -> EVERY_EVENT;
        default -> throw new io.simwarden.core.ValidationException("simwarden.sim.slice-tags",
            "must be status-and-alerts or every-event, got " + io.simwarden.core.ValidationException.quote(value));
      };
    }
  }

  private static final List<String> ALERT_TAGS = shardsOf(ALERT);
  private static final List<String> AUDIT_TAGS = shardsOf(AUDIT);
  private static final List<String> SLICE_TAGS = slices();

  private SimTags() {}

  /** The tags of {@code event} written by SIM {@code imsi} with the default {@link Coverage#STATUS_AND_ALERTS}. */
  public static Set<String> tagsFor(String imsi, SimEvent event) {
    return tagsFor(imsi, event, Coverage.STATUS_AND_ALERTS);
  }

  /**
   * The tags of {@code event} written by SIM {@code imsi}: at most one alert or audit tag, and the SIM's slice tag
   * when {@code coverage} includes the event.
   */
  public static Set<String> tagsFor(String imsi, SimEvent event, Coverage coverage) {
    String group = groupOf(event);
    boolean sliced = coverage == Coverage.EVERY_EVENT || countsStatus(event) || group == ALERT;
    if (group == null) {
      return sliced ? Set.of(sliceTag(sliceOf(imsi))) : Set.of();
    }
    String groupTag = (group == ALERT ? ALERT_TAGS : AUDIT_TAGS).get(Math.floorMod(imsi.hashCode(), SHARDS));
    return sliced ? Set.of(groupTag, sliceTag(sliceOf(imsi))) : Set.of(groupTag);
  }

  /** Whether {@code event} changes a SIM's organisation or lifecycle status (what the fleet summary counts). */
  public static boolean countsStatus(SimEvent event) {
    return event instanceof SimEvent.Provisioned || event instanceof SimEvent.Activated
        || event instanceof SimEvent.Suspended || event instanceof SimEvent.Resumed
        || event instanceof SimEvent.Terminated;
  }

  /** The read-side slice of SIM {@code imsi}: {@code 0 … SLICES-1}. */
  public static int sliceOf(String imsi) {
    return Math.floorMod(imsi.hashCode(), SLICES);
  }

  /** The tag of slice {@code slice}, e.g. {@code slice-3}. */
  public static String sliceTag(int slice) {
    return SLICE_TAGS.get(slice);
  }

  private static List<String> slices() {
    List<String> tags = new ArrayList<>(SLICES);
    for (int i = 0; i < SLICES; i++) {
      tags.add(SLICE + "-" + i);
    }
    return List.copyOf(tags);
  }

  /** The tag group of {@code event}: {@link #ALERT}, {@link #AUDIT} or {@code null} (untagged). */
  public static String groupOf(SimEvent event) {
    if (event instanceof SimEvent.Suspended s) {
      return s.by().startsWith("network:") ? ALERT : AUDIT;
    }
    Set<String> groups = groupsOf(event.getClass());
    return groups.isEmpty() ? null : groups.iterator().next();
  }

  /**
   * The tag groups events of {@code type} can carry: empty for untagged types, both for {@code Suspended}
   * (alert when the network suspends, audit when an operator does). A fleet-wide reader can use the tags
   * for a type only when this is not empty.
   */
  public static Set<String> groupsOf(Class<? extends SimEvent> type) {
    if (type == SimEvent.AnomalyDetected.class || type == SimEvent.ImeiMismatch.class
        || type == SimEvent.FlowsBlocked.class || type == SimEvent.UnencryptedTrafficDetected.class
        || type == SimEvent.SmsBlocked.class || type == SimEvent.AttachRejected.class
        || type == SimEvent.QuotaExhausted.class || type == SimEvent.VulnerableFirmwareFlagged.class
        || type == SimEvent.VoiceCallBlocked.class) {
      return Set.of(ALERT);
    }
    if (type == SimEvent.Suspended.class) {
      return Set.of(ALERT, AUDIT);
    }
    if (type == SimEvent.Resumed.class || type == SimEvent.Terminated.class
        || type == SimEvent.ProfileChanged.class || type == SimEvent.ImeiLockChanged.class
        || type == SimEvent.FirewallChanged.class || type == SimEvent.FirmwareUpdateRequested.class
        || type == SimEvent.ResponseCleared.class) {
      return Set.of(AUDIT);
    }
    return Set.of();
  }

  /** Every shard tag of {@code group}, for readers that merge them. */
  public static List<String> shardsOf(String group) {
    List<String> tags = new ArrayList<>(SHARDS);
    for (int i = 0; i < SHARDS; i++) {
      tags.add(group + "-" + i);
    }
    return List.copyOf(tags);
  }
}
