package io.simwarden.node.api;

import static org.apache.pekko.http.javadsl.model.HttpMethods.GET;

import io.simwarden.core.id.Imei;
import io.simwarden.core.id.Imsi;
import io.simwarden.core.id.Plmn;
import io.simwarden.core.id.Tac;
import io.simwarden.core.state.SimState;
import io.simwarden.node.security.Permission;
import io.simwarden.node.security.Principal;
import io.simwarden.persistence.forensics.ChainAudit;
import io.simwarden.persistence.forensics.ForensicsJournal;
import io.simwarden.persistence.forensics.ForensicsJson;
import io.simwarden.persistence.forensics.Outbreak;
import io.simwarden.persistence.forensics.OutbreakReport;
import io.simwarden.persistence.forensics.Recorded;
import io.simwarden.persistence.forensics.SearchCriteria;
import io.simwarden.persistence.forensics.StateView;
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
import org.apache.pekko.NotUsed;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/**
 * Forensics for auditors: a SIM's timeline with who, what and why, its state at an instant (and what changed
 * between two), its tamper-evidence check, fleet-wide searches (NDJSON, streamed) and outbreak
 * reconstruction. Tenant-scoped: another organisation's SIM is a 404, and fleet-wide results hold only the
 * caller's organisation's SIMs.
 */
final class ForensicsRoutes extends RouteSupport {
  private static final String BASE = "/api/v1/forensics";
  private static final String SIM = BASE + "/sims/{imsi}";
  private static final List<String> CRITERIA = List.of("kind", "from", "to", "imei", "tac", "remote", "plmn");

  private final Endpoints endpoints;

  ForensicsRoutes(ApiContext api, Endpoints endpoints) {
    super(api);
    this.endpoints = endpoints;
  }

  /** Pekko keeps one read journal per system; this is a thin view of it, made when a request needs it. */
  private ForensicsJournal journal() {
    return new ForensicsJournal(api.system(), 16);
  }

  Route route() {
    List<String> search = new ArrayList<>(CRITERIA);
    search.add("sims");
    List<String> outbreak = new ArrayList<>(CRITERIA);
    outbreak.addAll(List.of("patientZero", "bucketMinutes"));
    return concat(
        endpoints.endpoint(GET, SIM + "/timeline", Permission.FORENSICS, List.of("from", "to"), this::timeline),
        endpoints.endpoint(GET, SIM + "/state", Permission.FORENSICS, List.of("at", "diff"), this::state),
        endpoints.endpoint(GET, SIM + "/verify", Permission.FORENSICS, this::verify),
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

  private Route verify(Endpoints.Call call) {
    Imsi imsi = imsi(call.path("imsi"));
    return onSuccess(owned(call.principal(), imsi).thenCompose(sim -> journal().stored(imsi.value()))
            .thenApply(stored -> Map.of("imsi", imsi.value(), "events", stored.size(),
                "intact", ChainAudit.audit(imsi.value(), stored).isEmpty(),
                "findings", ChainAudit.audit(imsi.value(), stored))),
        m -> complete(Json.ok(m)));
  }

  private Route search(Endpoints.Call call) {
    SearchCriteria criteria = criteria(call);
    boolean sims = call.query("sims").map(v -> switch (v) {
      case "true" -> true;
      case "false" -> false;
      default -> throw ApiProblem.invalid("sims", "must be true or false, got " + v);
    }).orElse(false);
    Source<ByteString, NotUsed> lines = scoped(call.principal(),
        sims ? journal().firstPerSim(criteria) : journal().search(criteria))
        .map(r -> ByteString.fromArray(Json.bytes(ForensicsJson.event(r))).concat(ByteString.fromString("\n")));
    return complete(HttpResponse.create().withEntity(HttpEntities.createChunked(Json.NDJSON, lines)));
  }

  private Route outbreak(Endpoints.Call call) {
    SearchCriteria criteria = criteria(call);
    if (criteria.kinds().isEmpty() == (criteria.remote() == null)) {
      throw ApiProblem.invalid("kind", "give exactly one of kind or remote");
    }
    int candidates = intParam(call, "patientZero", 5, 1, 1000);
    Duration bucket = Duration.ofMinutes(intParam(call, "bucketMinutes", 60, 1, 7 * 24 * 60));
    String indicator = criteria.remote() != null ? "endpoint " + criteria.remote()
        : "kind " + String.join(",", criteria.kinds());
    Outbreak spread = new Outbreak();
    return onSuccess(scoped(call.principal(), journal().search(criteria)).runForeach(spread::add, api.system()),
        done -> complete(Json.ok(OutbreakReport.json(indicator, spread, candidates, bucket))));
  }

  /** Only the caller's organisation's SIMs (a fleet-wide admin sees all). */
  private Source<Recorded, NotUsed> scoped(Principal caller, Source<Recorded, NotUsed> results) {
    if (caller.fleetWide()) {
      return results;
    }
    return results
        .mapAsync(4, r -> api.directory().lookup(r.imsi()).thenApply(entry -> entry
            .filter(sim -> caller.sees(sim.organisation())).map(sim -> r)))
        .filter(Optional::isPresent)
        .map(Optional::get);
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
