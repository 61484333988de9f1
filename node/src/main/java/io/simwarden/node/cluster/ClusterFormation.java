package io.simwarden.node.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import io.simwarden.core.ValidationException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.actor.AddressFromURIString;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.cluster.typed.JoinSeedNodes;

/**
 * How a node becomes a member: it asks every node's management endpoint ({@code simwarden.cluster.contact-points})
 * for its members each {@code probe-interval} and follows {@link JoinDecision} - join the members some node
 * reports, or form a new cluster only when every contact point answered without members for {@code stable-margin}
 * and this node's is the lowest. A node whose file lists its own address as the single seed node is a cluster of
 * its own and asks nobody.
 *
 * <p>Several seed nodes are refused: the first of them joins itself when the others do not answer within
 * {@code seed-node-timeout}, which on a restart under load forms a second cluster on the same journal.
 */
public final class ClusterFormation {
  static final String SEEDS = "pekko.cluster.seed-nodes";
  static final String CONTACT_POINTS = "simwarden.cluster.contact-points";
  private static final ObjectMapper JSON = new ObjectMapper();

  private ClusterFormation() {}

  /** Refuses a configuration that could form a second cluster, or that names no way to form one. */
  public static void validate(Config config) {
    List<String> seeds = config.getStringList(SEEDS);
    List<String> contactPoints = config.getStringList(CONTACT_POINTS);
    if (seeds.size() > 1) {
      throw new ValidationException(SEEDS, "lists " + seeds.size() + " seed nodes: restarted alone, the first of "
          + "them forms a cluster of its own when the others answer late; list every node's management endpoint in "
          + CONTACT_POINTS + " instead (see local1.conf)");
    }
    if (!seeds.isEmpty() && !contactPoints.isEmpty()) {
      throw new ValidationException(SEEDS, "is set together with " + CONTACT_POINTS + ": keep only the contact points");
    }
    if (seeds.isEmpty() && contactPoints.isEmpty()) {
      throw new ValidationException(CONTACT_POINTS, "is empty: list the management endpoint of every node of the "
          + "cluster, e.g. [\"127.0.0.1:8558\", \"127.0.0.1:8559\", \"127.0.0.1:8560\"] (see local1.conf)");
    }
    String self = self(config);
    for (String cp : contactPoints) {
      int colon = cp.lastIndexOf(':');
      if (colon <= 0 || !cp.substring(colon + 1).matches("[0-9]{1,5}")) {
        throw new ValidationException(CONTACT_POINTS, "\"" + cp + "\" is not host:port (a node's management "
            + "endpoint, e.g. 127.0.0.1:8558)");
      }
    }
    if (!contactPoints.isEmpty() && !contactPoints.contains(self)) {
      throw new ValidationException(CONTACT_POINTS, "does not list this node's own management endpoint " + self
          + " (pekko.management.http.hostname:port): list every node of the cluster, this one included");
    }
  }

  /** Starts asking the contact points, unless the node is a cluster of its own (Pekko joins its single seed). */
  public static void start(ActorContext<?> parent) {
    Config config = parent.getSystem().settings().config();
    if (config.getStringList(SEEDS).isEmpty()) {
      parent.spawn(behavior(config), "cluster-formation");
    }
  }

  private static String self(Config config) {
    return config.getString("pekko.management.http.hostname") + ":" + config.getInt("pekko.management.http.port");
  }

  // ---------------------------------------------------------------------------------------------------

  private record Tick() {}

  /** One round's answers: the members reported per contact point that answered. */
  private record Round(Map<String, Set<String>> answers) {}

  private static Behavior<Object> behavior(Config config) {
    Config c = config.getConfig("simwarden.cluster");
    List<String> contactPoints = c.getStringList("contact-points");
    Duration interval = c.getDuration("probe-interval");
    Duration timeout = c.getDuration("probe-timeout");
    Duration stableMargin = c.getDuration("stable-margin");
    boolean newCluster = c.getBoolean("new-cluster-enabled");
    String self = self(config);
    HttpClient http = HttpClient.newBuilder().connectTimeout(timeout).build();
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
      timers.startSingleTimer(new Tick(), Duration.ZERO);
      ctx.getLog().info("Joining a cluster through the contact points {}", contactPoints);
      return new Probing(ctx, timers, http, contactPoints, self, interval, timeout, stableMargin, newCluster)
          .behavior();
    }));
  }

  private static final Duration WARN_AFTER = Duration.ofSeconds(15);
  private static final Duration REPEAT = Duration.ofSeconds(30);

  private static final class Probing {
    private final ActorContext<Object> ctx;
    private final TimerScheduler<Object> timers;
    private final HttpClient http;
    private final List<String> contactPoints;
    private final String self;
    private final Duration interval;
    private final Duration timeout;
    private final Duration stableMargin;
    private final boolean newCluster;
    private final long startedAt = System.nanoTime();
    private long quietSince = -1;
    private String lastWhy = "";
    private long lastWarned = -1;

    Probing(ActorContext<Object> ctx, TimerScheduler<Object> timers, HttpClient http, List<String> contactPoints,
        String self, Duration interval, Duration timeout, Duration stableMargin, boolean newCluster) {
      this.ctx = ctx;
      this.timers = timers;
      this.http = http;
      this.contactPoints = contactPoints;
      this.self = self;
      this.interval = interval;
      this.timeout = timeout;
      this.stableMargin = stableMargin;
      this.newCluster = newCluster;
    }

    Behavior<Object> behavior() {
      return Behaviors.receive(Object.class)
          .onMessage(Tick.class, t -> ask())
          .onMessage(Round.class, this::decide)
          .build();
    }

    private Behavior<Object> ask() {
      Map<String, CompletableFuture<Optional<Set<String>>>> asked = new HashMap<>();
      for (String cp : contactPoints) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + cp + "/cluster/members")).timeout(timeout)
            .GET().build();
        asked.put(cp, http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
            .thenApply(r -> r.statusCode() == 200 ? members(r.body()) : Optional.<Set<String>>empty())
            .exceptionally(e -> Optional.empty()));
      }
      ctx.pipeToSelf(CompletableFuture.allOf(asked.values().toArray(CompletableFuture[]::new)), (ok, e) -> {
        Map<String, Set<String>> answers = new HashMap<>();
        asked.forEach((cp, f) -> f.getNow(Optional.empty()).ifPresent(m -> answers.put(cp, m)));
        return new Round(answers);
      });
      return Behaviors.same();
    }

    private Behavior<Object> decide(Round round) {
      Cluster cluster = Cluster.get(ctx.getSystem());
      String selfAddress = cluster.selfMember().address().toString();
      long now = System.nanoTime();
      boolean quiet = round.answers().size() == contactPoints.size()
          && round.answers().values().stream().allMatch(Set::isEmpty);
      quietSince = quiet ? (quietSince < 0 ? now : quietSince) : -1;
      Duration quietFor = quiet ? Duration.ofNanos(now - quietSince) : Duration.ZERO;
      JoinDecision decision = JoinDecision.decide(self, selfAddress, contactPoints, round.answers(), quietFor,
          stableMargin, newCluster);
      if (decision instanceof JoinDecision.Join join) {
        ctx.getLog().info("Joining the cluster of {}", join.members());
        cluster.manager().tell(new JoinSeedNodes(join.members().stream().map(AddressFromURIString::parse).toList()));
        return Behaviors.stopped();
      }
      if (decision instanceof JoinDecision.Form) {
        ctx.getLog().info("Forming a new cluster: every contact point answered without members for {} s and {} is "
            + "the lowest", stableMargin.toSeconds(), self);
        cluster.manager().tell(Join.create(cluster.selfMember().address()));
        return Behaviors.stopped();
      }
      String why = ((JoinDecision.Wait) decision).why();
      // The command line shows warnings only: a node that waits longer than a normal start says why.
      if (now - startedAt > WARN_AFTER.toNanos() && (!why.equals(lastWhy) || now - lastWarned > REPEAT.toNanos())) {
        ctx.getLog().warn("Not joining a cluster yet ({} s): {}", Duration.ofNanos(now - startedAt).toSeconds(), why);
        lastWarned = now;
      } else if (!why.equals(lastWhy)) {
        ctx.getLog().info("Not joining yet: {}", why);
      }
      lastWhy = why;
      timers.startSingleTimer(new Tick(), interval);
      return Behaviors.same();
    }
  }

  /**
   * The reachable members that are Up or WeaklyUp in a {@code /cluster/members} answer: none when the node is no
   * member (an empty list), nothing usable (empty) when it has members but none to join, or a malformed answer.
   */
  static Optional<Set<String>> members(String body) {
    try {
      JsonNode view = JSON.readTree(body);
      JsonNode members = view.path("members");
      if (!members.isArray()) {
        return Optional.empty();
      }
      Set<String> unreachable = new HashSet<>();
      view.path("unreachable").forEach(u -> unreachable.add(u.path("node").asText()));
      Set<String> up = new HashSet<>();
      for (JsonNode m : members) {
        String status = m.path("status").asText();
        String node = m.path("node").asText();
        if ((status.equals("Up") || status.equals("WeaklyUp")) && !unreachable.contains(node)) {
          up.add(node);
        }
      }
      // A node with members but none to join now (all leaving or unreachable) is not a node without a cluster.
      return members.isEmpty() || !up.isEmpty() ? Optional.of(up) : Optional.empty();
    } catch (java.io.IOException e) {
      return Optional.empty();
    }
  }
}
