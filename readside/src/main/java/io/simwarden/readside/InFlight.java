package io.simwarden.readside;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;

/**
 * Runs an asynchronous step for each item of a list with at most {@code parallelism} of them in flight, the results
 * in the list's order (Pekko Streams' {@code mapAsync}): a handler's reads or writes of a group go to Cassandra
 * together without flooding the driver's connection with thousands of requests at once.
 */
final class InFlight {
  /** Requests one group keeps in flight: well under the driver's 1,024 per connection, enough to hide latency. */
  static final int PARALLELISM = 64;

  private InFlight() {}

  static <T, R> CompletionStage<List<R>> map(ActorSystem<?> system, List<T> items,
      Function<T, CompletionStage<R>> step) {
    if (items.isEmpty()) {
      return CompletableFuture.completedFuture(List.of());
    }
    return Source.from(items).mapAsync(PARALLELISM, step::apply).runWith(Sink.seq(), system);
  }
}
