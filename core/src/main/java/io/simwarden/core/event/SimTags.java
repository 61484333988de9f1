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
    if (event instanceof SimEvent.AnomalyDetected || event instanceof SimEvent.ImeiMismatch
        || event instanceof SimEvent.FlowsBlocked || event instanceof SimEvent.UnencryptedTrafficDetected
        || event instanceof SimEvent.SmsBlocked || event instanceof SimEvent.AttachRejected
        || event instanceof SimEvent.QuotaExhausted || event instanceof SimEvent.VulnerableFirmwareFlagged) {
      return ALERT;
    }
    if (event instanceof SimEvent.Suspended s) {
      return s.by().startsWith("network:") ? ALERT : AUDIT;
    }
    if (event instanceof SimEvent.Resumed || event instanceof SimEvent.Terminated
        || event instanceof SimEvent.ProfileChanged || event instanceof SimEvent.ImeiLockChanged
        || event instanceof SimEvent.FirewallChanged || event instanceof SimEvent.FirmwareUpdateRequested
        || event instanceof SimEvent.ResponseCleared) {
      return AUDIT;
    }
    return null;
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
