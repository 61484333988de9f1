package io.simwarden.node.api;

import static org.apache.pekko.http.javadsl.model.HttpMethods.GET;

import io.simwarden.core.event.SimTags;
import io.simwarden.core.id.Imei;
import io.simwarden.core.id.Imsi;
import io.simwarden.core.id.Plmn;
import io.simwarden.core.id.Tac;
import io.simwarden.core.state.SimState;
import io.simwarden.node.security.Permission;
import io.simwarden.node.security.Principal;
import io.simwarden.persistence.forensics.ChainAudit;
import io.simwarden.persistence.forensics.ForensicIndex;
import io.simwarden.persistence.forensics.ForensicIndexKeys;
import io.simwarden.persistence.forensics.ForensicsJournal;
import io.simwarden.persistence.forensics.ForensicsJson;
import io.simwarden.persistence.forensics.ForkAudit;
import io.simwarden.persistence.forensics.OutbreakReport;
import io.simwarden.persistence.forensics.Recorded;
import io.simwarden.persistence.forensics.SearchCriteria;
import io.simwarden.persistence.forensics.StateView;
import io.simwarden.readside.ForensicProjections;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.NotUsed;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/**
 * Forensics for auditors: a SIM's timeline with who, what and why, its state at an instant (and what changed
 * between two), its tamper-evidence check, fleet-wide searches (NDJSON, streamed) and outbreak
 * reconstruction. Tenant-scoped: another organisation's SIM is a 404, and fleet-wide results hold only the
 * caller's organisation's SIMs. Fleet-wide queries read the forensic index the read side keeps (one SIM's
 * queries read that SIM's journal partition); without the index they answer 503 rather than scan the journal.
 */
final class ForensicsRoutes extends RouteSupport {
  private static final String BASE = "/api/v1/forensics";
  /** Retry-After of a 503 that only an operator can end (configuration, schema): an hour. */
  private static final long OPERATOR_RETRY_AFTER_SECONDS = 3600;
  private static final String SIM = BASE + "/sims/{imsi}";
  private static final List<String> CRITERIA = List.of("kind", "from", "to", "imei", "tac", "remote", "plmn");

  /** SIMs read at once by a fleet-wide query. */
  private static final int PARALLELISM = 16;
  /** Response headers of a search: when the forensic index's slowest slice handled its last event, and its lag. */
  static final String AS_OF = "Simwarden-Index-As-Of";
  static final String LAG = "Simwarden-Index-Lag-Seconds";
  /** With a retention: the oldest journal time the index still holds events of. */
  static final String KEPT_SINCE = "Simwarden-Index-Kept-Since";

  private final Endpoints endpoints;

  ForensicsRoutes(ApiContext api, Endpoints endpoints) {
    super(api);
    this.endpoints = endpoints;
  }

  /** Pekko keeps one read journal per system; this is a thin view of it, made when a request needs it. */
  private ForensicsJournal journal() {
    return new ForensicsJournal(api.system(), PARALLELISM);
  }

  /** The forensic index the read side keeps, read like {@code simwarden forensics search} reads it. */
  private ForensicIndex index() {
    return new ForensicIndex(api.system(), journal(), PARALLELISM);
  }

  Route route() {
    List<String> search = new ArrayList<>(CRITERIA);
    search.add("sims");
    List<String> outbreak = new ArrayList<>(CRITERIA);
    outbreak.addAll(List.of("patientZero", "bucketMinutes"));
    return concat(
        endpoints.endpoint(GET, SIM + "/timeline", Permission.FORENSICS, List.of("from", "to"), this::timeline),
        endpoints.endpoint(GET, SIM + "/state", Permission.FORENSICS, List.of("at", "diff"), this::state),
        endpoints.endpoint(GET, SIM + "/verify", Permission.FORENSICS, List.of("full"), this::verify),
        endpoints.endpoint(GET, BASE + "/search", Permission.FORENSICS, search, this::search),
        endpoints.endpoint(GET, BASE + "/outbreak", Permission.FORENSICS, outbreak, this::outbreak));
  }

  private Route timeline(Endpoints.Call call) {
    Imsi imsi = imsi(call.path("imsi"));
    SearchCriteria window = new SearchCriteria(Set.of(), instant(call, "from"), instant(call, "to"), null, null, null,
        null);
    return onSuccess(owned(call.principal(), imsi).thenCompose(sim -> journal().events(imsi.value())
            .filter(r -> window.matches(r.event()))
            .map(ForensicsJson::event)
            .runWith(Sink.seq(), api.system())),
        events -> complete(Json.ok(Map.of("imsi", imsi.value(), "events", events))));
  }

  private Route state(Endpoints.Call call) {
    Imsi imsi = imsi(call.path("imsi"));
    Instant at = Optional.ofNullable(instant(call, "at"))
        .orElseThrow(() -> ApiProblem.invalid("at", "required: an ISO-8601 instant such as 2026-01-01T09:00:00Z"));
    Instant diff = instant(call, "diff");
    CompletionStage<Map<String, Object>> body = owned(call.principal(), imsi)
        .thenCompose(sim -> journal().stateAt(imsi.value(), at))
        .thenCompose(state -> {
          Map<String, Object> m = new LinkedHashMap<>();
          m.put("imsi", imsi.value());
          m.put("at", at);
          m.put("state", StateView.fields(state));
          if (diff == null) {
            return CompletableFuture.completedFuture(m);
          }
          return journal().stateAt(imsi.value(), diff).thenApply((SimState later) -> {
            m.put("diffAt", diff);
            m.put("changes", StateView.diff(state, later));
            return m;
          });
        });
    return onSuccess(body, m -> complete(Json.ok(m)));
  }

  /**
   * One SIM's chain: from its chain head (kept by the read side as its events arrive) when there is one and
   * {@code full} is not asked for, else by reading every row the journal stores for it (one SIM's partition).
   */
  private Route verify(Endpoints.Call call) {
    Imsi imsi = imsi(call.path("imsi"));
    boolean full = flag(call, "full");
    CompletionStage<Map<String, Object>> body = owned(call.principal(), imsi).thenCompose(sim -> full
        ? fullCheck(imsi.value())
        : index().progress(ForensicIndex.CHAIN_PROJECTION).thenCompose(progress -> progress.isPresent()
            && progress.get().complete() && ForensicProjections.enabled(api.system())
            ? index().head(imsi.value()).thenCompose(head -> head.isPresent()
                ? CompletableFuture.completedFuture(checked(imsi.value(), head.get().events(), head.get().rows(),
                    head.get().breaks(), head.get().forks(), "chain-head", progress.get()))
                : fullCheck(imsi.value()))
            : fullCheck(imsi.value())));
    return onSuccess(body, m -> complete(Json.ok(m)));
  }

  private CompletionStage<Map<String, Object>> fullCheck(String imsi) {
    return journal().rows(imsi).thenApply(stored -> {
      List<Recorded> recorded = stored.stream().map(ForensicsJournal.StoredRow::recorded).toList();
      return checked(imsi, recorded.stream().mapToLong(Recorded::seqNr).distinct().count(), stored.size(),
          ChainAudit.audit(imsi, recorded), ForkAudit.audit(imsi,
              stored.stream().map(ForensicsJournal.StoredRow::row).toList()), "journal", null);
    });
  }

  private static Map<String, Object> checked(String imsi, long events, long rows, List<ChainAudit.Finding> breaks,
      List<ForkAudit.Fork> forks, String checkedBy, ForensicIndex.Progress progress) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("imsi", imsi);
    m.put("events", events);
    m.put("rows", rows);
    m.put("intact", breaks.isEmpty());
    m.put("findings", breaks);
    m.put("forks", forks);
    m.put("checkedBy", checkedBy);
    if (progress != null) {
      m.put("asOf", progress.asOf());
      m.put("lagSeconds", progress.lag().toMillis() / 1e3);
    }
    return m;
  }

  private Route search(Endpoints.Call call) {
    SearchCriteria criteria = criteria(call);
    boolean sims = flag(call, "sims");
    ForensicIndexKeys.Plan plan = ForensicIndexKeys.requirePlan(criteria);
    Function<String, CompletionStage<Boolean>> admit = admit(call.principal());
    return onSuccess(indexReady(), progress -> {
      Source<ByteString, NotUsed> lines = (sims ? index().firstPerSim(plan, criteria, admit)
          : index().search(plan, criteria, admit))
          .map(r -> ByteString.fromArray(Json.bytes(ForensicsJson.event(r))).concat(ByteString.fromString("\n")));
      List<HttpHeader> headers = new ArrayList<>(List.of(RawHeader.create(AS_OF, progress.asOf().toString()),
          RawHeader.create(LAG, Double.toString(progress.lag().toMillis() / 1e3))));
      progress.keptSince(Instant.now()).ifPresent(kept -> headers.add(RawHeader.create(KEPT_SINCE, kept.toString())));
      return complete(HttpResponse.create().withEntity(HttpEntities.createChunked(Json.NDJSON, lines))
          .addHeaders(headers));
    });
  }

  private Route outbreak(Endpoints.Call call) {
    SearchCriteria criteria = criteria(call);
    if (criteria.kinds().isEmpty() == (criteria.remote() == null)) {
      throw ApiProblem.invalid("kind", "give exactly one of kind or remote");
    }
    int candidates = intParam(call, "patientZero", 5, 1, 1000);
    Duration bucket = Duration.ofMinutes(intParam(call, "bucketMinutes", 60, 1, 7 * 24 * 60));
    ForensicIndexKeys.Plan plan = ForensicIndexKeys.requirePlan(criteria);
    String indicator = criteria.remote() != null ? "endpoint " + criteria.remote()
        : "kind " + String.join(",", criteria.kinds());
    CompletionStage<Map<String, Object>> report = indexReady().thenCompose(progress ->
        index().outbreak(plan, criteria, admit(call.principal())).thenApply(spread -> {
          Map<String, Object> m = new LinkedHashMap<>(OutbreakReport.json(indicator, spread, candidates, bucket));
          Map<String, Object> index = new LinkedHashMap<>();
          index.put("asOf", progress.asOf());
          index.put("lagSeconds", progress.lag().toMillis() / 1e3);
          progress.keptSince(Instant.now()).ifPresent(kept -> index.put("keptSince", kept));
          m.put("index", index);
          return m;
        }));
    return onSuccess(report, m -> complete(Json.ok(m)));
  }

  /**
   * The forensic index's progress when it answers fleet-wide queries: kept on this cluster
   * ({@code simwarden.sim.slice-tags = every-event}), its tables there, every slice handled; else a 503 that says
   * what to do. Fleet-wide queries never scan the journal here: that is {@code simwarden forensics --full-scan}'s.
   */
  private CompletionStage<ForensicIndex.Progress> indexReady() {
    if (!ForensicProjections.enabled(api.system())) {
      throw ApiProblem.forensicIndexUnavailable("this cluster does not keep the forensic index, which fleet-wide "
          + "forensics read: start its nodes with simwarden.sim.slice-tags = every-event (docs/read-side.md); "
          + "until then 'simwarden forensics search --full-scan' reads the journal", OPERATOR_RETRY_AFTER_SECONDS);
    }
    return index().progress(ForensicIndex.INDEX_PROJECTION).thenApply(progress -> {
      if (progress.isEmpty()) {
        throw ApiProblem.forensicIndexUnavailable("the forensic index's tables are not in the journal's keyspace: "
            + "apply the schema with 'simwarden cassandra schema'", OPERATOR_RETRY_AFTER_SECONDS);
      }
      if (!progress.get().complete()) {
        throw ApiProblem.forensicIndexUnavailable("the forensic index is being built: " + progress.get().slices()
            + " of " + SimTags.SLICES + " slices have handled events so far; retry when every slice has", 30L);
      }
      return progress.get();
    });
  }

  /**
   * Which SIMs named by the index the caller may see, asked before any of their events is read: another
   * organisation's SIM costs one directory lookup, as it did when results were filtered after the read.
   */
  private Function<String, CompletionStage<Boolean>> admit(Principal caller) {
    if (caller.fleetWide()) {
      return imsi -> CompletableFuture.completedFuture(true);
    }
    return imsi -> api.directory().lookup(imsi).thenApply(entry -> entry
        .filter(sim -> caller.sees(sim.organisation())).isPresent());
  }

  private static boolean flag(Endpoints.Call call, String name) {
    return call.query(name).map(v -> switch (v) {
      case "true" -> true;
      case "false" -> false;
      default -> throw ApiProblem.invalid(name, "must be true or false, got " + v);
    }).orElse(false);
  }

  private static SearchCriteria criteria(Endpoints.Call call) {
    List<String> kinds = new ArrayList<>();
    call.query("kind").ifPresent(k -> {
      for (String one : k.split(",")) {
        kinds.add(SearchCriteria.kind(one));
      }
    });
    return new SearchCriteria(Set.copyOf(kinds), instant(call, "from"), instant(call, "to"),
        call.query("tac").map(Tac::of).orElse(null), call.query("imei").map(Imei::of).orElse(null),
        call.query("remote").map(SearchCriteria::remote).orElse(null), call.query("plmn").map(Plmn::of).orElse(null));
  }

  private static Instant instant(Endpoints.Call call, String name) {
    return call.query(name).map(text -> SearchCriteria.instant(name, text)).orElse(null);
  }
}
