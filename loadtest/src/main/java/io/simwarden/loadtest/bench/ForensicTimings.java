package io.simwarden.loadtest.bench;

import com.datastax.oss.driver.api.core.CqlSession;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.simwarden.core.CommonPool;
import io.simwarden.core.id.Cidr;
import io.simwarden.core.id.Imei;
import io.simwarden.core.id.IpAddress;
import io.simwarden.loadtest.harness.BenchJournal;
import io.simwarden.loadtest.harness.Figure;
import io.simwarden.persistence.forensics.ForensicIndex;
import io.simwarden.persistence.forensics.ForensicIndexKeys;
import io.simwarden.persistence.forensics.SearchCriteria;
import io.simwarden.persistence.journal.JournalMode;
import io.simwarden.persistence.journal.OpenJournal;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.serialization.SerializationExtension;

/**
 * The forensic queries of a durable benchmark, on a journal whose read side keeps the forensic index and the chain
 * heads ({@code simwarden.sim.slice-tags = every-event}, the projections caught up): {@code forensics search} by
 * remote endpoint, by kind and by IMEI, {@code outbreak}, {@code verify --all} from the chain heads and {@code verify
 * --all --full}, each answered in this JVM by the code the command runs ({@link ForensicQueries}; no JVM start, no
 * actor-system start) and timed after one untimed run, beside the same rows read with the DataStax driver alone
 * ({@link RawForensicReads}), measured right after it. The full verify and its full scan run once, untimed runs
 * first would only double them.
 *
 * <p>What is searched is chosen from the journal, the same on every run of a {@code quickstart} fleet: the kind
 * {@code port-scan} (what the Mirai bots raise) for the search by kind and the outbreak; for the endpoint, the one the
 * 16 port-scanning SIMs with the lowest IMSIs share, first named after their first port scan (an endpoint of the
 * campaign: {@link ForensicQueries#campaignEndpoint}); for the IMEI, the device of the fleet's first SIM. Read only:
 * it writes nothing.
 *
 * <p>By hand, against a keyspace a node's projections have built:
 * {@code java -cp "cli/target/simwarden-cli-0.1.0-SNAPSHOT.jar:$(cat cli/target/launcher.classpath)"
 * io.simwarden.loadtest.bench.ForensicTimings 127.0.0.1:9042 datacenter1 KEYSPACE}.
 */
public final class ForensicTimings {

  /**
   * One timed query.
   *
   * @param id           stable figure key ({@code forensics.search-imei}, ...)
   * @param what         what was measured, with the answer's size
   * @param criteria     the search's or outbreak's criteria (null for the verifies)
   * @param answer       events (search), SIMs affected (outbreak) or SIMs verified (verify)
   * @param seconds      how long the query took
   * @param limitWhat    what the raw read read
   * @param limitSeconds how long the raw read took
   * @param rawRows      journal rows the raw read read (index rows for the outbreak, made of them alone, and for
   *                     the chain heads' verify)
   */
  public record Timing(String id, String what, SearchCriteria criteria, long answer, double seconds,
      String limitWhat, double limitSeconds, long rawRows) {
    public Figure figure() {
      return new Figure(id, what, seconds, limitWhat, limitSeconds, "s");
    }
  }

  /** Port-scanning SIMs (the lowest IMSIs) whose shared new endpoint is searched for. */
  private static final int BOTS = 16;
  private static final String PORT_SCAN = SearchCriteria.kind("port-scan");

  private ForensicTimings() {}

  /** The figures of {@link #timings}. */
  public static List<Figure> measure(BenchJournal journal, String keyspace, PrintStream out) throws Exception {
    return timings(journal, keyspace, out).stream().map(Timing::figure).toList();
  }

  /** {@link #timings(BenchJournal, String, Instant, Instant, PrintStream)} over the whole journal. */
  public static List<Timing> timings(BenchJournal journal, String keyspace, PrintStream out) throws Exception {
    return timings(journal, keyspace, null, null, out);
  }

  /**
   * Times the queries on {@code keyspace} of {@code journal}'s Cassandra, printing each answer's size and time to
   * {@code out}; fails when the forensic index or the chain heads have not handled events in all eight slices.
   * Without a port-scan anomaly in the index (not a quickstart fleet, or the index far behind) it says so and leaves
   * out the search by endpoint, by kind and the outbreak. With a window ({@code from} and {@code to}, null: the whole
   * journal) every search and the outbreak are limited to it, the endpoint is chosen from the bots' events in it,
   * and the verifies (which read every SIM) are left out: what the same question costs on a longer journal.
   */
  public static List<Timing> timings(BenchJournal journal, String keyspace, Instant from, Instant to,
      PrintStream out) throws Exception {
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "forensic-timings", config(journal, keyspace));
    try (CqlSession session = journal.session()) {
      Config c = system.settings().config();
      ForensicQueries queries = new ForensicQueries(system);
      RawForensicReads raw = new RawForensicReads(session, keyspace,
          c.getString("pekko.persistence.cassandra.journal.table"),
          c.getLong("pekko.persistence.cassandra.journal.target-partition-size"), SerializationExtension.get(system));
      ForensicIndex.Progress chains = queries.complete(ForensicIndex.CHAIN_PROJECTION);
      out.printf(Locale.ROOT, "forensic timings on %s: index %s; chain heads %s, over %,d SIMs and %,d events%n",
          keyspace, queries.complete(ForensicIndex.INDEX_PROJECTION).describe(), chains.describe(), chains.sims(),
          chains.events());

      List<Timing> timings = new ArrayList<>();
      String imei = queries.firstImei();
      out.printf("searching for IMEI %s (the fleet's first SIM)%n", imei);
      SearchCriteria byImei = criteria(Set.of(), Imei.of(imei), null, from, to);
      timings.add(search(out, "forensics.search-imei", "search by IMEI", byImei, queries,
          () -> raw.search(ForensicIndexKeys.IMEI, imei, byImei, true)));
      SearchCriteria portScan = criteria(Set.of(PORT_SCAN), null, null, from, to);
      List<String> bots = queries.firstSimsOf(portScan, BOTS);
      if (bots.isEmpty()) {
        out.println("no port-scan anomaly in the forensic index: no search by endpoint, by kind or outbreak (they "
            + "measure the quickstart's Mirai outbreak)");
      } else {
        String endpoint = queries.campaignEndpoint(bots, portScan);
        out.printf("searching for remote %s (the new endpoint port-scanning SIMs %s… share), kind port-scan%n",
            endpoint, bots.get(0));
        SearchCriteria byRemote = criteria(Set.of(), null, SearchCriteria.remote(endpoint), from, to);
        timings.add(search(out, "forensics.search-remote", "search by remote endpoint", byRemote, queries,
            () -> raw.search(ForensicIndexKeys.REMOTE, ForensicIndexKeys.bucket(IpAddress.of(endpoint)), byRemote,
                true)));
        timings.add(search(out, "forensics.search-kind", "search by kind port-scan", portScan, queries,
            () -> raw.search(ForensicIndexKeys.KIND, PORT_SCAN, portScan, true)));
        // The outbreak of one kind is made of the index rows alone (ForensicIndex.outbreak): its limit reads them.
        queries.outbreak(portScan, "kind port-scan");
        Timed<Long> outbreak = time(() -> queries.outbreak(portScan, "kind port-scan"));
        raw.search(ForensicIndexKeys.KIND, PORT_SCAN, portScan, false);
        Timed<RawForensicReads.Read> outbreakRaw = time(() -> raw.search(ForensicIndexKeys.KIND, PORT_SCAN, portScan,
            false));
        timings.add(report(out, new Timing("forensics.outbreak", String.format(Locale.ROOT,
            "outbreak of port-scan (%,d SIMs)", outbreak.value()), portScan, outbreak.value(), outbreak.seconds(),
            String.format(Locale.ROOT, "raw driver: %,d index rows", outbreakRaw.value().indexRows()),
            outbreakRaw.seconds(), outbreakRaw.value().indexRows())));
      }
      if (from != null || to != null) {
        return timings;
      }

      queries.verifyFromHeads();
      Timed<ForensicQueries.Verified> heads = time(queries::verifyFromHeads);
      raw.chainHeads();
      Timed<RawForensicReads.Read> headsRaw = time(raw::chainHeads);
      timings.add(report(out, new Timing("forensics.verify", String.format(Locale.ROOT,
          "verify --all, chain heads (%,d SIMs)", heads.value().sims()), null, heads.value().sims(), heads.seconds(),
          String.format(Locale.ROOT, "raw driver: progress + 8 findings partitions (%,d rows)",
              headsRaw.value().indexRows()), headsRaw.seconds(), headsRaw.value().indexRows())));

      Timed<ForensicQueries.Verified> full = time(queries::verifyFull);
      Timed<RawForensicReads.Read> fullRaw = time(raw::everyJournalRow);
      timings.add(report(out, new Timing("forensics.verify-full", String.format(Locale.ROOT,
          "verify --all --full (%,d SIMs, %,d events)", full.value().sims(), full.value().events()), null,
          full.value().sims(), full.seconds(), String.format(Locale.ROOT, "raw driver: every messages row (%,d), %d "
              + "ranges in flight", fullRaw.value().journalRows(), RawForensicReads.RANGES_IN_FLIGHT),
          fullRaw.seconds(), fullRaw.value().journalRows())));
      return timings;
    } finally {
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().join();
    }
  }

  /** A search timed after one untimed run, beside its raw read (also after one untimed run). */
  private static Timing search(PrintStream out, String id, String what, SearchCriteria criteria,
      ForensicQueries queries, Callable<RawForensicReads.Read> raw) throws Exception {
    queries.search(criteria);
    Timed<Long> searched = time(() -> queries.search(criteria));
    raw.call();
    Timed<RawForensicReads.Read> read = time(raw);
    return report(out, new Timing(id, String.format(Locale.ROOT, "%s (%,d events)", what, searched.value()), criteria,
        searched.value(), searched.seconds(), rawWhat(read.value()), read.seconds(), read.value().journalRows()));
  }

  private static String rawWhat(RawForensicReads.Read read) {
    return String.format(Locale.ROOT, "raw driver: %,d index + %,d journal rows", read.indexRows(),
        read.journalRows());
  }

  private static Timing report(PrintStream out, Timing t) {
    out.printf(Locale.ROOT, "  %s: %.3f s; %s: %.3f s%n", t.what(), t.seconds(), t.limitWhat(), t.limitSeconds());
    out.flush();
    return t;
  }

  private record Timed<T>(T value, double seconds) {}

  private static <T> Timed<T> time(Callable<T> work) throws Exception {
    long start = System.nanoTime();
    T value = work.call();
    return new Timed<>(value, (System.nanoTime() - start) / 1e9);
  }

  private static SearchCriteria criteria(Set<String> kinds, Imei imei, Cidr remote, Instant from, Instant to) {
    return new SearchCriteria(kinds, from, to, null, imei, remote, null);
  }

  /** The forensics command's configuration: the journal in {@code keyspace}, nothing created. */
  private static Config config(BenchJournal journal, String keyspace) {
    Config open = OpenJournal.open(JournalMode.CASSANDRA, List.of(journal.contactPoint()), journal.datacenter(), null,
        new PrintWriter(new StringWriter())).inKeyspace(keyspace).config();
    return ConfigFactory.parseString("""
        pekko.persistence.cassandra.journal.keyspace-autocreate = false
        pekko.persistence.cassandra.journal.tables-autocreate = false
        pekko.persistence.cassandra.snapshot.keyspace-autocreate = false
        pekko.persistence.cassandra.snapshot.tables-autocreate = false
        """).withFallback(open).withFallback(ConfigFactory.load());
  }

  /**
   * {@code ForensicTimings CONTACT_POINT DATACENTER KEYSPACE [FROM TO]}: the figures of a keyspace, read only; with
   * a window (ISO-8601 instants), its searches and outbreak only.
   */
  public static void main(String[] args) throws Exception {
    CommonPool.ensure();
    if (args.length != 3 && args.length != 5) {
      System.err.println("usage: ForensicTimings CONTACT_POINT DATACENTER KEYSPACE [FROM TO]  (e.g. 127.0.0.1:9042 "
          + "datacenter1 sim_20261207_101500 2026-01-05T00:00:00Z 2026-01-06T00:00:00Z)");
      System.exit(2);
    }
    Instant from = args.length == 5 ? SearchCriteria.instant("from", args[3]) : null;
    Instant to = args.length == 5 ? SearchCriteria.instant("to", args[4]) : null;
    for (Timing t : timings(new BenchJournal(args[0], args[1], args[2]), args[2], from, to, System.out)) {
      System.out.println(t.figure().describe());
    }
    System.exit(0);
  }
}
