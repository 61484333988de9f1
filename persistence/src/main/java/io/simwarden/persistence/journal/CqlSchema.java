package io.simwarden.persistence.journal;

import com.datastax.oss.driver.api.core.CqlSession;
import io.simwarden.core.ValidationException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * simwarden's keyspaces and tables for a production Cassandra cluster, from the CQL files in
 * {@code cql/} with the replication chosen by the operator: the journal and snapshots ({@link #JOURNAL}) and the
 * read side's offsets and query tables ({@link #READ_SIDE}). Local runs and tests let the plugin (and the read
 * side) auto-create the same schema instead.
 */
public final class CqlSchema {
  /** The journal's and snapshot store's schema files, as pekko-persistence-cassandra would create them. */
  public static final List<String> JOURNAL = List.of("cql/journal.cql", "cql/snapshot.cql");
  /** The read side's schema files: projection offsets and query tables, in the journal's keyspace. */
  public static final List<String> READ_SIDE = List.of("cql/readside.cql", "cql/forensic-index.cql");
  /** The signed checkpoints' keyspace and tables ({@code simwarden_checkpoints}), apart from the journal's. */
  public static final List<String> CHECKPOINTS = List.of("cql/checkpoints.cql");
  private static final List<String> FILES = List.of("cql/journal.cql", "cql/snapshot.cql", "cql/readside.cql",
      "cql/forensic-index.cql", "cql/checkpoints.cql");
  private static final Pattern JOURNAL_KEYSPACE = Pattern.compile("\\bsimwarden\\b(?=[.\\s])");
  private static final Pattern DC = Pattern.compile("[A-Za-z0-9_\\-]{1,48}");

  private CqlSchema() {}

  /** {@code SimpleStrategy} with a replication factor (one datacenter). */
  public static String simpleReplication(int factor) {
    if (factor < 1 || factor > 9) {
      throw new ValidationException("replication-factor", "must be 1-9, got " + factor);
    }
    return "{ 'class' : 'SimpleStrategy','replication_factor':" + factor + " }";
  }

  /** {@code NetworkTopologyStrategy} from {@code dc1:3,dc2:3}. */
  public static String networkTopologyReplication(List<String> dcFactors) {
    Map<String, Integer> factors = new LinkedHashMap<>();
    for (String entry : dcFactors) {
      String[] parts = entry.trim().split(":");
      if (parts.length != 2 || !DC.matcher(parts[0]).matches() || !parts[1].matches("[1-9]")) {
        throw new ValidationException("datacenter-replication", "each entry must be <datacenter>:<factor 1-9>, "
            + "e.g. dc1:3; got " + ValidationException.quote(entry));
      }
      factors.put(parts[0], Integer.parseInt(parts[1]));
    }
    if (factors.isEmpty()) {
      throw new ValidationException("datacenter-replication", "give at least one <datacenter>:<factor>");
    }
    return factors.entrySet().stream().map(e -> "'" + e.getKey() + "':" + e.getValue())
        .collect(Collectors.joining(",", "{ 'class' : 'NetworkTopologyStrategy',", " }"));
  }

  /**
   * How long the read side's time-series tables keep a row, counted from when its event was journaled
   * ({@code Duration.ZERO}: for as long as the journal keeps the event). Written into the tables'
   * {@code default_time_to_live} (the {@code {{alerts_ttl}}} and {@code {{forensic_index_ttl}}} of the CQL files);
   * the projections read it from there and write each row with what remains of it.
   *
   * @param alerts        {@code alerts_by_org}
   * @param forensicIndex {@code forensic_index} and {@code forensic_index_days}
   */
  public record Retention(Duration alerts, Duration forensicIndex) {
    /** Cassandra's longest TTL (20 years). */
    public static final Duration MAX = Duration.ofSeconds(630_720_000L);
    /**
     * Alerts for 90 days: a quarter's incidents stay listed (pages read the last 31 days at most), the table stops
     * growing after that. The forensic index for as long as the journal keeps events (forever by default): an
     * index shorter than the journal would make searches miss old events that a full scan finds.
     */
    public static final Retention DEFAULT = new Retention(Duration.ofDays(90), Duration.ZERO);

    public Retention {
      check("alerts-retention", alerts);
      check("forensic-index-retention", forensicIndex);
    }

    private static void check(String field, Duration d) {
      if (d.isNegative() || d.compareTo(MAX) > 0 || (!d.isZero() && d.getSeconds() < 1)) {
        throw new ValidationException(field, "must be 0 (kept as long as the journal) or 1 s to 7300 d, got " + d);
      }
    }

    /**
     * A retention as operators write it: {@code 90d}, {@code 36h}, {@code 15s}, or {@code 0} for as long as the
     * journal keeps the event.
     */
    public static Duration parse(String field, String text) {
      String t = text == null ? "" : text.trim().toLowerCase(java.util.Locale.ROOT);
      java.util.regex.Matcher m = Pattern.compile("(\\d{1,9})([dhms]?)").matcher(t);
      if (!m.matches() || (m.group(2).isEmpty() && !m.group(1).equals("0"))) {
        throw new ValidationException(field, "must be a whole number of days, hours, minutes or seconds such as 90d, "
            + "36h or 15s, or 0 for as long as the journal keeps the event; got " + ValidationException.quote(text));
      }
      long n = Long.parseLong(m.group(1));
      Duration d = switch (m.group(2)) {
        case "d" -> Duration.ofDays(n);
        case "h" -> Duration.ofHours(n);
        case "m" -> Duration.ofMinutes(n);
        default -> Duration.ofSeconds(n);
      };
      check(field, d);
      return d;
    }

    private String fill(String cql) {
      return cql.replace("{{alerts_ttl}}", Long.toString(alerts.getSeconds()))
          .replace("{{forensic_index_ttl}}", Long.toString(forensicIndex.getSeconds()));
    }
  }

  /** The keyspace the CQL files name: the journal's; snapshots go to {@code simwarden_snapshot}. */
  public static final String DEFAULT_KEYSPACE = "simwarden";

  /** Every statement, in order, with {@code replication} filled in. */
  public static List<String> statements(String replication) {
    return statements(replication, DEFAULT_KEYSPACE);
  }

  /**
   * Every statement for the journal in {@code keyspace} (snapshots in {@code keyspace_snapshot}, as
   * {@code --keyspace} selects them for every verb), with {@code replication} filled in.
   */
  public static List<String> statements(String replication, String keyspace) {
    return statements(replication, keyspace, Retention.DEFAULT, DEFAULT_CHECKPOINT_KEYSPACE);
  }

  /** The keyspace of the signed checkpoints that {@code cql/checkpoints.cql} names: one for every journal. */
  public static final String DEFAULT_CHECKPOINT_KEYSPACE = "simwarden_checkpoints";

  /** {@link #statements(String, String)} with the read side's {@code retention}. */
  public static List<String> statements(String replication, String keyspace, Retention retention) {
    return statements(replication, keyspace, retention, DEFAULT_CHECKPOINT_KEYSPACE);
  }

  /** {@link #statements(String, String)} with the signed checkpoints in {@code checkpointKeyspace}. */
  public static List<String> statements(String replication, String keyspace, String checkpointKeyspace) {
    return statements(replication, keyspace, Retention.DEFAULT, checkpointKeyspace);
  }

  /**
   * Every statement for the journal in {@code keyspace} with the read side's {@code retention}, and the signed
   * checkpoints in {@code checkpointKeyspace}, with {@code replication} filled in.
   */
  public static List<String> statements(String replication, String keyspace, Retention retention,
      String checkpointKeyspace) {
    if (!keyspace.matches("[a-z][a-z0-9_]{0,38}")) {
      throw new ValidationException("keyspace", "must be 1-39 lower-case letters, digits or '_' starting with a "
          + "letter; got " + ValidationException.quote(keyspace));
    }
    if (!checkpointKeyspace.matches("[a-z][a-z0-9_]{0,47}")) {
      throw new ValidationException("checkpoint-keyspace", "must be 1-48 lower-case letters, digits or '_' "
          + "starting with a letter; got " + ValidationException.quote(checkpointKeyspace));
    }
    Pattern names = Pattern.compile("\\b" + DEFAULT_KEYSPACE + "(_snapshot|_checkpoints)?\\b");
    return statements(replication, FILES, retention).stream()
        .map(cql -> names.matcher(cql).replaceAll(m -> m.group(1) == null ? keyspace
            : m.group(1).equals("_snapshot") ? keyspace + "_snapshot" : checkpointKeyspace))
        .toList();
  }

  /** The statements of {@code files} ({@link #JOURNAL}, {@link #READ_SIDE}), with {@code replication} filled in. */
  public static List<String> statements(String replication, List<String> files) {
    return statements(replication, files, Retention.DEFAULT);
  }

  /** {@link #statements(String, List)} with the read side's {@code retention}. */
  public static List<String> statements(String replication, List<String> files, Retention retention) {
    List<String> all = new ArrayList<>();
    for (String file : files) {
      String withoutComments = read(file).lines().filter(l -> !l.strip().startsWith("--"))
          .collect(Collectors.joining("\n"));
      for (String statement : withoutComments.split(";")) {
        String cql = statement.strip();
        if (!cql.isEmpty()) {
          all.add(retention.fill(cql.replace("{{replication}}", replication)));
        }
      }
    }
    return all;
  }

  /** {@code statement} with the default keyspace {@code simwarden} renamed to {@code keyspace}. */
  public static String inKeyspace(String statement, String keyspace) {
    return JOURNAL_KEYSPACE.matcher(statement).replaceAll(keyspace);
  }

  /** Applies every statement (idempotent: {@code IF NOT EXISTS}); returns how many ran. */
  public static int apply(List<InetSocketAddress> contactPoints, String datacenter, String replication) {
    return apply(contactPoints, datacenter, replication, DEFAULT_KEYSPACE);
  }

  /** Applies every statement for the journal in {@code keyspace}; returns how many ran. */
  public static int apply(List<InetSocketAddress> contactPoints, String datacenter, String replication,
      String keyspace) {
    return apply(contactPoints, datacenter, replication, keyspace, Retention.DEFAULT, DEFAULT_CHECKPOINT_KEYSPACE);
  }

  /** Applies every statement for the journal in {@code keyspace} with the read side's {@code retention}. */
  public static int apply(List<InetSocketAddress> contactPoints, String datacenter, String replication,
      String keyspace, Retention retention) {
    return apply(contactPoints, datacenter, replication, keyspace, retention, DEFAULT_CHECKPOINT_KEYSPACE);
  }

  /** Applies every statement for the journal in {@code keyspace}, checkpoints in {@code checkpointKeyspace}. */
  public static int apply(List<InetSocketAddress> contactPoints, String datacenter, String replication,
      String keyspace, String checkpointKeyspace) {
    return apply(contactPoints, datacenter, replication, keyspace, Retention.DEFAULT, checkpointKeyspace);
  }

  /** Applies every statement: the journal in {@code keyspace} with {@code retention}, checkpoints in theirs. */
  public static int apply(List<InetSocketAddress> contactPoints, String datacenter, String replication,
      String keyspace, Retention retention, String checkpointKeyspace) {
    List<String> statements = statements(replication, keyspace, retention, checkpointKeyspace);
    try (CqlSession session = CqlSession.builder().addContactPoints(contactPoints)
        .withLocalDatacenter(datacenter).build()) {
      for (String cql : statements) {
        session.execute(com.datastax.oss.driver.api.core.cql.SimpleStatement.newInstance(cql)
            .setTimeout(Duration.ofSeconds(30)));
      }
      return statements.size();
    }
  }

  /** How many nodes each datacenter of the cluster at {@code contactPoints} has, as the driver sees them. */
  public static Map<String, Integer> nodesPerDatacenter(List<InetSocketAddress> contactPoints, String datacenter) {
    try (CqlSession session = CqlSession.builder().addContactPoints(contactPoints)
        .withLocalDatacenter(datacenter).build()) {
      Map<String, Integer> nodes = new TreeMap<>();
      session.getMetadata().getNodes().values()
          .forEach(node -> nodes.merge(String.valueOf(node.getDatacenter()), 1, Integer::sum));
      return nodes;
    }
  }

  private static String read(String resource) {
    try (InputStream in = CqlSchema.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("schema file " + resource + " is missing from the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
