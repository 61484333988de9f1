package io.simwarden.loadtest.bench;

import io.simwarden.loadtest.harness.Figure;
import io.simwarden.sim.driver.SimulationResult;
import java.util.ArrayList;
import java.util.List;

/** The two figures a forked simulation reports to its parent, each carrying itself as its limit. */
final class SimulationFigures {

  private SimulationFigures() {}

  /** Wall time (s) and commands/s of {@code result}; the parent pairs them with the limit it measured. */
  static List<Figure> wallAndRate(SimulationResult result) {
    double wall = result.wallMillis() / 1000.0;
    double rate = result.commandsPerSecond();
    return new ArrayList<>(List.of(new Figure("wall", "wall", wall, "wall", wall, "s"),
        new Figure("rate", "rate", rate, "rate", rate, "commands/s")));
  }
}
