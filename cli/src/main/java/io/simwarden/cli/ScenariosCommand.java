package io.simwarden.cli;

import io.simwarden.sim.attack.AttackKind;
import io.simwarden.sim.scenario.AttackSpec;
import io.simwarden.sim.scenario.BuiltInScenarios;
import io.simwarden.sim.scenario.Scenario;
import java.io.PrintWriter;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code scenarios}: the built-in scenarios, for {@code simulate --scenario NAME}. */
@Command(name = "scenarios", mixinStandardHelpOptions = true,
    description = "List the built-in scenarios of 'simwarden simulate --scenario NAME'.")
final class ScenariosCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    out.printf("%-24s %8s %9s  %-62s%n", "NAME", "SIMS", "DURATION", "ATTACKS");
    for (String name : BuiltInScenarios.names()) {
      Scenario s = BuiltInScenarios.load(name);
      Set<AttackKind> kinds = new LinkedHashSet<>();
      for (AttackSpec a : s.attacks()) {
        kinds.add(a.kind());
      }
      String attacks = kinds.isEmpty() ? "none" : kinds.stream().map(AttackKind::id).collect(Collectors.joining(", "));
      out.printf("%-24s %,8d %9s  %-62s%n", name, s.devices(), Scenario.human(s.duration()), attacks);
      out.printf("%-24s %8s %9s  %s%n", "", "", "", s.description());
    }
    out.println();
    out.println("Run one with: simwarden simulate --scenario NAME [--devices N] [--duration 24h] [--seed S] "
        + "[--journal cassandra|memory] [--out DIR]");
    out.println("Scenario files: see sim/README.md for the format.");
    out.flush();
    return 0;
  }
}
