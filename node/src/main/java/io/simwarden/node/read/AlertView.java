package io.simwarden.node.read;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.simwarden.core.detect.Response;
import io.simwarden.core.event.RejectReason;
import io.simwarden.core.event.SimEvent;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * One alert as the API delivers it, in pages and on the live stream.
 *
 * @param id           the cursor just after this alert (SSE id; resume with {@code Last-Event-ID})
 * @param timestamp    event time of the decision
 * @param type         the event type, e.g. {@code FlowsBlocked}
 * @param severity     low, medium, high or critical
 * @param source       what decided: {@code network:<check>}, {@code detector:<kind>}
 * @param organisation the SIM's tenant
 * @param sim          the SIM
 * @param imei         the device, when the event names one
 * @param detail       the event's own fields (without {@code at} and {@code chain})
 */
public record AlertView(String id, Instant timestamp, String type, String severity, String source,
    String organisation, SimRef sim, String imei, JsonNode detail) {

  public record SimRef(String imsi, String iccid) {}

  /** Event types the journal tags as alerts ({@link io.simwarden.core.event.SimTags#ALERT}). */
  public static final List<String> TYPES = List.of("AnomalyDetected", "ImeiMismatch", "FlowsBlocked",
      "UnencryptedTrafficDetected", "SmsBlocked", "VoiceCallBlocked", "AttachRejected", "QuotaExhausted",
      "VulnerableFirmwareFlagged", "Suspended");

  static AlertView of(String id, String imsi, SimDirectory.Entry sim, SimEvent event, ObjectMapper mapper) {
    ObjectNode detail = mapper.valueToTree(event);
    detail.remove("at");
    detail.remove("chain");
    return new AlertView(id, event.at(), event.getClass().getSimpleName(), severity(event), source(event),
        sim.organisation(), new SimRef(imsi, sim.iccid().value()), imei(event), detail);
  }

  /** Whether {@code event} is of one of {@code kinds} (event types or anomaly kinds); empty matches all. */
  static boolean matches(java.util.Set<String> kinds, SimEvent event) {
    if (kinds.isEmpty()) {
      return true;
    }
    String type = event.getClass().getSimpleName().toUpperCase(Locale.ROOT);
    return kinds.contains(type)
        || event instanceof SimEvent.AnomalyDetected a && kinds.contains(a.kind().name());
  }

  private static String severity(SimEvent event) {
    if (event instanceof SimEvent.AnomalyDetected a) {
      return a.response() == Response.ALERT ? "medium" : a.response() == Response.THROTTLE ? "high" : "critical";
    }
    if (event instanceof SimEvent.AttachRejected r) {
      return r.reason() == RejectReason.IMEI_BLOCKLISTED || r.reason() == RejectReason.IMEI_MISMATCH ? "high" : "low";
    }
    if (event instanceof SimEvent.ImeiMismatch || event instanceof SimEvent.Suspended
        || event instanceof SimEvent.VulnerableFirmwareFlagged) {
      return "high";
    }
    if (event instanceof SimEvent.SmsBlocked) {
      return "low";
    }
    if (event instanceof SimEvent.VoiceCallBlocked v) {
      return v.destination().tollFraudTarget() ? "high" : "medium";
    }
    return "medium";
  }

  private static String source(SimEvent event) {
    if (event instanceof SimEvent.AnomalyDetected a) {
      return "detector:" + kebab(a.kind().name());
    }
    if (event instanceof SimEvent.Suspended s) {
      return s.by();
    }
    if (event instanceof SimEvent.FlowsBlocked f) {
      return "network:" + kebab(f.reason().name());
    }
    if (event instanceof SimEvent.AttachRejected r) {
      return "network:attach:" + kebab(r.reason().name());
    }
    if (event instanceof SimEvent.ImeiMismatch) {
      return "network:imei-lock";
    }
    if (event instanceof SimEvent.UnencryptedTrafficDetected) {
      return "network:encryption";
    }
    if (event instanceof SimEvent.SmsBlocked) {
      return "network:sms";
    }
    if (event instanceof SimEvent.VoiceCallBlocked) {
      return "network:voice";
    }
    if (event instanceof SimEvent.QuotaExhausted) {
      return "network:quota";
    }
    return "network:firmware";
  }

  private static String imei(SimEvent event) {
    if (event instanceof SimEvent.AttachRejected r && r.imei() != null) {
      return r.imei().value();
    }
    if (event instanceof SimEvent.ImeiMismatch m && m.seen() != null) {
      return m.seen().value();
    }
    return null;
  }

  private static String kebab(String name) {
    return name.toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
