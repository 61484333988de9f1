package io.simwarden.core;

/**
 * Marker for every message, event and snapshot that Pekko serializes: bound to Jackson CBOR in
 * {@code serialization.conf}. Java serialization is switched off, so a message without this marker
 * fails loudly in tests instead of silently falling back.
 */
public interface CborSerializable {}
