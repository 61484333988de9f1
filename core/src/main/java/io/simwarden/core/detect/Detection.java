package io.simwarden.core.detect;

import io.simwarden.core.CborSerializable;

/**
 * A detector firing, as reported back to whoever sent the triggering request (the simulator scores
 * these; the journal holds the full {@code AnomalyDetected} event).
 *
 * @param kind     what was found
 * @param score    how far outside the baseline, ≥ 1 (the detector's threshold is 1)
 * @param response what the network did about it
 */
public record Detection(AnomalyKind kind, double score, Response response) implements CborSerializable {}
