package io.simwarden.sim.driver;

import io.simwarden.core.decision.Verdict;
import io.simwarden.core.detect.Detection;
import io.simwarden.core.entity.SimProtocol.CommandResult;
import io.simwarden.core.event.RejectReason;
import io.simwarden.core.state.SimState;
import io.simwarden.sim.archetype.FleetLayout;
import io.simwarden.sim.archetype.Identities;
import io.simwarden.sim.score.Detected;
import io.simwarden.core.detect.AnomalyKind;
import io.simwarden.core.detect.Response;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * What happened during a run, gathered from two sides: the generator (one thread) records the traffic
 * it offered per interval; the replies (many threads) record verdicts, refusals, blocked flows and
 * detections, and feed the SIM's attach state back to the generator. Everything here is a sum or a set,
 * so the result does not depend on the order replies arrive in.
 */
public final class RunRecorder {

  private static final RejectReason[] REASONS = RejectReason.values();
  private static final SimCommand.Kind[] KINDS = SimCommand.Kind.values();

  private final FleetLayout fleet;
  private final int steps;
  final long[] normalBytes;
  final long[] attackBytes;
  final long[] reports;
  private final AtomicLongArray blockedFlows;
  private final AtomicLongArray refused;
  private final LongAdder[] commands = new LongAdder[KINDS.length];
  private final LongAdder[] refusals = new LongAdder[REASONS.length];
  private final LongAdder allowedFlowsTotal = new LongAdder();
  private final LongAdder blockedFlowsTotal = new LongAdder();
  private final LongAdder sent = new LongAdder();
  private final LongAdder retries = new LongAdder();
  private final List<Detected> detections = Collections.synchronizedList(new ArrayList<>());
  private final String[] finalChains;

  public RunRecorder(FleetLayout fleet, int steps) {
    this.fleet = fleet;
    this.steps = steps;
    normalBytes = new long[steps];
    attackBytes = new long[steps];
    reports = new long[steps];
    blockedFlows = new AtomicLongArray(steps);
    refused = new AtomicLongArray(steps);
    for (int i = 0; i < KINDS.length; i++) {
      commands[i] = new LongAdder();
    }
    for (int i = 0; i < REASONS.length; i++) {
      refusals[i] = new LongAdder();
    }
    finalChains = new String[fleet.size()];
  }

  /** Generator side: the traffic one SIM offered in {@code step}. */
  void offered(int step, long normal, long attack, boolean report) {
    normalBytes[step] += normal;
    attackBytes[step] += attack;
    if (report) {
      reports[step]++;
    }
  }

  void onVerdict(int sim, int step, SimCommand.Kind kind, long at, Verdict v) {
    count(kind);
    if (kind == SimCommand.Kind.REPORT) {
      allowedFlowsTotal.add(v.allowedFlows());
      blockedFlowsTotal.add(v.blockedFlows());
      if (v.blockedFlows() > 0) {
        blockedFlows.addAndGet(step, v.blockedFlows());
      }
    }
    if (!v.accepted()) {
      refused.incrementAndGet(step);
      if (v.reason() != null) {
        refusals[v.reason().ordinal()].increment();
      }
    }
    feedBack(sim, kind, v);
    for (Detection d : v.detections()) {
      detections.add(new Detected(sim, d.kind(), at, d.score(), d.response()));
    }
  }

  /**
   * The device learns what the network did: an accepted attach gives it a bearer (with or without data),
   * a refused one or a refusal that means "no bearer" leaves it detached, so it attaches again next time.
   */
  private void feedBack(int sim, SimCommand.Kind kind, Verdict v) {
    if (kind == SimCommand.Kind.ATTACH) {
      if (v.accepted()) {
        fleet.setAttached(sim, v.dataAllowed());
      } else {
        fleet.setDetached(sim);
      }
    } else if (!v.accepted() && v.reason() != null && (kind == SimCommand.Kind.REPORT
        || kind == SimCommand.Kind.SMS_MO || kind == SimCommand.Kind.SMS_MT || kind == SimCommand.Kind.CALL)) {
      switch (v.reason()) {
        case SIM_NOT_PROVISIONED, NOT_ACTIVATED, SUSPENDED, TERMINATED, NOT_ATTACHED, DATA_REFUSED ->
            fleet.setDetached(sim);
        default -> { }
      }
    }
  }

  void onOperator(String imsi, SimCommand.Operator c, CommandResult r) {
    count(c.kind());
    if (!r.accepted()) {
      throw new SimulationException("SIM " + imsi + " refused " + c.kind().name().toLowerCase(java.util.Locale.ROOT) + ": " + r.error()
          + (c.kind() == SimCommand.Kind.PROVISION ? " — the journal already holds a fleet with these IMSIs; run "
          + "against an empty journal (a fresh Cassandra keyspace, or --journal memory)" : ""));
    }
  }

  void onState(int sim, SimState s) {
    count(SimCommand.Kind.STATE);
    finalChains[sim] = s.chain();
  }

  void sent(int n) {
    sent.add(n);
  }

  /** A command sent again after it got no answer in time. */
  void retried() {
    retries.increment();
  }

  /** Commands sent again because they got no answer in time (journal stalls, entity restarts). */
  public long retries() {
    return retries.sum();
  }

  private void count(SimCommand.Kind kind) {
    commands[kind.ordinal()].increment();
  }

  // ---- results --------------------------------------------------------------------------------------

  public int steps() {
    return steps;
  }

  public long commandsSent() {
    return sent.sum();
  }

  public long commands(SimCommand.Kind kind) {
    return commands[kind.ordinal()].sum();
  }

  public long refusals(RejectReason reason) {
    return refusals[reason.ordinal()].sum();
  }

  public long allowedFlows() {
    return allowedFlowsTotal.sum();
  }

  public long blockedFlows() {
    return blockedFlowsTotal.sum();
  }

  public long blockedFlows(int step) {
    return blockedFlows.get(step);
  }

  public long refused(int step) {
    return refused.get(step);
  }

  public long detectionCount() {
    return detections.size();
  }

  /** All detections, in a fixed order (SIM, time, kind). */
  public List<Detected> detections() {
    List<Detected> copy;
    synchronized (detections) {
      copy = new ArrayList<>(detections);
    }
    Collections.sort(copy);
    return copy;
  }

  /**
   * SHA-256 over every SIM's IMSI and final tamper-evidence chain value, in SIM order. The chain value
   * of a SIM is a hash over all its journaled events, so equal digests mean equal journals.
   */
  public String journalDigest() {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (int sim = 0; sim < finalChains.length; sim++) {
        sha.update(Identities.imsi(sim).getBytes(StandardCharsets.US_ASCII));
        sha.update((byte) 0);
        sha.update(String.valueOf(finalChains[sim]).getBytes(StandardCharsets.US_ASCII));
        sha.update((byte) '\n');
      }
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }

  /** The final chain value of SIM {@code sim} ({@code null} if it was never read). */
  public String finalChain(int sim) {
    return finalChains[sim];
  }

  // ---- checkpoint ------------------------------------------------------------------------------------

  /** Writes everything recorded so far (at a phase boundary: no reply is in flight). */
  void writeTo(DataOutputStream out) throws IOException {
    writeLongs(out, normalBytes);
    writeLongs(out, attackBytes);
    writeLongs(out, reports);
    for (int i = 0; i < steps; i++) {
      out.writeLong(blockedFlows.get(i));
      out.writeLong(refused.get(i));
    }
    for (LongAdder a : commands) {
      out.writeLong(a.sum());
    }
    for (LongAdder a : refusals) {
      out.writeLong(a.sum());
    }
    out.writeLong(allowedFlowsTotal.sum());
    out.writeLong(blockedFlowsTotal.sum());
    out.writeLong(sent.sum());
    out.writeLong(retries.sum());
    List<Detected> all = detections();
    out.writeInt(all.size());
    for (Detected d : all) {
      out.writeInt(d.sim());
      out.writeUTF(d.kind().name());
      out.writeLong(d.at());
      out.writeDouble(d.score());
      out.writeUTF(d.response().name());
    }
    int chains = 0;
    for (String c : finalChains) {
      chains += c == null ? 0 : 1;
    }
    out.writeInt(chains);
    for (int sim = 0; sim < finalChains.length; sim++) {
      if (finalChains[sim] != null) {
        out.writeInt(sim);
        out.writeUTF(finalChains[sim]);
      }
    }
  }

  /** Restores what {@link #writeTo} wrote, into a fresh recorder of the same fleet and clock. */
  void readFrom(DataInputStream in) throws IOException {
    readLongs(in, normalBytes);
    readLongs(in, attackBytes);
    readLongs(in, reports);
    for (int i = 0; i < steps; i++) {
      blockedFlows.set(i, in.readLong());
      refused.set(i, in.readLong());
    }
    for (LongAdder a : commands) {
      a.add(in.readLong());
    }
    for (LongAdder a : refusals) {
      a.add(in.readLong());
    }
    allowedFlowsTotal.add(in.readLong());
    blockedFlowsTotal.add(in.readLong());
    sent.add(in.readLong());
    retries.add(in.readLong());
    int n = in.readInt();
    for (int i = 0; i < n; i++) {
      detections.add(new Detected(in.readInt(), AnomalyKind.valueOf(in.readUTF()), in.readLong(), in.readDouble(),
          Response.valueOf(in.readUTF())));
    }
    int chains = in.readInt();
    for (int i = 0; i < chains; i++) {
      int sim = in.readInt();
      finalChains[sim] = in.readUTF();
    }
  }

  private static void writeLongs(DataOutputStream out, long[] values) throws IOException {
    for (long v : values) {
      out.writeLong(v);
    }
  }

  private static void readLongs(DataInputStream in, long[] values) throws IOException {
    for (int i = 0; i < values.length; i++) {
      values[i] = in.readLong();
    }
  }

  public long[] normalBytes() {
    return normalBytes.clone();
  }

  public long[] attackBytes() {
    return attackBytes.clone();
  }

  public long[] reports() {
    return reports.clone();
  }
}
