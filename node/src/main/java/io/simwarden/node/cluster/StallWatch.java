package io.simwarden.node.cluster;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether this node may write to the journal now, as far as its own pauses go. A node that stood still (SIGSTOP, a
 * frozen VM, a long stop-the-world GC) for longer than {@code threshold} may have been downed meanwhile and its SIMs
 * started on other nodes; when it runs again, it learns that from the others within a heartbeat or two and shuts
 * down, but a command handled in between would be a second writer of a SIM. So from the moment it stands still
 * longer than {@code threshold} until {@code hold} after it runs again, SIM entities keep their commands (stashed)
 * instead of writing: a node that was downed stops before it writes, one that was not resumes the commands.
 *
 * <p>A daemon thread ticks every {@code tick}; the check reads the clock itself, so an entity that runs before the
 * ticker after a pause already sees the gap.
 */
public final class StallWatch implements BooleanSupplier {
  private static final Logger log = LoggerFactory.getLogger(StallWatch.class);

  private final long threshold;
  private final long hold;
  private final LongSupplier nanoClock;
  private volatile long lastTick;
  private volatile long heldUntil;
  private volatile boolean running = true;

  public StallWatch(Duration threshold, Duration hold, LongSupplier nanoClock) {
    if (threshold.isNegative() || threshold.isZero() || hold.isNegative()) {
      throw new IllegalArgumentException("stall threshold must be positive and hold not negative, got " + threshold
          + " and " + hold);
    }
    this.threshold = threshold.toNanos();
    this.hold = hold.toNanos();
    this.nanoClock = nanoClock;
    long now = nanoClock.getAsLong();
    this.lastTick = now;
    this.heldUntil = now;
  }

  /** Starts the ticking thread (a daemon; {@link #stop()} ends it). */
  public StallWatch start(Duration tick) {
    Thread t = new Thread(() -> {
      while (running) {
        tick();
        try {
          Thread.sleep(tick.toMillis());
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "simwarden-stall-watch");
    t.setDaemon(true);
    t.start();
    return this;
  }

  public void stop() {
    running = false;
  }

  /** One tick: a gap since the last one longer than the threshold holds writes for {@code hold} from now. */
  void tick() {
    long now = nanoClock.getAsLong();
    long gap = now - lastTick;
    if (gap > threshold) {
      heldUntil = now + hold;
      log.warn("This node stood still for {} ms (over {} ms): SIM writes are held for {} ms, until the cluster has "
          + "told it whether it was downed meanwhile", gap / 1_000_000, threshold / 1_000_000, hold / 1_000_000);
    }
    lastTick = now;
  }

  /** True when SIM entities may write: no stall now, and none ended less than {@code hold} ago. */
  @Override
  public boolean getAsBoolean() {
    long now = nanoClock.getAsLong();
    return now - lastTick <= threshold && now - heldUntil >= 0;
  }
}
