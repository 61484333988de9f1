package io.simwarden.core.decision;

import io.simwarden.core.detect.AnomalyKind;
import io.simwarden.core.detect.Detectors;
import io.simwarden.core.detect.WindowWatch;
import io.simwarden.core.firewall.Firewall;
import io.simwarden.core.id.Apn;
import io.simwarden.core.id.Imei;
import io.simwarden.core.id.Plmn;
import io.simwarden.core.policy.Rat;
import io.simwarden.core.policy.Service;
import io.simwarden.core.policy.SmsDestination;
import io.simwarden.core.traffic.Call;
import io.simwarden.core.traffic.Flow;
import io.simwarden.core.traffic.UsageAccumulator;
import java.util.List;
import java.util.Locale;

/**
 * Decides what the network does with a SIM's attach, traffic, SMS, voice calls and device reports: "why
 * was this attach rejected" is answered behind this front ({@link AttachDecider}) and nowhere else.
 *
 * <p>Deterministic: a decision depends only on the SIM's state, the fleet policy, the open usage
 * window and the request, never on the wall clock. The usage window ({@link UsageAccumulator}) is the
 * one piece of working memory it updates: compliant usage is counted there and journaled once per
 * window instead of per report. Callers close a due window first ({@link UsageWindows}).
 *
 * <p>After deciding, it runs the anomaly {@link Detectors} against the SIM's learned baseline, with the
 * detectors' own working memory ({@link WindowWatch}), and applies the profile's response to what they
 * found: each finding is journaled as {@code AnomalyDetected}; SUSPEND suspends the SIM; THROTTLE and
 * QUARANTINE are folded into the state and shape later traffic.
 *
 * <p>This class is the front of one decider per kind of request ({@link AttachDecider}, {@link TrafficDecider},
 * {@link SmsDecider}, {@link VoiceDecider}, {@link FirmwareDecider}); each takes the shared inputs as one
 * {@link NetworkContext}.
 */
public final class NetworkDecider {

  /** Operator identity recorded when the network itself suspends a SIM. */
  public static final String IMEI_LOCK_ACTOR = "network:imei-lock";

  /** Prefix of the operator identity recorded when a detector's SUSPEND response suspends a SIM. */
  public static final String DETECTOR_ACTOR_PREFIX = "network:detector:";

  private final AttachDecider attaches;
  private final TrafficDecider traffic;
  private final SmsDecider sms;
  private final VoiceDecider voice;

  /**
   * @param maxBlockedEndpoints how many distinct endpoints a {@code FlowsBlocked} event names
   * @param detectors           the anomaly detectors
   */
  public NetworkDecider(int maxBlockedEndpoints, Detectors detectors) {
    this.attaches = new AttachDecider(detectors);
    this.traffic = new TrafficDecider(maxBlockedEndpoints, detectors);
    this.sms = new SmsDecider(detectors);
    this.voice = new VoiceDecider(detectors);
  }

  /** The operator identity of a suspension by the detector of {@code kind}: {@code network:detector:port_scan}. */
  public static String detectorActor(AnomalyKind kind) {
    return DETECTOR_ACTOR_PREFIX + kind.name().toLowerCase(Locale.ROOT);
  }

  // ---- attach -------------------------------------------------------------------------------------

  /** An attach with device {@code imei} over {@code rat} on network {@code plmn} for {@code apn}. */
  public NetworkDecision attach(NetworkContext c, Imei imei, Rat rat, Plmn plmn, Apn apn) {
    return attaches.attach(c, imei, rat, plmn, apn);
  }

  /** A detach: counted in the usage window. */
  public NetworkDecision detach(NetworkContext c) {
    return attaches.detach(c);
  }

  // ---- traffic ------------------------------------------------------------------------------------

  /** One report interval of flow summaries (see {@link TrafficDecider#traffic}). */
  public NetworkDecision traffic(NetworkContext c, Firewall firewall, List<Flow> flows) {
    return traffic.traffic(c, firewall, flows);
  }

  // ---- SMS ----------------------------------------------------------------------------------------

  /** An SMS sent ({@code SMS_MO}) or received ({@code SMS_MT}) by the SIM. */
  public NetworkDecision sms(NetworkContext c, Service direction) {
    return sms.sms(c, direction, null);
  }

  /**
   * An SMS sent ({@code SMS_MO}) to a number of class {@code to} ({@code null}: domestic), or received
   * ({@code SMS_MT}, {@code to} ignored) by the SIM.
   */
  public NetworkDecision sms(NetworkContext c, Service direction, SmsDestination to) {
    return sms.sms(c, direction, to);
  }

  // ---- voice --------------------------------------------------------------------------------------

  /** A mobile-originated call attempt (see {@link VoiceDecider#voiceCall}). */
  public NetworkDecision voiceCall(NetworkContext c, Call call) {
    return voice.voiceCall(c, call);
  }

  // ---- device reports -----------------------------------------------------------------------------

  /** A firmware version the device reports running. */
  public NetworkDecision firmwareReported(NetworkContext c, String version) {
    return FirmwareDecider.firmwareReported(c, version);
  }
}
