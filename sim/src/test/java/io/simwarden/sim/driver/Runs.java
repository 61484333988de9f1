package io.simwarden.sim.driver;

import io.simwarden.persistence.journal.JournalMode;
import io.simwarden.sim.scenario.Scenario;
import io.simwarden.sim.scenario.ScenarioParser;
import java.util.ArrayList;
import java.util.List;

/** Runs scenarios on a fresh embedded cluster with the in-memory journal, for tests. */
public final class Runs {

  private Runs() {}

  public static SimulationResult run(Scenario s) {
    return run(s, 100_000);
  }

  public static SimulationResult run(Scenario s, int cohortSize) {
    List<String> notes = new ArrayList<>();
    return Simulation.run(s, JournalMode.MEMORY.config(), "memory", new Simulation.Options(256, cohortSize),
        new Simulation.Listener() {
          @Override
          public void started(Progress progress) {}

          @Override
          public void notice(String message) {
            notes.add(message);
          }
        });
  }

  public static SimulationResult run(String scenarioText) {
    return run(ScenarioParser.parseText(scenarioText, "test.conf", "test"));
  }
}
