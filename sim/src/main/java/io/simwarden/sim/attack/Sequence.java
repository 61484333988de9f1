package io.simwarden.sim.attack;

import io.simwarden.sim.archetype.DeviceStep;
import io.simwarden.sim.traffic.StepPlan;
import io.simwarden.sim.truth.Label;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Several attacks on one SIM, one after the other (a scenario's {@code targets { same-as = NAME }}): a Mirai bot
 * later used to exfiltrate, a stolen SIM later used for SMS pumping. Each acts in its own time, both where they
 * overlap, and each keeps its own ground-truth label.
 */
final class Sequence extends Compromise {

  private final List<Compromise> parts;

  private Sequence(List<Compromise> parts) {
    super(parts.get(0).sim, parts.get(0).attack, parts.stream().mapToLong(c -> c.start).min().orElseThrow(),
        parts.stream().mapToLong(c -> c.end).max().orElseThrow());
    this.parts = parts;
  }

  /** {@code later} after whatever {@code earlier} is (a single attack or a sequence already). */
  static Compromise of(Compromise earlier, Compromise later) {
    List<Compromise> parts = new ArrayList<>(earlier instanceof Sequence s ? s.parts : List.of(earlier));
    parts.add(later);
    return new Sequence(List.copyOf(parts));
  }

  /** Whether the attack named {@code name} is one of these. */
  static boolean includes(Compromise c, String name) {
    return c instanceof Sequence s ? s.parts.stream().anyMatch(p -> p.attack.equals(name)) : c.attack.equals(name);
  }

  @Override
  public AttackKind kind() {
    return parts.get(0).kind();
  }

  @Override
  public List<Label> labels() {
    return parts.stream().map(Compromise::label).toList();
  }

  @Override
  public boolean activeIn(DeviceStep s) {
    return parts.stream().anyMatch(c -> c.activeIn(s));
  }

  @Override
  public boolean silencesDevice(DeviceStep s) {
    return parts.stream().anyMatch(c -> c.activeIn(s) && c.silencesDevice(s));
  }

  @Override
  public void step(DeviceStep s, StepPlan plan) {
    for (Compromise c : parts) {
      if (c.activeIn(s)) {
        c.step(s, plan);
      }
    }
  }

  /** Each part's state after its length. */
  @Override
  public long[] saveState() {
    long[] out = new long[0];
    for (Compromise c : parts) {
      long[] state = c.saveState();
      long[] more = Arrays.copyOf(out, out.length + 1 + state.length);
      more[out.length] = state.length;
      System.arraycopy(state, 0, more, out.length + 1, state.length);
      out = more;
    }
    return out;
  }

  @Override
  public void restoreState(long[] state) {
    int at = 0;
    for (Compromise c : parts) {
      int n = (int) state[at];
      c.restoreState(Arrays.copyOfRange(state, at + 1, at + 1 + n));
      at += 1 + n;
    }
  }
}
