package io.simwarden.sim.driver;

import io.simwarden.core.event.RejectReason;
import io.simwarden.sim.scenario.Scenario;
import io.simwarden.sim.score.Detected;
import io.simwarden.sim.truth.Label;
import java.util.List;
import java.util.Map;

/**
 * Everything a run produced: the scenario it ran, the ground truth, the detections, traffic series per
 * report interval, totals and how fast it went.
 *
 * @param journal        journal the entities wrote to ({@code memory} or {@code cassandra})
 * @param counts         SIMs per archetype, in {@code Archetype} order
 * @param notes          remarks of the attack planner
 * @param series         per report interval, summed over the fleet
 * @param commands       commands answered, by kind
 * @param refusals       refused commands by reason
 * @param wallMillis     wall-clock time of the drive (excluding cluster start-up)
 * @param journalDigest  digest of every SIM's final tamper-evidence chain value
 * @param retries        commands sent again because no answer came in time (journal stalls, entity restarts)
 */
public record SimulationResult(Scenario scenario, String journal, int[] counts, List<Label> labels, List<String> notes,
    List<Detected> detections, Series series, Map<SimCommand.Kind, Long> commands, Map<RejectReason, Long> refusals,
    long allowedFlows, long blockedFlows, long commandsSent, long wallMillis, String journalDigest, int cohorts,
    int parallelism, long retries) {

  /** A result without retries. */
  public SimulationResult(Scenario scenario, String journal, int[] counts, List<Label> labels, List<String> notes,
      List<Detected> detections, Series series, Map<SimCommand.Kind, Long> commands, Map<RejectReason, Long> refusals,
      long allowedFlows, long blockedFlows, long commandsSent, long wallMillis, String journalDigest, int cohorts,
      int parallelism) {
    this(scenario, journal, counts, labels, notes, detections, series, commands, refusals, allowedFlows, blockedFlows,
        commandsSent, wallMillis, journalDigest, cohorts, parallelism, 0);
  }

  /** Per report interval: traffic the devices offered (normal, attack), reports sent, flows blocked, commands refused. */
  public record Series(long[] normalBytes, long[] attackBytes, long[] reports, long[] blockedFlows, long[] refused) {}

  public int devices() {
    int n = 0;
    for (int c : counts) {
      n += c;
    }
    return n;
  }

  /** Commands answered per wall-clock second. */
  public double commandsPerSecond() {
    return wallMillis == 0 ? 0 : commandsSent * 1000.0 / wallMillis;
  }

  /** Simulated seconds per wall-clock second, over the whole fleet. */
  public double speedup() {
    return wallMillis == 0 ? 0 : scenario.duration().toMillis() * (double) cohorts / wallMillis;
  }
}
