package io.simwarden.sim.driver;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Live position of a run, for a progress bar on another thread: how many of the run's intervals are
 * done, where the simulated clock is, commands answered and detections so far.
 */
public final class Progress {

  private final long totalPhases;
  private final int cohorts;
  private final AtomicLong phasesDone = new AtomicLong();
  private volatile long simulatedOffset;
  private volatile int cohort;
  private final LongAdder commands = new LongAdder();
  private final LongAdder detections = new LongAdder();

  public Progress(int cohorts, int steps) {
    this.cohorts = cohorts;
    this.totalPhases = (long) cohorts * steps;
  }

  void phaseDone(int cohortIndex, long offsetMillis) {
    cohort = cohortIndex;
    simulatedOffset = offsetMillis;
    phasesDone.incrementAndGet();
  }

  void answered(int n, int found) {
    commands.add(n);
    if (found > 0) {
      detections.add(found);
    }
  }

  /** Share of the run done, 0–1. */
  public double fraction() {
    return totalPhases == 0 ? 1 : phasesDone.get() / (double) totalPhases;
  }

  /** Simulated time reached in the current cohort (ms since the start of the run). */
  public long simulatedOffset() {
    return simulatedOffset;
  }

  /** 0-based cohort being simulated; SIMs are simulated in cohorts when the fleet is large. */
  public int cohort() {
    return cohort;
  }

  public int cohorts() {
    return cohorts;
  }

  public long commands() {
    return commands.sum();
  }

  public long detections() {
    return detections.sum();
  }
}
