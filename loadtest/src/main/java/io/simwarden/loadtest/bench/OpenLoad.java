package io.simwarden.loadtest.bench;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongFunction;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * An open-model load generator: request {@code i} is due at {@code start + i / rate}, whether or not earlier ones
 * have been answered, and its latency is measured from that intended start. A server that stalls therefore shows
 * the stall in every request that should have been sent meanwhile (no coordinated omission).
 */
final class OpenLoad {

  /** Longest wait for answers after the last request is due; what is still open then counts as failed. */
  private static final long DRAIN_NANOS = TimeUnit.SECONDS.toNanos(10);

  /** What one step at a fixed rate gave. */
  record Result(double offeredRate, long sent, long ok, long failed, Histogram latencyMicros) {
    /** Sustained: every request answered successfully and the 99th percentile under a second. */
    boolean sustained() {
      return failed == 0 && ok == sent && latencyMicros.getValueAtPercentile(99) < 1_000_000;
    }

    double percentileMillis(double p) {
      return latencyMicros.getValueAtPercentile(p) / 1000.0;
    }
  }

  private OpenLoad() {}

  static Result run(HttpClient client, double rate, double seconds, LongFunction<HttpRequest> request)
      throws InterruptedException {
    Recorder recorder = new Recorder(3);
    AtomicLong ok = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    AtomicLong open = new AtomicLong();
    long count = Math.max(1, Math.round(rate * seconds));
    double interval = 1e9 / rate;
    long start = System.nanoTime();
    for (long i = 0; i < count; i++) {
      long due = start + Math.round(i * interval);
      for (long now = System.nanoTime(); now < due; now = System.nanoTime()) {
        LockSupport.parkNanos(due - now);
      }
      open.incrementAndGet();
      client.sendAsync(request.apply(i), HttpResponse.BodyHandlers.discarding()).whenComplete((response, e) -> {
        long micros = (System.nanoTime() - due) / 1000;
        if (e == null && response.statusCode() / 100 == 2) {
          recorder.recordValue(Math.max(1, micros));
          ok.incrementAndGet();
        } else {
          failed.incrementAndGet();
        }
        open.decrementAndGet();
      });
    }
    long drainUntil = System.nanoTime() + DRAIN_NANOS;
    while (open.get() > 0 && System.nanoTime() < drainUntil) {
      Thread.sleep(5);
    }
    return new Result(rate, count, ok.get(), failed.get() + open.get(), recorder.getIntervalHistogram());
  }
}
