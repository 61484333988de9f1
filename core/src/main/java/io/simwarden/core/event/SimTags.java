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
 */
public final class SimTags {

  /** Security decisions and detections: what operators are alerted to. */
  public static final String ALERT = "alert";
  /** Security-relevant operator changes: who suspended, reconfigured or terminated what. */
  public static final String AUDIT = "audit";
  public static final int SHARDS = 4;

  private static final List<String> ALERT_TAGS = shardsOf(ALERT);
  private static final List<String> AUDIT_TAGS = shardsOf(AUDIT);

  private SimTags() {}

  /** The tags of {@code event} written by SIM {@code imsi}: none, one alert tag or one audit tag. */
  public static Set<String> tagsFor(String imsi, SimEvent event) {
    String group = groupOf(event);
    if (group == null) {
      return Set.of();
    }
    int shard = Math.floorMod(imsi.hashCode(), SHARDS);
    return Set.of((group == ALERT ? ALERT_TAGS : AUDIT_TAGS).get(shard));
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
