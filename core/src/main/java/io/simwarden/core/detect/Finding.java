package io.simwarden.core.detect;

/**
 * A detector firing, before the profile's response is applied.
 *
 * @param kind     what was found
 * @param score    observed over threshold (≥ 1)
 * @param evidence what was seen against what was expected, for people
 */
public record Finding(AnomalyKind kind, double score, String evidence) {}
