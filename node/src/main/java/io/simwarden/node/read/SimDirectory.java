package io.simwarden.node.read;

import io.simwarden.core.entity.SimEntity;
import io.simwarden.core.event.SimEvent;
import io.simwarden.core.id.Iccid;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.persistence.cassandra.query.javadsl.CassandraReadJournal;
import org.apache.pekko.stream.javadsl.Sink;

/**
 * Which organisation a SIM belongs to, and its ICCID: what tenant checks need.
 *
 * <p>Read from the SIM's first journal event, {@code Provisioned} (sequence number 1: nothing is
 * journaled for a SIM before it is provisioned), without waking the entity. The organisation and ICCID
 * never change after provisioning, so a found entry stays valid forever; this node keeps the most recently
 * used {@code maxEntries} of them. Unknown IMSIs are not cached: the SIM may be provisioned a moment later.
 */
public final class SimDirectory {

  /** A provisioned SIM's tenant and card. */
  public record Entry(String organisation, Iccid iccid) {}

  /** Appended to a SIM's persistence id, names one that no entity writes (an IMSI has only digits). */
  private static final String NEVER_WRITTEN = "#unprovisioned";

  private final ActorSystem<?> system;
  private final CassandraReadJournal readJournal;
  private final Map<String, Entry> cache;

  public SimDirectory(ActorSystem<?> system, CassandraReadJournal readJournal, int maxEntries) {
    this.system = system;
    this.readJournal = readJournal;
    this.cache = new LinkedHashMap<>(1024, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
        return size() > maxEntries;
      }
    };
  }

  /** The SIM's entry, or empty when no SIM with this IMSI is provisioned. */
  public CompletionStage<Optional<Entry>> lookup(String imsi) {
    Entry known;
    synchronized (cache) {
      known = cache.get(imsi);
    }
    if (known != null) {
      return CompletableFuture.completedFuture(Optional.of(known));
    }
    return read(imsi);
  }

  /**
   * The SIM's entry if {@code visible} accepts its organisation, else empty. A SIM the caller may not see is
   * answered the way an IMSI nobody provisioned is, at the same cost, so that the time taken does not tell
   * whether another organisation owns the IMSI: a known SIM of another organisation costs the read of a journal
   * partition that holds nothing, which is what an unknown IMSI costs (unknown IMSIs are never cached).
   */
  public CompletionStage<Optional<Entry>> lookupVisible(String imsi, Predicate<String> visible) {
    Entry known;
    synchronized (cache) {
      known = cache.get(imsi);
    }
    if (known == null) {
      return read(imsi).thenApply(entry -> entry.filter(e -> visible.test(e.organisation())));
    }
    if (visible.test(known.organisation())) {
      return CompletableFuture.completedFuture(Optional.of(known));
    }
    return readJournal.currentEventsByPersistenceId(SimEntity.persistenceId(imsi).id() + NEVER_WRITTEN, 1, 1)
        .runWith(Sink.headOption(), system)
        .thenApply(nothing -> Optional.empty());
  }

  private CompletionStage<Optional<Entry>> read(String imsi) {
    return readJournal.currentEventsByPersistenceId(SimEntity.persistenceId(imsi).id(), 1, 1)
        .runWith(Sink.headOption(), system)
        .thenApply(first -> first
            .filter(envelope -> envelope.event() instanceof SimEvent.Provisioned)
            .map(envelope -> {
              SimEvent.Provisioned p = (SimEvent.Provisioned) envelope.event();
              Entry entry = new Entry(p.organisation(), p.iccid());
              synchronized (cache) {
                cache.put(imsi, entry);
              }
              return entry;
            }));
  }
}
