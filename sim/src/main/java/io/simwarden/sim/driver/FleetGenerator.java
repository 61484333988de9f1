package io.simwarden.sim.driver;

import io.simwarden.core.entity.SimEntity;
import io.simwarden.core.id.Imsi;
import io.simwarden.core.id.Plmn;
import io.simwarden.core.policy.ConnectivityProfile;
import io.simwarden.core.policy.DeviceFacts;
import io.simwarden.core.policy.SmsDestination;
import io.simwarden.core.traffic.Call;
import io.simwarden.core.traffic.Flow;
import io.simwarden.sim.archetype.DeviceModel;
import io.simwarden.sim.archetype.DeviceStep;
import io.simwarden.sim.archetype.FleetChanges;
import io.simwarden.sim.archetype.FleetLayout;
import io.simwarden.sim.archetype.Identities;
import io.simwarden.sim.attack.AttackPlan;
import io.simwarden.sim.attack.Compromise;
import io.simwarden.sim.clock.VirtualClock;
import io.simwarden.sim.traffic.AttachRequest;
import io.simwarden.sim.traffic.StepPlan;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Turns the fleet, the attack plan and the clock into commands, lazily: one {@link SimBatch} per SIM
 * with something to do in an interval, generated when the driver asks for it. The first interval of a
 * SIM also provisions and activates it; the last one flushes its usage window and reads its final state.
 * Single-threaded: the driver pulls batches from one stream stage.
 */
public final class FleetGenerator {

  static final String OPERATOR = "simulator";

  private final FleetLayout fleet;
  private final AttackPlan attacks;
  private final FleetChanges changes;
  private final VirtualClock clock;
  private final RunRecorder recorder;
  private final DeviceStep view;
  private final StepPlan plan = new StepPlan();
  private final Instant runStart;
  private final Instant runEnd;

  public FleetGenerator(long seed, FleetLayout fleet, AttackPlan attacks, VirtualClock clock, RunRecorder recorder) {
    this(seed, fleet, attacks, new FleetChanges(seed, clock.startMillis(), List.of()), clock, recorder);
  }

  public FleetGenerator(long seed, FleetLayout fleet, AttackPlan attacks, FleetChanges changes, VirtualClock clock,
      RunRecorder recorder) {
    this.fleet = fleet;
    this.attacks = attacks;
    this.changes = changes;
    this.clock = clock;
    this.recorder = recorder;
    this.view = new DeviceStep(seed, fleet, clock.intervalMillis());
    this.runStart = clock.start();
    this.runEnd = Instant.ofEpochMilli(clock.endMillis());
  }

  /** The batches of SIMs {@code [from, to)} in interval {@code step}, generated as they are pulled. */
  public Iterator<SimBatch> batches(int from, int to, int step) {
    return new Iterator<>() {
      private int sim = from;
      private SimBatch next = advance();

      private SimBatch advance() {
        while (sim < to) {
          SimBatch b = batch(sim++, step);
          if (b != null) {
            return b;
          }
        }
        return null;
      }

      @Override
      public boolean hasNext() {
        return next != null;
      }

      @Override
      public SimBatch next() {
        if (next == null) {
          throw new NoSuchElementException();
        }
        SimBatch b = next;
        next = advance();
        return b;
      }
    };
  }

  /** What SIM {@code sim} does in interval {@code step}, or {@code null} when nothing. */
  public SimBatch batch(int sim, int step) {
    long stepStart = clock.stepStart(step);
    DeviceStep s = view.at(sim, step, stepStart).shifted(changes.localOffset(stepStart));
    plan.begin(stepStart, clock.intervalMillis());
    Compromise c = attacks.of(sim);
    boolean silenced = c != null && c.silencesDevice(s) || changes.silences(s);
    if (!silenced) {
      fleet.model(sim).step(s, plan);
    }
    if (c != null && c.activeIn(s)) {
      c.step(s, plan);
    }
    changes.step(s, plan, silenced);
    if (!silenced && plan.needsAttach() && !plan.hasAttach() && !fleet.attached(sim)) {
      plan.attach(stepStart + Math.min(s.phase() % StepPlan.ATTACH_WITHIN_MILLIS, clock.intervalMillis() / 2),
          s.attachRequest());
    }
    boolean first = step == 0;
    boolean last = step == clock.steps() - 1;
    int actions = plan.seal();
    ConnectivityProfile profile = changes.newProfile(fleet.archetype(sim), stepStart, s.stepEnd());
    if (actions == 0 && !first && !last && profile == null) {
      return null;
    }
    recorder.offered(step, plan.normalBytes(), plan.attackBytes(), plan.hasTraffic());
    List<SimCommand> out = new ArrayList<>(actions + (first ? 2 : 0) + (last ? 2 : 0));
    if (first) {
      provision(sim, out);
    }
    if (profile != null) {
      // at the start of the interval, before the SIM's commands of the interval (and its first attach there)
      Instant at = Instant.ofEpochMilli(stepStart);
      out.add(new SimCommand.Operator(SimCommand.Kind.SET_PROFILE, r -> new SimEntity.SetProfile(profile, OPERATOR,
          at, r)));
    }
    for (int i = 0; i < actions; i++) {
      out.add(command(sim, s, step, i));
    }
    if (last) {
      out.add(new SimCommand.Network(SimCommand.Kind.FLUSH, runEnd.toEpochMilli(),
          r -> new SimEntity.FlushUsage(runEnd, r)));
      out.add(SimCommand.State.INSTANCE);
    }
    return new SimBatch(sim, Identities.imsi(sim), step, out.toArray(new SimCommand[0]));
  }

  private SimCommand command(int sim, DeviceStep s, int step, int i) {
    long atMillis = plan.at(i);
    Instant at = Instant.ofEpochMilli(atMillis);
    switch (plan.action(i)) {
      case ATTACH -> {
        AttachRequest a = plan.request(i);
        fleet.setAttached(sim, true);
        Plmn plmn = changes.network(sim, a.plmn(), atMillis, fleet);
        return new SimCommand.Network(SimCommand.Kind.ATTACH, atMillis,
            r -> new SimEntity.Attach(a.imei(), a.rat(), plmn, a.apn(), at, r));
      }
      case DETACH -> {
        fleet.setDetached(sim);
        return new SimCommand.Network(SimCommand.Kind.DETACH, atMillis, r -> new SimEntity.Detach(at, r));
      }
      case SMS_MO -> {
        SmsDestination to = plan.smsTo(i);
        return new SimCommand.Network(SimCommand.Kind.SMS_MO, atMillis, r -> new SimEntity.SmsMo(at, to, r));
      }
      case SMS_MT -> {
        return new SimCommand.Network(SimCommand.Kind.SMS_MT, atMillis, r -> new SimEntity.SmsMt(at, r));
      }
      case CALL -> {
        Call call = plan.call(i);
        return new SimCommand.Network(SimCommand.Kind.CALL, atMillis, r -> new SimEntity.VoiceCall(call, at, r));
      }
      default -> {
        return new SimCommand.Report(step, atMillis, plan.flows.build(s.rng()));
      }
    }
  }

  private void provision(int sim, List<SimCommand> out) {
    DeviceModel m = fleet.model(sim);
    Imsi imsi = Imsi.of(Identities.imsi(sim));
    DeviceFacts device = new DeviceFacts(m.formFactor(), fleet.firmware(sim));
    out.add(new SimCommand.Operator(SimCommand.Kind.PROVISION, r -> new SimEntity.Provision(imsi,
        Identities.iccid(sim), m.organisation(), m.profile(), m.imeiLock(), List.of(), device, OPERATOR, runStart, r)));
    out.add(new SimCommand.Operator(SimCommand.Kind.ACTIVATE, r -> new SimEntity.Activate(OPERATOR, runStart, r)));
  }
}
