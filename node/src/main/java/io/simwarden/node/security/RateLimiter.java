package io.simwarden.node.security;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A token bucket per API key on this node: {@code ratePerSecond} requests a second on average, bursts up
 * to {@code burstSeconds} seconds' worth. Each node limits on its own, so behind a load balancer over n
 * nodes a key gets up to n times its rate; the limit protects each node, not a global quota.
 */
public final class RateLimiter {
  private final int defaultRatePerSecond;
  private final double burstSeconds;
  private final LongSupplier nanoClock;
  private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

  public RateLimiter(int defaultRatePerSecond, double burstSeconds, LongSupplier nanoClock) {
    this.defaultRatePerSecond = defaultRatePerSecond;
    this.burstSeconds = burstSeconds;
    this.nanoClock = nanoClock;
  }

  /** 0 when the request may go ahead, else the whole seconds to wait before the next one would. */
  public long acquire(Principal principal) {
    int rate = principal.ratePerSecond() > 0 ? principal.ratePerSecond() : defaultRatePerSecond;
    double capacity = Math.max(1.0, rate * burstSeconds);
    return buckets.computeIfAbsent(principal.keyId(), id -> new Bucket(capacity, nanoClock.getAsLong()))
        .take(rate, capacity, nanoClock.getAsLong());
  }

  private static final class Bucket {
    private double tokens;
    private long refilledAt;

    Bucket(double tokens, long now) {
      this.tokens = tokens;
      this.refilledAt = now;
    }

    synchronized long take(int rate, double capacity, long now) {
      tokens = Math.min(capacity, tokens + (now - refilledAt) / 1e9 * rate);
      refilledAt = now;
      if (tokens >= 1) {
        tokens -= 1;
        return 0;
      }
      return (long) Math.ceil((1 - tokens) / rate);
    }
  }
}
