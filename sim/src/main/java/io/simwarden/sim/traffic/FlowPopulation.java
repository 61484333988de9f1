package io.simwarden.sim.traffic;

import io.simwarden.sim.random.Rng;

/**
 * Traffic made of many distinct flows in one report interval, of which a report can only carry a
 * sample: the probes of a telnet scan, the random destination ports of a flood.
 */
public interface FlowPopulation {

  /** How many distinct flows the interval really had. */
  long distinctFlows();

  /** The real bytes of all of them together (for traffic statistics; reports only carry the sample). */
  long totalBytes();

  /** Adds {@code k} of its flows, drawn uniformly, with their real per-flow totals. */
  void draw(int k, Rng rng, FlowTable into);
}
