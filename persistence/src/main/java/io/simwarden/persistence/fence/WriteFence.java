package io.simwarden.persistence.fence;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.apache.pekko.actor.AbstractExtensionId;
import org.apache.pekko.actor.ClassicActorSystemProvider;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.Extension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether this actor system may write to Cassandra now, as the journal's session ({@link FencedSession}) and each of
 * its connections ({@link FenceHandler}) ask just before a request leaves. Open unless something installs a rule: a
 * cluster node installs its own (it stood still, it sees only a minority, it was downed), so that a write that was
 * already on its way through the journal or the driver when the node froze is refused when the node runs again
 * instead of landing beside the writes of the node that took its SIMs over. One per actor system, never shared
 * between systems.
 */
public final class WriteFence implements Extension {
  private static final Logger log = LoggerFactory.getLogger(WriteFence.class);
  private static final long LOG_EVERY_NANOS = 5_000_000_000L;

  private volatile BooleanSupplier open = () -> true;
  private final AtomicLong refused = new AtomicLong();
  private volatile long lastLogged = System.nanoTime() - LOG_EVERY_NANOS;

  public static WriteFence get(ClassicActorSystemProvider system) {
    return Id.INSTANCE.get(system.classicSystem());
  }

  /** From now on writes go only while {@code rule} says so. */
  public void install(BooleanSupplier rule) {
    this.open = rule;
  }

  /** True when writes may go to Cassandra now. */
  public boolean open() {
    return open.getAsBoolean();
  }

  /** How many writes this system refused so far. */
  public long refused() {
    return refused.get();
  }

  /** Counts a refused write and says so in the log, at most every 5 s. */
  FencedWriteException refuse(String what) {
    long n = refused.incrementAndGet();
    long now = System.nanoTime();
    if (now - lastLogged >= LOG_EVERY_NANOS) {
      lastLogged = now;
      log.warn("A Cassandra write was refused ({} so far): this node holds its writes until the cluster has told it "
          + "whether its SIMs were started elsewhere; the write fails (a SIM whose event it carried restarts from what is "
          + "stored). Refused: {}", n, what);
    }
    return new FencedWriteException(what);
  }

  static final class Id extends AbstractExtensionId<WriteFence> {
    static final Id INSTANCE = new Id();

    @Override
    public WriteFence createExtension(ExtendedActorSystem system) {
      return new WriteFence();
    }
  }
}
