package io.simwarden.persistence.journal;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.apache.pekko.dispatch.Futures;
import org.apache.pekko.persistence.AtomicWrite;
import org.apache.pekko.persistence.PersistentRepr;
import org.apache.pekko.persistence.journal.Tagged;
import org.apache.pekko.persistence.journal.japi.AsyncWriteJournal;
import scala.concurrent.Future;

/**
 * The events of the memory journal: per persistence id, its events in sequence order and the highest sequence
 * number it ever wrote, held as the objects themselves and lost when the JVM exits.
 *
 * <p>It replaces Pekko's {@code InmemJournal}, which keeps every id's events in one immutable Scala map of
 * vectors: each write copied a path of that map (a 1 M-SIM day writes tens of millions of events) and each deletion
 * filtered a vector. Here a write appends to the id's deque and a deletion drops its head, so the cost of an
 * event does not grow with the fleet. Deleted events are gone, but the highest sequence number stays, so an id
 * whose events were all deleted after a snapshot recovers with the right next sequence number.
 *
 * <p>Like Pekko's, it stores an event without the {@link Tagged} wrapper it may arrive in (tags are for queries,
 * which the memory journal has none of), so recovery replays the event itself. Replays may run on a dispatcher
 * thread while the actor writes other ids, so the map is concurrent and each id's log is guarded by itself.
 */
public final class MemoryJournal extends AsyncWriteJournal {

  private static final Future<Iterable<Optional<Exception>>> ALL_WRITTEN = Futures.successful(List.of());
  private static final Future<Void> DONE = Futures.successful(null);

  private final Map<String, Log> logs = new ConcurrentHashMap<>();

  /** One persistence id's events, oldest first, and the highest sequence number written. */
  private static final class Log {
    final ArrayDeque<PersistentRepr> events = new ArrayDeque<>(8);
    long highest;
  }

  @Override
  public Future<Iterable<Optional<Exception>>> doAsyncWriteMessages(Iterable<AtomicWrite> messages) {
    for (AtomicWrite write : messages) {
      Log log = logs.computeIfAbsent(write.persistenceId(), id -> new Log());
      synchronized (log) {
        for (scala.collection.Iterator<PersistentRepr> it = write.payload().iterator(); it.hasNext(); ) {
          PersistentRepr p = it.next();
          log.events.addLast(p.payload() instanceof Tagged t ? p.withPayload(t.payload()) : p);
          log.highest = Math.max(log.highest, p.sequenceNr());
        }
      }
    }
    return ALL_WRITTEN;
  }

  @Override
  public Future<Void> doAsyncDeleteMessagesTo(String persistenceId, long toSequenceNr) {
    Log log = logs.get(persistenceId);
    if (log != null) {
      synchronized (log) {
        while (!log.events.isEmpty() && log.events.peekFirst().sequenceNr() <= toSequenceNr) {
          log.events.pollFirst();
        }
      }
    }
    return DONE;
  }

  @Override
  public Future<Void> doAsyncReplayMessages(String persistenceId, long fromSequenceNr, long toSequenceNr, long max,
      Consumer<PersistentRepr> replayCallback) {
    Log log = logs.get(persistenceId);
    if (log != null) {
      synchronized (log) {
        long left = max;
        for (PersistentRepr p : log.events) {
          if (left <= 0 || p.sequenceNr() > toSequenceNr) {
            break;
          }
          if (p.sequenceNr() >= fromSequenceNr) {
            replayCallback.accept(p);
            left--;
          }
        }
      }
    }
    return DONE;
  }

  @Override
  public Future<Long> doAsyncReadHighestSequenceNr(String persistenceId, long fromSequenceNr) {
    Log log = logs.get(persistenceId);
    if (log == null) {
      return Futures.successful(0L);
    }
    synchronized (log) {
      return Futures.successful(log.highest);
    }
  }
}
