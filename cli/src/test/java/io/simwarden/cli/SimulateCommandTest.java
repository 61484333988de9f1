package io.simwarden.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simwarden.sim.scenario.BuiltInScenarios;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulateCommandTest {

  private static CliRun run(String... args) {
    return CliRun.of(args);
  }

  @Test
  void simulateRunsABuiltInScenarioAndWritesTheReports(@TempDir Path dir) throws IOException {
    CliRun r = run("simulate", "--scenario", "quickstart", "--devices", "300", "--duration", "12h", "--journal",
        "memory", "--out", dir.toString(), "--no-progress");
    assertEquals(0, r.exitCode(), r.err());
    assertTrue(r.out().contains("scenario quickstart (seed 42): 300 SIMs × 12h simulated"), r.out());
    assertTrue(r.out().matches("(?s).*signalling-storm\\s+\\d+\\s+\\d+.*"), r.out());
    assertTrue(r.out().contains("journal digest: "), r.out());
    assertTrue(r.err().contains("warning: --duration 12h: attack 'meter-sim-theft'"), r.err());
    String html = Files.readString(dir.resolve("report.html"));
    assertTrue(html.contains("<svg"));
    assertTrue(Files.readString(dir.resolve("report.json")).contains("\"name\": \"quickstart\""));
    assertTrue(Files.exists(dir.resolve("ground-truth.csv")));
    assertTrue(Files.exists(dir.resolve("detections.csv")));
  }

  @Test
  void aScenarioErrorNamesFileLineAndKeyAndExitsWith2(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("broken.conf");
    Files.writeString(file, "fleet { smart-meter { count = 10 } }\nattacks = [\n  { type = mirai, strat = 9h }\n]\n");
    CliRun r = run("simulate", "--scenario", file.toString(), "--journal", "memory");
    assertEquals(2, r.exitCode());
    assertTrue(r.err().contains("error: " + file + ":3: attacks[0].strat: unknown key; did you mean 'start'?"),
        r.err());
  }

  @Test
  void badFlagsAreExplainedAndExitWith2() {
    CliRun unknown = run("simulate", "--scenario", "quikstart");
    assertEquals(2, unknown.exitCode());
    assertTrue(unknown.err().contains("neither a built-in scenario"), unknown.err());
    CliRun duration = run("simulate", "--scenario", "quickstart", "--duration", "soon");
    assertEquals(2, duration.exitCode());
    assertTrue(duration.err().contains("--duration must be a duration such as 6h"), duration.err());
    CliRun devices = run("simulate", "--scenario", "quickstart", "--devices", "0");
    assertEquals(2, devices.exitCode());
    assertTrue(devices.err().contains("--devices: must be 1-"), devices.err());
    CliRun journal = run("simulate", "--scenario", "quickstart", "--journal", "mongo");
    assertEquals(2, journal.exitCode());
    assertTrue(journal.err().contains("must be cassandra or memory"), journal.err());
    CliRun missing = run("simulate");
    assertEquals(2, missing.exitCode());
    assertTrue(missing.err().contains("--scenario"), missing.err());
  }

  @Test
  void scenariosListsEveryBuiltIn() {
    CliRun r = run("scenarios");
    assertEquals(0, r.exitCode(), r.err());
    for (String name : BuiltInScenarios.names()) {
      assertTrue(r.out().contains(name), name + " in " + r.out());
    }
    assertTrue(r.out().contains("mirai, sim-theft, exfiltration, signalling-storm, sms-fraud, voice-fraud"),
        r.out());
  }
}
