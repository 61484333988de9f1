package io.simwarden.sim.driver;

import io.simwarden.core.entity.SimEntity;
import io.simwarden.core.entity.SimFleet;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * Asks a SIM entity and, when no answer comes in time, asks again after a back-off ({@link RetryPolicy}) until
 * it answers or the outage limit is passed ({@link JournalOutageException}). Every retry is counted.
 *
 * <p>A command that changes the SIM travels inside {@link SimEntity.Idempotent} with a key that names it within
 * the SIM's run (its interval and position, or its usage window), so that a command the entity did get, but whose
 * answer was late or lost, is decided once: the entity answers the re-sent one from its last decision (see
 * {@code SimEntity.Idempotent}). Reads ({@code GetState}) are sent again as they are.
 */
final class RetryingAsk {

  private final ActorSystem<?> system;
  private final SimFleet fleet;
  private final RetryPolicy policy;
  private final RunRecorder recorder;

  RetryingAsk(ActorSystem<?> system, SimFleet fleet, RetryPolicy policy, RunRecorder recorder) {
    this.system = system;
    this.fleet = fleet;
    this.policy = policy;
    this.recorder = recorder;
  }

  /**
   * Sends the command {@code build} makes, keyed by {@code key} ({@code null}: a read, sent unwrapped). Without a
   * policy (a running cluster's nodes) it is sent once, unwrapped.
   */
  <R> CompletionStage<R> ask(int sim, String imsi, String key, Function<ActorRef<R>, SimEntity.Command> build) {
    if (policy == null) {
      return fleet.ask(imsi, build);
    }
    Function<ActorRef<R>, SimEntity.Command> command = key == null ? build
        : replyTo -> new SimEntity.Idempotent(key, build.apply(replyTo));
    CompletableFuture<R> answer = new CompletableFuture<>();
    attempt(sim, imsi, command, 0, System.nanoTime(), answer);
    return answer;
  }

  private <R> void attempt(int sim, String imsi, Function<ActorRef<R>, SimEntity.Command> command, int retries,
      long firstSent, CompletableFuture<R> answer) {
    fleet.<R>ask(imsi, command).whenComplete((reply, failure) -> {
      if (failure == null) {
        answer.complete(reply);
        return;
      }
      Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause()
          : failure;
      if (cause instanceof SimulationException) {
        answer.completeExceptionally(cause);
        return;
      }
      Duration failingFor = Duration.ofNanos(System.nanoTime() - firstSent);
      if (policy.outageExceeded(failingFor)) {
        answer.completeExceptionally(new JournalOutageException(imsi, failingFor, retries + 1, policy.outageLimit(),
            cause));
        return;
      }
      recorder.retried();
      int next = retries + 1;
      system.scheduler().scheduleOnce(policy.delay(sim, next),
          () -> attempt(sim, imsi, command, next, firstSent, answer), system.executionContext());
    });
  }
}
