package io.simwarden.core.entity;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.simwarden.core.CborSerializable;
import io.simwarden.core.decision.OperatorDecision;
import io.simwarden.core.decision.Verdict;
import io.simwarden.core.firewall.FirewallRule;
import io.simwarden.core.id.Apn;
import io.simwarden.core.id.Iccid;
import io.simwarden.core.id.Imei;
import io.simwarden.core.id.Imsi;
import io.simwarden.core.id.Plmn;
import io.simwarden.core.policy.ConnectivityProfile;
import io.simwarden.core.policy.DeviceFacts;
import io.simwarden.core.policy.ImeiLock;
import io.simwarden.core.policy.Rat;
import io.simwarden.core.policy.SmsDestination;
import io.simwarden.core.state.SimState;
import io.simwarden.core.traffic.Call;
import io.simwarden.core.traffic.Flow;
import java.time.Instant;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * What a SIM entity understands and answers: its commands (from operators, from the network, from the simulator)
 * and its replies. {@link SimEntity} implements this interface, so each type is also reachable as
 * {@code SimEntity.Attach} and so on. Every message is {@link CborSerializable}: commands cross the cluster to the
 * node that hosts the SIM. None is journaled (the journal holds {@code SimEvent}s only).
 */
public interface SimProtocol {

  // Command ------------------------------------------------------------------------------------------

  sealed interface Command extends CborSerializable {}

  /** Commands an operator gives; each records who gave it. */
  sealed interface OperatorCommand extends Command {
    String by();

    Instant at();

    ActorRef<CommandResult> replyTo();
  }

  record Provision(Imsi imsi, Iccid iccid, String organisation, ConnectivityProfile profile,
      ImeiLock imeiLock, List<FirewallRule> firewallRules, DeviceFacts device, String by, Instant at,
      ActorRef<CommandResult> replyTo) implements OperatorCommand {}

  record Activate(String by, Instant at, ActorRef<CommandResult> replyTo) implements OperatorCommand {}

  record Suspend(String by, String reason, Instant at, ActorRef<CommandResult> replyTo)
      implements OperatorCommand {}

  record Resume(String by, Instant at, ActorRef<CommandResult> replyTo) implements OperatorCommand {}

  record Terminate(String by, String reason, Instant at, ActorRef<CommandResult> replyTo)
      implements OperatorCommand {}

  record SetProfile(ConnectivityProfile profile, String by, Instant at, ActorRef<CommandResult> replyTo)
      implements OperatorCommand {}

  record SetImeiLock(ImeiLock imeiLock, String by, Instant at, ActorRef<CommandResult> replyTo)
      implements OperatorCommand {}

  record SetFirewall(List<FirewallRule> rules, String by, Instant at, ActorRef<CommandResult> replyTo)
      implements OperatorCommand {}

  record RequestFirmwareUpdate(String targetVersion, String by, Instant at,
      ActorRef<CommandResult> replyTo) implements OperatorCommand {}

  /** Lifts the THROTTLE and QUARANTINE responses of the anomaly detectors. */
  record ClearResponse(String by, Instant at, ActorRef<CommandResult> replyTo) implements OperatorCommand {}

  record GetState(ActorRef<SimState> replyTo) implements Command {}

  /** Commands the network sends; answered with a {@link Verdict}. */
  sealed interface NetworkCommand extends Command {
    Instant at();

    ActorRef<Verdict> replyTo();
  }

  record Attach(Imei imei, Rat rat, Plmn plmn, Apn apn, Instant at, ActorRef<Verdict> replyTo)
      implements NetworkCommand {}

  record Detach(Instant at, ActorRef<Verdict> replyTo) implements NetworkCommand {}

  /** One report interval of flow summaries. */
  record ReportTraffic(List<Flow> flows, Instant at, ActorRef<Verdict> replyTo) implements NetworkCommand {}

  /**
   * A SIM's traffic reports collected over a stretch of event time (as a gateway's usage records arrive),
   * oldest first. Each is decided exactly as a {@link ReportTraffic} of its own would be, one after the other,
   * and the events of all of them are journaled in one write; the answer holds one verdict per report, in
   * order.
   */
  record ReportTrafficBatch(List<TrafficReport> reports, ActorRef<Verdicts> replyTo) implements Command {}

  /** One report interval of a {@link ReportTrafficBatch}. */
  record TrafficReport(List<Flow> flows, Instant at) implements CborSerializable {}

  /** An SMS sent at {@code at} to a number of class {@code to} ({@code null}: domestic). */
  record SmsMo(Instant at, SmsDestination to, ActorRef<Verdict> replyTo) implements NetworkCommand {
    public SmsMo(Instant at, ActorRef<Verdict> replyTo) {
      this(at, null, replyTo);
    }
  }

  record SmsMt(Instant at, ActorRef<Verdict> replyTo) implements NetworkCommand {}

  /** A mobile-originated call attempt set up at {@code at}. */
  record VoiceCall(Call call, Instant at, ActorRef<Verdict> replyTo) implements NetworkCommand {}

  record ReportFirmware(String version, Instant at, ActorRef<Verdict> replyTo) implements NetworkCommand {}

  /** Journals the open usage window now (e.g. at the end of a simulation). */
  record FlushUsage(Instant at, ActorRef<Verdict> replyTo) implements NetworkCommand {}

  /**
   * {@code command}, made safe to send again: a caller that did not get an answer (an ask timeout while the journal
   * stalled, an entity restarted after a failed write) re-sends it with the same {@code key}, and it is decided
   * once. The entity remembers its last keyed decision: the key, the chain value before it, the events it sealed
   * and its answer. A re-sent command with that key gets the same answer without being decided again; if its events
   * never reached the journal (the write failed, the entity restarted and recovered without them) exactly those
   * events are persisted first. The working memory (usage window, detector watch) was updated by the one decision
   * and is not touched again. A caller gives each of a SIM's commands its own key and sends them one after the
   * other, so only the last one can be re-sent; a key never seen before is decided as {@code command} alone.
   * A client's {@code Idempotency-Key} comes with {@code request}, the digest of its request: then the decision is
   * journaled too ({@link KeyedDecisions}), and a request sent again, even to a recovered SIM, is answered as it
   * was (or with {@link RequestKeyReused} when the key was used for another request).
   */
  record Idempotent(String key, String request,
      @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
      @JsonSubTypes({
      @JsonSubTypes.Type(value = Attach.class, name = "Attach"),
      @JsonSubTypes.Type(value = Detach.class, name = "Detach"),
      @JsonSubTypes.Type(value = ReportTraffic.class, name = "ReportTraffic"),
      @JsonSubTypes.Type(value = SmsMo.class, name = "SmsMo"),
      @JsonSubTypes.Type(value = SmsMt.class, name = "SmsMt"),
      @JsonSubTypes.Type(value = VoiceCall.class, name = "VoiceCall"),
      @JsonSubTypes.Type(value = ReportFirmware.class, name = "ReportFirmware"),
      @JsonSubTypes.Type(value = FlushUsage.class, name = "FlushUsage"),
      @JsonSubTypes.Type(value = Provision.class, name = "Provision"),
      @JsonSubTypes.Type(value = Activate.class, name = "Activate"),
      @JsonSubTypes.Type(value = Suspend.class, name = "Suspend"),
      @JsonSubTypes.Type(value = Resume.class, name = "Resume"),
      @JsonSubTypes.Type(value = Terminate.class, name = "Terminate"),
      @JsonSubTypes.Type(value = SetProfile.class, name = "SetProfile"),
      @JsonSubTypes.Type(value = SetImeiLock.class, name = "SetImeiLock"),
      @JsonSubTypes.Type(value = SetFirewall.class, name = "SetFirewall"),
      @JsonSubTypes.Type(value = RequestFirmwareUpdate.class, name = "RequestFirmwareUpdate"),
      @JsonSubTypes.Type(value = ClearResponse.class, name = "ClearResponse"),
      @JsonSubTypes.Type(value = ReportTrafficBatch.class, name = "ReportTrafficBatch"),
      @JsonSubTypes.Type(value = CloseWindow.class, name = "CloseWindow")})
      Command command) implements Command {
    /** A driver's retry key: working memory only. */
    public Idempotent(String key, Command command) {
      this(key, null, command);
    }
  }

  /**
   * Closes the open usage window at {@code at} (journaled as {@link #FlushUsage} does: a window that ended by
   * then is journaled exactly as the next command would have closed it) and answers with the SIM's journal
   * position: a simulation's checkpoint, after which the journal holds everything the SIM has seen.
   */
  record CloseWindow(Instant at, ActorRef<WindowClosed> replyTo) implements Command {}

  /** Stop message used by sharding: journals the open window as a partial window, then stops. */
  enum Passivate implements Command {
    INSTANCE
  }

  /** To itself, while its node holds writes ({@code writesAllowed}): handle the kept commands once it may write. */
  enum ResumeWrites implements Command {
    INSTANCE
  }

  // Reply --------------------------------------------------------------------------------------------

  /**
   * Answer to an operator command: accepted with the resulting state, or refused with the reason. A refusal
   * of bad input names the rejected {@code field} (and {@code error} reads {@code "<field>: <problem>"}); a
   * refusal because of the SIM's state has no field.
   */
  record CommandResult(boolean accepted, String error, String field, SimState state)
      implements CborSerializable {
    static CommandResult ok(SimState state) {
      return new CommandResult(true, null, null, state);
    }

    static CommandResult refused(OperatorDecision decision, SimState state) {
      return new CommandResult(false, decision.refusal(), decision.field(), state);
    }
  }

  /** Answer to {@link CloseWindow}: the sequence number and chain value of the SIM's last journaled event. */
  record WindowClosed(long sequenceNr, String chain) implements CborSerializable {}

  /** Answer to a {@link ReportTrafficBatch}: one verdict per report, in the order of the reports. */
  record Verdicts(List<Verdict> verdicts) implements CborSerializable {}
}
