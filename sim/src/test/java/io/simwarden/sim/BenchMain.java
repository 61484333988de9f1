package io.simwarden.sim;

import io.simwarden.persistence.journal.JournalMode;
import io.simwarden.sim.driver.Progress;
import io.simwarden.sim.driver.Simulation;
import io.simwarden.sim.driver.SimulationResult;
import io.simwarden.sim.scenario.BuiltInScenarios;
import io.simwarden.sim.scenario.Scenario;
import java.lang.management.ManagementFactory;

/** Scratch benchmark driver (not a test). */
public class BenchMain {
  public static void main(String[] args) {
    Scenario s = BuiltInScenarios.load(args[0]).withDevices(Integer.parseInt(args[1]))
        .withDuration(java.time.Duration.parse(args[2]));
    var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long cpu0 = os.getProcessCpuTime();
    SimulationResult r = Simulation.run(s, JournalMode.MEMORY.config(), "memory",
        new Simulation.Options(Integer.getInteger("par", 512), Integer.getInteger("cohort", 100_000)),
        new Simulation.Listener() {
          public void started(Progress p) {}
          public void notice(String m) {}
        });
    long cpu = os.getProcessCpuTime() - cpu0;
    System.out.printf("BENCH devices %d duration %s commands %d wall %.1f s => %.0f cmd/s; cpu %.1f s => %.1f us cpu/cmd; detections %d labels %d%n",
        r.devices(), args[2], r.commandsSent(), r.wallMillis() / 1e3, r.commandsPerSecond(), cpu / 1e9,
        cpu / 1e3 / r.commandsSent(), r.detections().size(), r.labels().size());
    System.out.println("BENCH commands " + r.commands());
  }
}
