package io.simwarden.sim.archetype;

import io.simwarden.core.firewall.FirewallRule;
import io.simwarden.core.firewall.RuleAction;
import io.simwarden.core.id.Cidr;
import io.simwarden.core.id.IpAddress;
import io.simwarden.core.id.Plmn;
import io.simwarden.core.id.PortRange;
import io.simwarden.core.policy.ConnectivityProfile;
import io.simwarden.core.policy.PlmnPolicy;
import io.simwarden.core.policy.Service;
import io.simwarden.core.policy.SmsDestination;
import io.simwarden.core.traffic.Direction;
import io.simwarden.core.traffic.Protocol;
import io.simwarden.sim.clock.VirtualClock;
import io.simwarden.sim.random.Rng;
import io.simwarden.sim.scenario.ChangeSpec;
import io.simwarden.sim.traffic.StepPlan;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A scenario's benign changes at work: what a firmware update, a schedule shift, a regional outage or a new
 * roaming partner makes the devices (and the operator) do. Nothing here is an attack or a label; every choice is drawn from (seed, SIM, change), so a run and
 * its resumption see the same.
 */
public final class FleetChanges {

  private static final long SALT = 41;
  private static final long FIRST_BACKOFF = 30_000L;

  private final long seed;
  private final long runStart;
  private final List<ChangeSpec> changes;
  private final Rng rng = new Rng();

  public FleetChanges(long seed, long runStart, List<ChangeSpec> changes) {
    this.seed = seed;
    this.runStart = runStart;
    this.changes = List.copyOf(changes);
  }

  /** How far the fleet's local clock is ahead of UTC at {@code t}: the schedule shifts made by then. */
  public long localOffset(long t) {
    long offset = 0;
    for (ChangeSpec c : changes) {
      if (c instanceof ChangeSpec.ScheduleShift s && t >= runStart + s.at().toMillis()) {
        offset += s.minutes() * VirtualClock.MINUTE;
      }
    }
    return offset;
  }

  /** The network an attach at {@code t} of the SIM's device lands on: a new roaming partner's instead of the old. */
  public Plmn network(int sim, Plmn plmn, long t, FleetLayout fleet) {
    for (ChangeSpec c : changes) {
      if (c instanceof ChangeSpec.RoamingPartner r && t >= runStart + r.at().toMillis() && plmn.equals(r.replaces())
          && roams(r, fleet.archetype(sim))) {
        return r.plmn();
      }
    }
    return plmn;
  }

  /**
   * The profile the operator gives the SIM in the interval {@code [from, to)}, or null when it changes nothing
   * then: a new roaming partner on its allowlist, an ALLOW rule for a declared firmware update's endpoint. The
   * profile holds every such change made by {@code to}, so that a later change keeps the earlier ones.
   */
  public ConnectivityProfile newProfile(Archetype a, long from, long to) {
    boolean changed = false;
    Set<Plmn> partners = new HashSet<>();
    List<FirewallRule> rules = new ArrayList<>();
    for (int i = 0; i < changes.size(); i++) {
      ChangeSpec c = changes.get(i);
      long at = runStart + c.at().toMillis();
      if (at >= to) {
        continue;
      }
      if (c instanceof ChangeSpec.RoamingPartner r && roams(r, a)) {
        partners.add(r.plmn());
        changed |= at >= from;
      } else if (c instanceof ChangeSpec.FirmwareUpdate f && f.declared() && f.archetypes().contains(a)) {
        rules.add(new FirewallRule("firmware-update-" + (i + 1), 10, RuleAction.ALLOW, Direction.BOTH, Protocol.TCP,
            Cidr.of(IpAddress.v4(f.destination()), 32),
            PortRange.single(f.port())));
        changed |= at >= from;
      }
    }
    if (!changed) {
      return null;
    }
    ConnectivityProfile p = a.model().profile();
    Set<Plmn> allowed = new HashSet<>(p.plmns().roamingAllowlist());
    allowed.addAll(partners);
    List<FirewallRule> firewall = new ArrayList<>(p.firewallRules());
    firewall.addAll(rules);
    return new ConnectivityProfile(p.name(), p.services(), p.rats(), new PlmnPolicy(p.plmns().any(),
        p.plmns().home(), allowed), p.apns(), p.privateNetwork(), p.dataQuota(), p.smsQuota(), p.unencrypted(),
        firewall, p.defaultAction(), p.responses(), p.voiceDestinations());
  }

  private static boolean roams(ChangeSpec.RoamingPartner r, Archetype a) {
    return (r.archetypes().isEmpty() || r.archetypes().contains(a))
        && a.model().profile().plmns().roamingAllowlist().contains(r.replaces());
  }

  /** Whether the SIM's device has no service in the interval (an outage it is in, up to its restoration). */
  public boolean silences(DeviceStep s) {
    for (int i = 0; i < changes.size(); i++) {
      if (changes.get(i) instanceof ChangeSpec.Outage o && hit(o, i, s) && s.stepStart() < restored(o)
          && s.stepEnd() > runStart + o.at().toMillis()) {
        return true;
      }
    }
    return false;
  }

  /** Adds what the changes make the SIM's device do in the interval, after its own step. */
  public void step(DeviceStep s, StepPlan plan, boolean silenced) {
    for (int i = 0; i < changes.size(); i++) {
      ChangeSpec c = changes.get(i);
      if (c instanceof ChangeSpec.Outage o && hit(o, i, s)) {
        outage(o, i, s, plan);
      } else if (c instanceof ChangeSpec.FirmwareUpdate f && !silenced) {
        firmware(f, i, s, plan);
      } else if (c instanceof ChangeSpec.SmsHabit h && !silenced) {
        smsHabit(h, i, s, plan);
      }
    }
  }

  private boolean hit(ChangeSpec.Outage o, int index, DeviceStep s) {
    return (o.archetypes().isEmpty() || o.archetypes().contains(s.fleet().archetype(s.sim())))
        && rng.reset(seed, s.sim(), index, SALT).chance(o.share());
  }

  private long restored(ChangeSpec.Outage o) {
    return runStart + o.at().plus(o.outage()).toMillis();
  }

  /** No service until restoration (the network lost the context: detached), then the re-attach attempts. */
  private void outage(ChangeSpec.Outage o, int index, DeviceStep s, StepPlan plan) {
    long restored = restored(o);
    if (s.stepStart() < restored && s.stepEnd() > runStart + o.at().toMillis()) {
      s.fleet().setDetached(s.sim());
    }
    long t = restored + rng.reset(seed, s.sim(), index, SALT + 1).nextLong(o.spread().toMillis());
    long backoff = FIRST_BACKOFF;
    for (int k = 0; k < o.attempts(); k++) {
      if (s.contains(t)) {
        plan.attach(t, s.attachRequest());
      }
      t += backoff;
      backoff *= 2;
    }
  }

  /** Once an hour, at the SIM's phase, the new endpoint's share, while the device is up. */
  private void firmware(ChangeSpec.FirmwareUpdate f, int index, DeviceStep s, StepPlan plan) {
    if (!f.archetypes().contains(s.fleet().archetype(s.sim())) || s.occurrences(VirtualClock.HOUR) == 0) {
      return;
    }
    long updated = runStart + f.at().toMillis()
        + rng.reset(seed, s.sim(), index, SALT).nextLong(Math.max(1, f.rollout().toMillis()));
    if (s.stepStart() < updated || !(plan.hasTraffic() || s.fleet().attached(s.sim()))) {
      return;
    }
    long bytes = Math.max(200, Math.round(rng.reset(seed, s.sim(), s.step(), SALT + 2).logNormal(f.bytesPerHour(), 0.3)));
    plan.normalFlow(f.destination(), Protocol.TCP, f.port(), Direction.UPLINK, bytes, Math.max(2, bytes / 1_200),
        true);
    long reply = Math.max(100, bytes / 8);
    plan.normalFlow(f.destination(), Protocol.TCP, f.port(), Direction.DOWNLINK, reply, Math.max(2, reply / 1_200),
        true);
  }

  /** The habit's SMS of the interval, from its start, on the devices it covers, while the device is attached. */
  private void smsHabit(ChangeSpec.SmsHabit h, int index, DeviceStep s, StepPlan plan) {
    Archetype a = s.fleet().archetype(s.sim());
    long from = Math.max(s.stepStart(), runStart + h.at().toMillis());
    if (from >= s.stepEnd() || !a.model().profile().allows(Service.SMS_MO)
        || !(h.archetypes().isEmpty() || h.archetypes().contains(a))
        || !rng.reset(seed, s.sim(), index, SALT + 3).chance(h.share())
        || !(plan.hasTraffic() || s.fleet().attached(s.sim()))) {
      return;
    }
    Rng draw = rng.reset(seed, s.sim(), s.step(), SALT + 4 + index);
    long window = s.stepEnd() - from;
    int n = draw.poisson(h.smsPerDay() * window / VirtualClock.DAY);
    for (int k = 0; k < n; k++) {
      long at = from + draw.nextLong(window);
      double u = draw.nextDouble();
      SmsDestination to = null;
      for (SmsDestination d : SmsDestination.values()) {
        double share = h.destinations().getOrDefault(d, 0.0);
        if (share > 0) {
          to = d;
          if (u < share) {
            break;
          }
          u -= share;
        }
      }
      plan.smsMo(at, to);
    }
  }
}
