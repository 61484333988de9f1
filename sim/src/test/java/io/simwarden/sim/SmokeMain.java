package io.simwarden.sim;

import io.simwarden.persistence.journal.JournalMode;
import io.simwarden.sim.driver.Progress;
import io.simwarden.sim.driver.Simulation;
import io.simwarden.sim.driver.SimulationResult;
import io.simwarden.sim.scenario.BuiltInScenarios;
import io.simwarden.sim.scenario.Scenario;

public class SmokeMain {
  public static void main(String[] args) {
    Scenario s = BuiltInScenarios.load(args[0]);
    if (args.length > 1) s = s.withDevices(Integer.parseInt(args[1]));
    if (args.length > 2) s = s.withDuration(java.time.Duration.parse(args[2]));
    SimulationResult r = Simulation.run(s, JournalMode.MEMORY.config(), "memory", new Simulation.Options(Integer.getInteger("par", 512), 100_000), new Simulation.Listener() {
      public void started(Progress p) {
        Thread t = new Thread(() -> { long t0 = System.nanoTime(); long last = 0; while (true) { try { Thread.sleep(1000); } catch (InterruptedException e) { return; }
          long c = p.commands(); System.out.printf("%5.1fs %5.1f%% sim %s  %d cmd/s%n", (System.nanoTime()-t0)/1e9, p.fraction()*100, io.simwarden.sim.clock.VirtualClock.formatOffset(p.simulatedOffset()), c - last); last = c; } });
        t.setDaemon(true); t.start(); }
      public void notice(String m) { System.out.println("note: " + m); }
    });
    System.out.println("devices " + r.devices() + " commands " + r.commandsSent() + " wall " + r.wallMillis() + " ms "
        + String.format("%.0f", r.commandsPerSecond()) + " cmd/s");
    System.out.println("commands " + r.commands());
    System.out.println("refusals " + r.refusals());
    System.out.println("flows allowed " + r.allowedFlows() + " blocked " + r.blockedFlows());
    System.out.println("labels " + r.labels().size() + " detections " + r.detections().size() + " digest " + r.journalDigest());
  }
}
