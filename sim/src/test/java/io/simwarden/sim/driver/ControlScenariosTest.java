package io.simwarden.sim.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.simwarden.sim.report.Report;
import io.simwarden.sim.scenario.BuiltInScenarios;
import io.simwarden.sim.scenario.Scenario;
import io.simwarden.sim.score.Detected;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The built-in controls: benign changes a real fleet goes through (a firmware update that adds an endpoint to a
 * whole model, daylight-saving time, a regional outage and its re-attach wave, a new roaming partner, SIMs whose SMS
 * often go abroad from their first hour), each of which must raise no alert.
 */
class ControlScenariosTest {

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"control-firmware-update", "control-schedule-shift", "control-outage",
      "control-roaming-partner", "control-sms-abroad"})
  void aBenignChangeRaisesNoAlert(String name) {
    Scenario s = BuiltInScenarios.load(name);
    assertFalse(s.changes().isEmpty(), name + " changes the fleet");
    SimulationResult result = Runs.run(s);
    Report report = Report.of(result);
    assertEquals(0, result.labels().size(), "no attack");
    assertEquals(0, report.card().falsePositiveSimDays(), name + ": " + result.detections().stream()
        .limit(20).map(Detected::toString).collect(Collectors.joining("\n")));
  }
}
