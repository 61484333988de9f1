package io.simwarden.sim.sweep;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValueFactory;
import io.simwarden.sim.Named;
import io.simwarden.sim.attack.AttackKind;
import io.simwarden.sim.driver.SimulationResult;
import io.simwarden.sim.scenario.AttackSpec;
import io.simwarden.sim.scenario.BuiltInScenarios;
import io.simwarden.sim.scenario.Scenario;
import io.simwarden.sim.scenario.ScenarioException;
import io.simwarden.sim.scenario.ScenarioParser;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * One attack of a scenario at increasing intensity: a run per value of one of its parameters, with the same seed
 * and the same fleet, and the scenario's other attacks left out, so that every false alarm of a step is a false
 * alarm of the fleet under this one attack and every label is this attack's. Each step's scenario is the scenario
 * file with that one value changed, read by the scenario parser, so a value the format refuses is refused before
 * anything runs.
 *
 * @param base   the scenario as given (with the overrides applied), all its attacks
 * @param attack the attack swept, as the base scenario has it
 * @param param  the parameter and its range
 * @param steps  one scenario per value, weakest first
 */
public record Sweep(Scenario base, AttackSpec attack, SweepParam param, List<Step> steps) {

  public static final int MAX_STEPS = 50;
  /** Recall a step needs for the attack to count as detected there. */
  public static final double FLOOR_RECALL = 0.9;

  /** One run of the sweep: the parameter's value and the scenario with it. */
  public record Step(int index, double value, String text, Scenario scenario) {}

  /** Command-line overrides applied to every step, as {@code simulate} applies them ({@code null}: none). */
  public record Overrides(Long seed, Integer devices, Duration duration) {
    public static final Overrides NONE = new Overrides(null, null, null);

    Scenario apply(Scenario s) {
      Scenario out = devices == null ? s : s.withDevices(devices);
      out = duration == null ? out : out.withDuration(duration);
      return seed == null ? out : out.withSeed(seed);
    }
  }

  /**
   * Plans the sweep of {@code attackName} (an attack's name, or its type when the scenario has one attack of that
   * type) in {@code scenario} (a built-in name or a file) over {@code paramText} ({@code KEY=FROM..TO}) in
   * {@code stepCount} steps. Throws {@link SweepException} naming the flag at fault, or {@link ScenarioException}
   * for a scenario that does not load.
   */
  public static Sweep plan(String scenario, String attackName, String paramText, int stepCount, boolean log,
      Overrides overrides) {
    if (stepCount < 2 || stepCount > MAX_STEPS) {
      throw new SweepException("--steps", "must be 2-" + MAX_STEPS + " (the runs of the sweep, FROM and TO included), "
          + "got " + stepCount);
    }
    Scenario raw;
    try {
      raw = BuiltInScenarios.resolve(scenario);
    } catch (ScenarioException e) {
      if (e.source().equals(scenario) && e.line() == 0) {
        throw new SweepException("--scenario", "'" + scenario + "' is " + e.problem());
      }
      throw e;
    }
    int index = attackIndex(raw, attackName);
    AttackSpec attack = raw.attacks().get(index);
    Scenario base = overrides.apply(raw);
    SweepParam param = SweepParam.parse(paramText);
    List<String> keys = ScenarioParser.attackKeys(attack.kind());
    if (!keys.contains(param.topKey()) || param.topKey().equals("type") || param.topKey().equals("name")) {
      throw new SweepException("--param", "an attack of type " + attack.kind().id() + " has no parameter '"
          + param.key() + "'; give one of " + keys.stream().filter(k -> !k.equals("type") && !k.equals("name"))
          .collect(Collectors.joining(", ")) + " (a path such as targets.sims for one inside an object)");
    }
    List<Step> steps = new ArrayList<>();
    double[] values = param.values(stepCount, log);
    for (int i = 0; i < values.length; i++) {
      String text = param.format(values[i]);
      Scenario s;
      try {
        s = overrides.apply(BuiltInScenarios.resolve(scenario, only(index, attack.name(), param.key(), text)));
      } catch (ScenarioException e) {
        throw new SweepException("--param", param.key() + " = " + text + " (step " + (i + 1) + ") is refused: "
            + e.problem() + "; choose a range the attack accepts");
      }
      if (s.attacks().isEmpty()) {
        throw new SweepException(overrides.duration() != null ? "--duration" : "--param", "with " + param.key() + " = "
            + text + " the attack starts after the end of the run (" + Scenario.human(s.duration())
            + "); choose a --duration, or values, that keep it in");
      }
      steps.add(new Step(i, values[i], text, s));
    }
    return new Sweep(base, attack, param, List.copyOf(steps));
  }

  /** The scenario's attacks reduced to the one at {@code index}, with {@code key} set to {@code value}. */
  private static UnaryOperator<Config> only(int index, String name, String key, String value) {
    return config -> {
      ConfigObject attack = config.getObjectList("attacks").get(index);
      Config edited = attack.toConfig().withValue(key, ConfigValueFactory.fromAnyRef(value))
          .withValue("name", ConfigValueFactory.fromAnyRef(name));
      return config.withValue("attacks", ConfigValueFactory.fromIterable(List.of(edited.root())));
    };
  }

  private static int attackIndex(Scenario s, String wanted) {
    List<AttackSpec> attacks = s.attacks();
    for (int i = 0; i < attacks.size(); i++) {
      if (attacks.get(i).name().equals(wanted)) {
        return i;
      }
    }
    AttackKind kind = Named.byId(AttackKind.class, wanted);
    List<Integer> ofKind = new ArrayList<>();
    for (int i = 0; i < attacks.size(); i++) {
      if (attacks.get(i).kind() == kind) {
        ofKind.add(i);
      }
    }
    if (ofKind.size() == 1) {
      return ofKind.get(0);
    }
    String list = attacks.stream().map(a -> a.name() + " (" + a.kind().id() + ")").collect(Collectors.joining(", "));
    if (attacks.isEmpty()) {
      throw new SweepException("--attack", "scenario " + s.name() + " has no attack to sweep; choose a scenario with "
          + "the attack in it");
    }
    throw new SweepException("--attack", "scenario " + s.name() + (ofKind.isEmpty() ? " has no attack '" + wanted
        + "'" : " has " + ofKind.size() + " attacks of type " + wanted + "; name one") + "; its attacks: " + list);
  }

  /** Runs every step with {@code runner} (a fresh run each), telling {@code progress} before each. */
  public SweepResult run(Function<Scenario, SimulationResult> runner, java.util.function.Consumer<Step> progress) {
    List<SweepResult.Point> points = new ArrayList<>();
    for (Step step : steps) {
      progress.accept(step);
      points.add(SweepResult.Point.of(step, attack.kind(), runner.apply(step.scenario())));
    }
    return new SweepResult(this, List.copyOf(points));
  }
}
