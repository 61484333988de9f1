package io.simwarden.node.security;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Verifies {@code Authorization: Bearer <keyId>.<secret>} against the keys in the journal.
 *
 * <p>Each node caches what the journal said about a key id (found or not) for {@code ttl}, so a
 * revocation reaches every node within that time and unknown ids cannot turn every request into a
 * journal read. The secret itself is checked against the stored hash on every request.
 */
public final class Authenticator {
  private static final String BEARER = "Bearer ";

  private final ApiKeyStore store;
  private final long ttlNanos;
  private final int maxEntries;
  private final LongSupplier nanoClock;
  private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();

  private record Cached(long expiresAt, CompletionStage<Optional<ApiKey.State>> key) {}

  public Authenticator(ApiKeyStore store, Duration ttl, int maxEntries, LongSupplier nanoClock) {
    this.store = store;
    this.ttlNanos = ttl.toNanos();
    this.maxEntries = maxEntries;
    this.nanoClock = nanoClock;
  }

  /** The caller, or empty when the header is missing, malformed, or names no valid, unrevoked key. */
  public CompletionStage<Optional<Principal>> authenticate(String authorization) {
    if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      return CompletableFuture.completedFuture(Optional.empty());
    }
    ApiKeySecrets.Presented presented = ApiKeySecrets.parse(authorization.substring(BEARER.length()).trim());
    if (presented == null) {
      return CompletableFuture.completedFuture(Optional.empty());
    }
    return lookup(presented.keyId()).thenApply(found -> found
        .filter(key -> !key.revoked() && ApiKeySecrets.matches(key, presented.secret()))
        .map(key -> new Principal(key.keyId(), key.role(), key.organisation(), key.ratePerSecond())));
  }

  private CompletionStage<Optional<ApiKey.State>> lookup(String keyId) {
    long now = nanoClock.getAsLong();
    Cached cached = cache.get(keyId);
    if (cached != null && cached.expiresAt() - now > 0) {
      return cached.key();
    }
    if (cache.size() >= maxEntries) {
      cache.values().removeIf(c -> c.expiresAt() - now <= 0);
      if (cache.size() >= maxEntries) {
        cache.clear();
      }
    }
    CompletionStage<Optional<ApiKey.State>> read = store.find(keyId);
    Cached fresh = new Cached(now + ttlNanos, read);
    cache.put(keyId, fresh);
    // A failed read (journal unavailable) must not be remembered as "no such key".
    read.whenComplete((key, error) -> {
      if (error != null) {
        cache.remove(keyId, fresh);
      }
    });
    return read;
  }
}
