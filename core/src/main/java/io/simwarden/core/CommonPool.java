package io.simwarden.core;

import java.util.concurrent.ForkJoinPool;

/**
 * Keeps {@code CompletableFuture}'s asynchronous stages on a thread pool on small machines.
 *
 * <p>A {@code CompletableFuture} stage without an executor ({@code thenApplyAsync(fn)}, and every stage chained on
 * a future that Scala's {@code FutureConverters} turned into a {@code CompletionStage}: what Pekko's Java APIs,
 * pekko-connectors' {@code CassandraSession} and Pekko Projections hand out) runs on the common
 * {@code ForkJoinPool} only when that pool's parallelism is above 1. The JDK sizes it to the processors less one,
 * so on a machine with two cores or fewer each such stage starts a thread of its own and ends it: measured on a
 * node catching up its read side on this project's 2-core machine, some 10,000 threads in three minutes and about
 * 30 % of the node's CPU. {@link #ensure} asks for a common pool of {@value #MIN} threads there; on larger machines
 * it changes nothing, and an explicit {@code -Djava.util.concurrent.ForkJoinPool.common.parallelism} always wins.
 *
 * <p>The setting is read once, when the JVM first touches {@code ForkJoinPool} or {@code CompletableFuture}, so
 * {@link #ensure} is the first statement of every {@code main} and runs again before each actor system is created
 * (where it can only report what was decided).
 */
public final class CommonPool {
  /** The system property the JDK reads for the common pool's parallelism. */
  public static final String PARALLELISM = "java.util.concurrent.ForkJoinPool.common.parallelism";
  /** The smallest parallelism at which {@code CompletableFuture} uses the common pool. */
  public static final int MIN = 2;

  private CommonPool() {}

  /**
   * Asks for a common pool of at least {@value #MIN} threads unless the parallelism was set explicitly, and answers
   * the common pool's parallelism: 1 means that asynchronous stages each start a thread (the pool was created
   * before this call, or the property asks for it).
   */
  public static int ensure() {
    if (System.getProperty(PARALLELISM) == null && Runtime.getRuntime().availableProcessors() - 1 < MIN) {
      System.setProperty(PARALLELISM, Integer.toString(MIN));
    }
    return ForkJoinPool.getCommonPoolParallelism();
  }
}
