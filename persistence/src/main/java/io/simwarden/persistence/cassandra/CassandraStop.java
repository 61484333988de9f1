package io.simwarden.persistence.cassandra;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Stops a local node's process: SIGTERM, then SIGKILL when it does not exit in time. */
final class CassandraStop {

  private static final Logger log = LoggerFactory.getLogger(LocalCassandra.class);

  private static final Duration STOP_GRACE = Duration.ofSeconds(30);
  private static final Duration KILL_WAIT = Duration.ofSeconds(10);

  private CassandraStop() {}

  /** SIGTERM, then SIGKILL after {@link #STOP_GRACE}; true when SIGKILL was needed. */
  static boolean terminate(ProcessHandle process) {
    process.destroy();
    if (awaitExit(process, STOP_GRACE)) {
      return false;
    }
    log.warn("Cassandra pid {} still running {} after SIGTERM, sending SIGKILL", process.pid(),
        LocalCassandra.seconds(STOP_GRACE));
    process.destroyForcibly();
    if (!awaitExit(process, KILL_WAIT)) {
      throw new CassandraLaunchException("Cassandra pid " + process.pid() + " survived SIGKILL for "
          + LocalCassandra.seconds(KILL_WAIT) + "; check it with ps");
    }
    return true;
  }

  private static boolean awaitExit(ProcessHandle process, Duration timeout) {
    try {
      process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (ExecutionException e) {
      return !process.isAlive();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return !process.isAlive();
    }
  }
}
