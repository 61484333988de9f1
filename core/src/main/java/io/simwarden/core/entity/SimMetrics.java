package io.simwarden.core.entity;

import io.simwarden.core.decision.Verdict;

/**
 * What SIM entities tell monitoring. Core knows no metrics library: the node implements this with Prometheus
 * and hands it to {@link SimEntity#init} for its actor system; simulations and tests use {@link #NOOP}.
 * Every call is on an entity's hot path, so implementations must neither block nor allocate.
 */
public interface SimMetrics {
  SimMetrics NOOP = new SimMetrics() {};

  /** A SIM entity started on this node; {@link #entityStopped()} follows when it passivates or stops. */
  default void entityStarted() {}

  default void entityStopped() {}

  /** A traffic report was decided. */
  default void trafficReportProcessed() {}

  /** A network request was decided: accepted or refused (and why), with what the detectors found. */
  default void networkDecided(Verdict verdict) {}

  /** {@code events} events reached the journal {@code nanos} after the entity asked to persist them. */
  default void persisted(int events, long nanos) {}
}
