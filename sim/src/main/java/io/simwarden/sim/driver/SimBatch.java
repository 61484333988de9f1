package io.simwarden.sim.driver;

/** The commands of one SIM in one report interval, sent in this order, each after the previous answer. */
public record SimBatch(int sim, String imsi, int step, SimCommand[] commands) {}
