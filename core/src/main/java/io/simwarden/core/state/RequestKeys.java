package io.simwarden.core.state;

import io.simwarden.core.CborSerializable;
import io.simwarden.core.ValidationException;
import io.simwarden.core.decision.Verdict;
import io.simwarden.core.event.SimEvent.RequestKeyRecorded;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A SIM's memory of the clients' requests it decided under an {@code Idempotency-Key}, folded from its
 * {@link RequestKeyRecorded} events: the most recent {@link Bounds#keys} of them, none older than {@link
 * Bounds#window} before the newest, oldest first. Part of {@link SimState} (and so of its snapshots); a SIM that
 * never got a keyed request has none ({@code null}).
 *
 * <p>A request sent again under a remembered key is answered from here ({@link Lookup#REPEAT}) when it is the
 * same request, and refused ({@link Lookup#REUSED}) when the key was used for another one.
 *
 * @param entries the remembered requests, oldest first
 */
public record RequestKeys(List<Entry> entries) implements CborSerializable {

  /**
   * One remembered request and its answer: {@code verdict} for a network command; for an operator command
   * {@code refusal} and {@code field} when it was refused, neither when it was accepted.
   *
   * @param key     the client's key
   * @param request a digest of the request (command, body, caller) the key was first used with
   * @param at      event time of the request
   */
  public record Entry(String key, String request, Instant at, Verdict verdict, String refusal, String field)
      implements CborSerializable {}

  /**
   * How much a SIM remembers ({@code simwarden.sim.request-keys}).
   *
   * @param keys   the most recent keyed requests kept
   * @param window how far in event time before the newest keyed request a request is still remembered
   */
  public record Bounds(int keys, Duration window) {
    /** What core's reference.conf sets. */
    public static final Bounds DEFAULT = new Bounds(32, Duration.ofHours(24));

    public Bounds {
      if (keys < 1 || keys > 1024) {
        throw new ValidationException("simwarden.sim.request-keys.keys", "must be 1-1024, got " + keys);
      }
      if (window.isNegative() || window.isZero()) {
        throw new ValidationException("simwarden.sim.request-keys.window", "must be positive, got " + window);
      }
    }
  }

  /** What a SIM knows of a key. */
  public enum Lookup {
    /** Not remembered: the request is to be decided. */
    NEW,
    /** The same request was decided under this key: answer as then. */
    REPEAT,
    /** The key was used for another request: refuse it. */
    REUSED
  }

  public RequestKeys {
    entries = List.copyOf(entries);
  }

  /** The remembered entry of {@code key}, or {@code null}. */
  public static Entry find(RequestKeys keys, String key) {
    if (keys != null) {
      for (Entry e : keys.entries) {
        if (e.key().equals(key)) {
          return e;
        }
      }
    }
    return null;
  }

  /** What a SIM remembering {@code keys} (maybe {@code null}) knows of {@code request} sent under {@code key}. */
  public static Lookup lookup(RequestKeys keys, String key, String request) {
    Entry e = find(keys, key);
    return e == null ? Lookup.NEW : e.request().equals(request) ? Lookup.REPEAT : Lookup.REUSED;
  }

  /** {@code keys} (maybe {@code null}) after {@code recorded}, within {@code bounds}: the oldest go first. */
  public static RequestKeys remember(RequestKeys keys, RequestKeyRecorded recorded, Bounds bounds) {
    List<Entry> kept = new ArrayList<>(keys == null ? List.of() : keys.entries);
    kept.removeIf(e -> e.key().equals(recorded.key()));
    kept.add(new Entry(recorded.key(), recorded.request(), recorded.at(), recorded.verdict(), recorded.refusal(),
        recorded.field()));
    Instant newest = recorded.at();
    for (Entry e : kept) {
      newest = e.at().isAfter(newest) ? e.at() : newest;
    }
    Instant oldestKept = newest.minus(bounds.window());
    kept.removeIf(e -> e.at().isBefore(oldestKept));
    while (kept.size() > bounds.keys()) {
      kept.remove(0);
    }
    return new RequestKeys(kept);
  }
}
