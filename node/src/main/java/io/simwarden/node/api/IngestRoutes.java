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
import java.util.function.Function;
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
        ingest("attach", Requests.Attach.class, body -> Requests.check("", body),
            (imsi, key, body, attach) -> attach(api.fleet(), imsi, key, attach)),
        ingest("traffic", Requests.Traffic.class, body -> Requests.check("", body),
            (imsi, key, body, traffic) -> traffic(api.fleet(), imsi, key, traffic)),
        ingest("call", Requests.VoiceCall.class, body -> Requests.check("", body),
            (imsi, key, body, voiceCall) -> voiceCall(api.fleet(), imsi, key, voiceCall, body.at())));
  }

  /** Sends a checked ingest request to its SIM. */
  private interface Send<T, C> {
    CompletionStage<Verdict> send(Imsi imsi, IdempotencyKey key, T body, C checked);
  }

  /**
   * {@code POST /sims/{imsi}/<verb>}: the body of {@code type}, checked by {@code check} before anything is looked
   * up, sent under the request's {@code Idempotency-Key} if it has one; the verdict is the answer.
   */
  private <T, C> Route ingest(String verb, Class<T> type, Function<T, C> check, Send<T, C> send) {
    return endpoints.endpoint(POST, SIM + "/" + verb, Permission.INGEST, call -> jsonBody(type, body ->
        idempotencyKey(header -> {
          Imsi imsi = imsi(call.path("imsi"));
          C checked = check.apply(body);
          IdempotencyKey key = IdempotencyKey.of(IdempotencyKey.HEADER, header, verb, call.principal(), body);
          return onSuccess(owned(call.principal(), imsi).thenCompose(sim -> send.send(imsi, key, body, checked)),
              verdict -> complete(Json.ok(verdict)));
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
    String lineKey = IdempotencyKey.check(IdempotencyKey.LINE_FIELD, line.idempotencyKey());
    IdempotencyKey key = IdempotencyKey.of(IdempotencyKey.LINE_FIELD, lineKey, attach != null ? "attach"
        : traffic != null ? "traffic" : "call", caller, attach != null ? attach : traffic != null ? traffic
        : line.call());
    return owned(caller, imsi).thenApply(sim -> () -> attach != null ? attach(api.bulkFleet(), imsi, key, attach)
        : traffic != null ? traffic(api.bulkFleet(), imsi, key, traffic)
        : voiceCall(api.bulkFleet(), imsi, key, voiceCall, line.call().at()));
  }

  private static CompletionStage<Verdict> attach(SimFleet fleet, Imsi imsi, IdempotencyKey key, Requests.Attach a) {
    Instant at = a.at() == null ? Instant.now() : a.at();
    return IdempotencyKey.ask(fleet, imsi, key, r -> new SimEntity.Attach(a.imei(), a.rat(), a.plmn(), a.apn(), at,
        r));
  }

  private static CompletionStage<Verdict> traffic(SimFleet fleet, Imsi imsi, IdempotencyKey key, Requests.Traffic t) {
    Instant at = t.at() == null ? Instant.now() : t.at();
    return IdempotencyKey.ask(fleet, imsi, key, r -> new SimEntity.ReportTraffic(t.flows(), at, r));
  }

  private static CompletionStage<Verdict> voiceCall(SimFleet fleet, Imsi imsi, IdempotencyKey key, Call c,
      Instant requestedAt) {
    Instant at = requestedAt == null ? Instant.now() : requestedAt;
    return IdempotencyKey.ask(fleet, imsi, key, r -> new SimEntity.VoiceCall(c, at, r));
  }
}
