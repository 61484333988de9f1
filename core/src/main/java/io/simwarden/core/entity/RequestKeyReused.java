package io.simwarden.core.entity;

import io.simwarden.core.CborSerializable;

/**
 * Answer to a client's request sent under an {@code Idempotency-Key} that the SIM remembers for another request
 * ({@link io.simwarden.core.state.RequestKeys.Lookup#REUSED}): nothing was decided. Sent in place of the command's
 * own answer.
 */
public record RequestKeyReused(String key) implements CborSerializable {}
