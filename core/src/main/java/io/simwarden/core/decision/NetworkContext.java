package io.simwarden.core.decision;

import io.simwarden.core.detect.WindowWatch;
import io.simwarden.core.policy.FleetPolicy;
import io.simwarden.core.state.SimState;
import io.simwarden.core.traffic.UsageAccumulator;
import java.time.Instant;

/**
 * The inputs every kind of network decision shares: the SIM's state (including a usage window the request has
 * closed), the fleet-wide policy, the SIM's working memory ({@code window}, the open usage window the decision
 * counts in; {@code watch}, what the detectors remember of it) and the event time of the request.
 *
 * @param state  the SIM's state to decide against
 * @param fleet  the fleet-wide policy (stolen-device blocklist, vulnerable firmware)
 * @param window the SIM's open usage window, updated by the decision
 * @param watch  the detectors' working memory of that window, updated by the decision
 * @param at     event time of the request
 */
public record NetworkContext(SimState state, FleetPolicy fleet, UsageAccumulator window, WindowWatch watch,
    Instant at) {}
