package io.simwarden.node.api;

import static org.apache.pekko.http.javadsl.model.HttpMethods.POST;

import io.simwarden.core.decision.Verdict;
import io.simwarden.core.entity.SimEntity;
import io.simwarden.core.entity.SimFleet;
import io.simwarden.core.id.Imsi;
import io.simwarden.core.traffic.Call;
import io.simwarden.node.security.Permission;
import io.simwarden.node.security.Principal;
import java.time.Instant;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * Network ingest: what a packet core or voice core reports about a SIM (attach, a report interval's flows, a
 * call attempt), answered with the security layer's verdict. A refused attach or call is a verdict (200), not
 * an HTTP error.
 */
final class IngestRoutes extends RouteSupport {
  private static final String SIM = "/api/v1/sims/{imsi}";

  private final Endpoints endpoints;

  IngestRoutes(ApiContext api, Endpoints endpoints) {
    super(api);
    this.endpoints = endpoints;
  }

  Route route() {
    return concat(
        endpoints.endpoint(POST, SIM + "/attach", Permission.INGEST, call -> jsonBody(Requests.Attach.class, body -> {
          Imsi imsi = imsi(call.path("imsi"));
          Requests.Attach attach = Requests.check("", body);
          return onSuccess(owned(call.principal(), imsi).thenCompose(sim -> attach(api.fleet(), imsi, attach)),
              verdict -> complete(Json.ok(verdict)));
        })),
        endpoints.endpoint(POST, SIM + "/traffic", Permission.INGEST, call -> jsonBody(Requests.Traffic.class, body -> {
          Imsi imsi = imsi(call.path("imsi"));
          Requests.Traffic traffic = Requests.check("", body);
          return onSuccess(owned(call.principal(), imsi).thenCompose(sim -> traffic(api.fleet(), imsi, traffic)),
              verdict -> complete(Json.ok(verdict)));
        })),
        endpoints.endpoint(POST, SIM + "/call", Permission.INGEST, call -> jsonBody(Requests.VoiceCall.class, body -> {
          Imsi imsi = imsi(call.path("imsi"));
          Call voiceCall = Requests.check("", body);
          return onSuccess(owned(call.principal(), imsi).thenCompose(sim -> voiceCall(api.fleet(), imsi, voiceCall,
              body.at())), verdict -> complete(Json.ok(verdict)));
        })));
  }

  /**
   * Checks one bulk ingest line and the caller's ownership of its SIM; the result sends it. Checking and
   * sending are separate steps so that a bulk stream can look SIMs up in parallel and still send each SIM's
   * reports in line order.
   */
  CompletionStage<java.util.function.Supplier<CompletionStage<Verdict>>> prepare(Principal caller,
      Requests.IngestLine line) {
    Imsi imsi = Requests.require("imsi", line.imsi());
    int given = (line.attach() == null ? 0 : 1) + (line.traffic() == null ? 0 : 1) + (line.call() == null ? 0 : 1);
    if (given != 1) {
      String surplus = given == 0 ? "attach" : line.attach() != null && line.traffic() != null ? "traffic" : "call";
      throw ApiProblem.invalid(surplus, "give exactly one of 'attach', 'traffic' and 'call' per line");
    }
    Requests.Attach attach = line.attach() == null ? null : Requests.check("attach.", line.attach());
    Requests.Traffic traffic = line.traffic() == null ? null : Requests.check("traffic.", line.traffic());
    Call voiceCall = line.call() == null ? null : Requests.check("call.", line.call());
    return owned(caller, imsi).thenApply(sim -> () -> attach != null ? attach(api.bulkFleet(), imsi, attach)
        : traffic != null ? traffic(api.bulkFleet(), imsi, traffic)
        : voiceCall(api.bulkFleet(), imsi, voiceCall, line.call().at()));
  }

  private static CompletionStage<Verdict> attach(SimFleet fleet, Imsi imsi, Requests.Attach a) {
    Instant at = a.at() == null ? Instant.now() : a.at();
    return fleet.ask(imsi.value(), r -> new SimEntity.Attach(a.imei(), a.rat(), a.plmn(), a.apn(), at, r));
  }

  private static CompletionStage<Verdict> traffic(SimFleet fleet, Imsi imsi, Requests.Traffic t) {
    Instant at = t.at() == null ? Instant.now() : t.at();
    return fleet.ask(imsi.value(), r -> new SimEntity.ReportTraffic(t.flows(), at, r));
  }

  private static CompletionStage<Verdict> voiceCall(SimFleet fleet, Imsi imsi, Call c, Instant requestedAt) {
    Instant at = requestedAt == null ? Instant.now() : requestedAt;
    return fleet.ask(imsi.value(), r -> new SimEntity.VoiceCall(c, at, r));
  }
}
