package io.simwarden.sim.attack;

import io.simwarden.sim.Named;
import io.simwarden.core.detect.AnomalyKind;

/**
 * The attacks a scenario can inject. Each anomaly kind a detector reports points at one attack kind
 * ({@link #indicatedBy}): scoring uses that to charge a false alarm to the attack it would have claimed.
 */
public enum AttackKind implements Named {
  MIRAI("mirai", "Mirai-style botnet: telnet scanning, brute force, DDoS"),
  SIM_THEFT("sim-theft", "SIM moved into another device, usage explosion"),
  EXFILTRATION("exfiltration", "data uploaded to a new destination"),
  SIGNALLING_STORM("signalling-storm", "mass re-attach after an outage"),
  SMS_FRAUD("sms-fraud", "SMS pumping / toll fraud"),
  VOICE_FRAUD("voice-fraud", "IRSF / premium-rate call pumping");

  private final String id;
  private final String description;

  AttackKind(String id, String description) {
    this.id = id;
    this.description = description;
  }

  @Override
  public String id() {
    return id;
  }

  public String description() {
    return description;
  }

  /** The attack an alarm of {@code kind} would claim to have found. */
  public static AttackKind indicatedBy(AnomalyKind kind) {
    return switch (kind) {
      case PORT_SCAN, DDOS_SOURCE, FIREWALL_VIOLATION_BURST -> MIRAI;
      case IMEI_CHANGE, LOCATION_JUMP -> SIM_THEFT;
      case NEW_DESTINATION, VOLUME_SPIKE -> EXFILTRATION;
      case SIGNALLING_STORM -> SIGNALLING_STORM;
      case SMS_SPIKE -> SMS_FRAUD;
      case VOICE_FRAUD -> VOICE_FRAUD;
    };
  }

  @Override
  public String toString() {
    return id;
  }
}
