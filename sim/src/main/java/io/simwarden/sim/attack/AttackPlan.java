package io.simwarden.sim.attack;

import io.simwarden.core.id.Imei;
import io.simwarden.core.policy.FormFactor;
import io.simwarden.core.policy.Rat;
import io.simwarden.core.policy.Service;
import io.simwarden.sim.archetype.Archetype;
import io.simwarden.sim.archetype.FleetLayout;
import io.simwarden.sim.archetype.Networks;
import io.simwarden.sim.random.Rng;
import io.simwarden.sim.scenario.AttackSpec;
import io.simwarden.sim.scenario.Scenario;
import io.simwarden.sim.traffic.AttachRequest;
import io.simwarden.sim.truth.Label;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.IntPredicate;

/**
 * Who is attacked, when and how: decided once, before the run, from the scenario and the seed. Each
 * attack draws its victims from the SIMs no earlier attack took, so every compromised SIM has exactly
 * one label. The plan is the ground truth.
 */
public final class AttackPlan {

  private static final long ATTACK = 21;
  private static final long VULNERABLE = 22;
  private static final long MINUTE = 60_000L;
  /** Smartphone TACs a thief's phone may have (illustrative). */
  private static final String[] PHONE_TACS = {"35391110", "35328115", "86891203", "35674108"};

  private final Compromise[] bySim;
  private final List<Label> labels;
  private final List<String> notes;

  private AttackPlan(Compromise[] bySim, List<Label> labels, List<String> notes) {
    this.bySim = bySim;
    this.labels = labels;
    this.notes = notes;
  }

  /** The compromise of SIM {@code sim}, or {@code null} when it is never attacked. */
  public Compromise of(int sim) {
    return bySim[sim];
  }

  /** Ground truth, ordered by SIM and start. */
  /** Every compromised SIM's attack state, by SIM, for a run's checkpoint. */
  public java.util.Map<Integer, long[]> saveState() {
    java.util.Map<Integer, long[]> state = new java.util.TreeMap<>();
    for (int sim = 0; sim < bySim.length; sim++) {
      if (bySim[sim] != null) {
        long[] s = bySim[sim].saveState();
        if (s.length > 0) {
          state.put(sim, s);
        }
      }
    }
    return state;
  }

  /** Restores what {@link #saveState} returned. */
  public void restoreState(java.util.Map<Integer, long[]> state) {
    state.forEach((sim, s) -> bySim[sim].restoreState(s));
  }

  public List<Label> labels() {
    return labels;
  }

  /** Remarks about the plan, e.g. an attack that found fewer eligible SIMs than it asked for. */
  public List<String> notes() {
    return notes;
  }

  public static AttackPlan plan(Scenario scenario, FleetLayout fleet) {
    Compromise[] bySim = new Compromise[fleet.size()];
    List<String> notes = new ArrayList<>();
    long runStart = scenario.start().toEpochMilli();
    long runEnd = runStart + scenario.duration().toMillis();
    List<AttackSpec> attacks = scenario.attacks();
    for (int i = 0; i < attacks.size(); i++) {
      AttackSpec spec = attacks.get(i);
      Rng rng = Rng.of(scenario.seed(), ATTACK, i);
      long start = runStart + spec.start().toMillis();
      long end = runStart + spec.end(scenario.duration()).toMillis();
      if (spec instanceof AttackSpec.Mirai m) {
        mirai(m, scenario.seed(), i, fleet, bySim, rng, runStart, start, end, notes);
      } else if (spec instanceof AttackSpec.SimTheft t) {
        for (int sim : victims(t, fleet, bySim, rng, notes)) {
          put(bySim, sim, stolen(t, sim, jittered(start, end, rng), end, fleet, rng));
        }
      } else if (spec instanceof AttackSpec.Exfiltration x) {
        for (int sim : victims(x, fleet, bySim, rng, notes)) {
          int destination = x.destination() != null ? x.destination() : Ipv4Space.randomPublic(rng);
          put(bySim, sim, new Exfiltrator(sim, x.name(), jittered(start, end, rng), end, destination, x.port(),
              x.encrypted(), x.bytesPerHour(), x.relativeVolume(), x.toUsual(), x.pace()));
        }
      } else if (spec instanceof AttackSpec.SignallingStorm st) {
        long restored = start + st.outage().toMillis();
        if (restored >= runEnd) {
          notes.add(st.name() + ": service only returns at the end of the run, so there is no storm to see");
          continue;
        }
        for (int sim : victims(st, fleet, bySim, rng, notes)) {
          put(bySim, sim, new StormingDevice(sim, st.name(), start, restored, end, st.retryInterval().toMillis(),
              scenario.seed()));
        }
      } else if (spec instanceof AttackSpec.SmsFraud f) {
        for (int sim : victims(f, fleet, bySim, rng, notes)) {
          put(bySim, sim, new SmsPumper(sim, f.name(), jittered(start, end, rng), end, f.smsPerHour(),
              f.destinations(), f.pace()));
        }
      } else if (spec instanceof AttackSpec.VoiceFraud v) {
        for (int sim : victims(v, fleet, bySim, rng, notes)) {
          put(bySim, sim, new VoicePumper(sim, v.name(), jittered(start, end, rng), end, v.callsPerHour(),
              v.callDuration().toSeconds(), v.destinations(), v.pace()));
        }
      }
    }
    List<Label> labels = new ArrayList<>();
    for (Compromise c : bySim) {
      if (c != null) {
        labels.addAll(c.labels());
      }
    }
    labels.sort(Comparator.comparingInt(Label::sim).thenComparingLong(Label::start));
    return new AttackPlan(bySim, List.copyOf(labels), List.copyOf(notes));
  }

  /**
   * Mirai: the initial bots are infected at the start (within 10 minutes); every other vulnerable SIM is
   * infected in a given hour with probability {@code spread-per-hour}, i.e. after a geometric number of
   * hours, at a uniform time within that hour.
   */
  private static void mirai(AttackSpec.Mirai m, long seed, int index, FleetLayout fleet, Compromise[] bySim, Rng rng,
      long runStart, long start, long end, List<String> notes) {
    MiraiCampaign campaign = new MiraiCampaign(m, runStart, rng);
    Set<Archetype> archetypes = m.targets().archetypes().isEmpty() ? EnumSet.allOf(Archetype.class)
        : m.targets().archetypes();
    Rng vulnerability = new Rng();
    int[] pool = eligible(fleet, bySim, sim -> {
      if (!archetypes.contains(fleet.archetype(sim))) {
        return false;
      }
      return m.vulnerableShare() < 0 ? fleet.telnetVulnerable(sim)
          : vulnerability.reset(seed, sim, index, VULNERABLE).chance(m.vulnerableShare());
    });
    if (pool.length == 0) {
      notes.add(m.name() + ": no vulnerable device among " + archetypes + " (give vulnerable-share to make some)");
      return;
    }
    int initial = Math.min(m.initialBots(), pool.length);
    if (initial < m.initialBots()) {
      notes.add(m.name() + ": " + m.initialBots() + " initial bots asked for, only " + pool.length
          + " vulnerable devices");
    }
    shuffle(pool, rng);
    double logMiss = Math.log1p(-m.spreadPerHour());
    for (int i = 0; i < pool.length; i++) {
      int sim = pool[i];
      long at;
      if (i < initial) {
        at = start + rng.nextLong(10 * MINUTE);
      } else {
        if (m.spreadPerHour() <= 0) {
          break;
        }
        double u = 1.0 - rng.nextDouble();
        long hours = m.spreadPerHour() >= 1 ? 0 : (long) Math.floor(Math.log(u) / logMiss);
        at = start + hours * 3_600_000L + rng.nextLong(3_600_000L);
      }
      if (at < end) {
        int scanner = Ipv4Space.randomPublic(rng);
        ScanVector through = campaign.telnetOnly() ? ScanVector.TELNET
            : TelnetScan.vector(campaign.scanWeights, rng.nextDouble());
        bySim[sim] = new MiraiBot(sim, at, end, campaign, scanner, through);
      }
    }
  }

  /** The thief's phone: a smartphone model, LTE, at home or in a far-away network, with the SIM's APN. */
  private static StolenSim stolen(AttackSpec.SimTheft t, int sim, long at, long end, FleetLayout fleet, Rng rng) {
    int network = rng.chance(t.abroadShare()) ? Networks.FAR_AWAY.get(rng.nextInt(Networks.FAR_AWAY.size()))
        : Networks.HOME;
    Imei phone = Imei.fromBody(PHONE_TACS[rng.nextInt(PHONE_TACS.length)]
        + String.format("%06d", rng.nextInt(1_000_000)));
    AttachRequest request = new AttachRequest(phone, Rat.LTE, Networks.plmn(network), fleet.model(sim).apn());
    int[] sites = new int[t.destinations()];
    for (int d = 0; d < sites.length; d++) {
      sites[d] = Ipv4Space.randomPublic(rng);
    }
    return new StolenSim(sim, t.name(), at, end, request, sites, t.bytesPerHour(), t.smsPerHour());
  }

  /** {@code c} on SIM {@code sim}, after the attack already there (targets {@code same-as}). */
  private static void put(Compromise[] bySim, int sim, Compromise c) {
    bySim[sim] = bySim[sim] == null ? c : Sequence.of(bySim[sim], c);
  }

  /**
   * The SIMs an attack takes: the eligible ones its targets allow, drawn at random; or with {@code same-as} every
   * SIM the named earlier attack took that this kind of attack can hit (a SIM theft needs a removable SIM).
   */
  private static int[] victims(AttackSpec spec, FleetLayout fleet, Compromise[] bySim, Rng rng, List<String> notes) {
    if (spec.targets().sameAs() != null) {
      Set<Archetype> kinds = defaultTargets(spec);
      int[] same = java.util.stream.IntStream.range(0, bySim.length).filter(sim -> bySim[sim] != null
          && Sequence.includes(bySim[sim], spec.targets().sameAs()) && kinds.contains(fleet.archetype(sim))).toArray();
      if (same.length == 0) {
        notes.add(spec.name() + ": no SIM of " + spec.targets().sameAs() + " it can attack");
      }
      return same;
    }
    Set<Archetype> archetypes = spec.targets().archetypes().isEmpty() ? defaultTargets(spec)
        : spec.targets().archetypes();
    int[] pool = eligible(fleet, bySim, sim -> archetypes.contains(fleet.archetype(sim)));
    int n = spec.targets().count(pool.length);
    if (n == 0) {
      notes.add(spec.name() + ": no SIM targeted (no eligible SIM among " + archetypes + ")");
      return new int[0];
    }
    if (spec.targets().sims() > pool.length) {
      notes.add(spec.name() + ": " + spec.targets().sims() + " SIMs asked for, only " + pool.length
          + " eligible among " + archetypes);
    }
    for (int i = 0; i < n; i++) {
      int j = i + rng.nextInt(pool.length - i);
      int t = pool[i];
      pool[i] = pool[j];
      pool[j] = t;
    }
    int[] chosen = Arrays.copyOf(pool, n);
    Arrays.sort(chosen);
    return chosen;
  }

  private static Set<Archetype> defaultTargets(AttackSpec spec) {
    Set<Archetype> out = EnumSet.noneOf(Archetype.class);
    for (Archetype a : Archetype.values()) {
      boolean ok = switch (spec.kind()) {
        case SIM_THEFT -> a.model().formFactor() == FormFactor.REMOVABLE;
        case SMS_FRAUD -> a.model().profile().allows(Service.SMS_MO);
        case VOICE_FRAUD -> a.model().profile().allows(Service.VOICE);
        default -> true;
      };
      if (ok) {
        out.add(a);
      }
    }
    return out;
  }

  private static int[] eligible(FleetLayout fleet, Compromise[] bySim, IntPredicate test) {
    int n = 0;
    int[] out = new int[64];
    for (int sim = 0; sim < fleet.size(); sim++) {
      if (bySim[sim] == null && test.test(sim)) {
        if (n == out.length) {
          out = Arrays.copyOf(out, n * 2);
        }
        out[n++] = sim;
      }
    }
    return Arrays.copyOf(out, n);
  }

  private static void shuffle(int[] a, Rng rng) {
    for (int i = a.length - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }

  /** A per-SIM start within the first half hour of the attack (or its first quarter, if shorter). */
  private static long jittered(long start, long end, Rng rng) {
    long spread = Math.min(30 * MINUTE, Math.max(1, (end - start) / 4));
    return start + rng.nextLong(spread);
  }
}
