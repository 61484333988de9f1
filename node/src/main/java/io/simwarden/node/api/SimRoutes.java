package io.simwarden.node.api;

import static org.apache.pekko.http.javadsl.model.HttpMethods.GET;
import static org.apache.pekko.http.javadsl.model.HttpMethods.POST;
import static org.apache.pekko.http.javadsl.model.HttpMethods.PUT;

import com.fasterxml.jackson.databind.JsonNode;
import io.simwarden.core.decision.OperatorDecider;
import io.simwarden.core.decision.OperatorDecision;
import io.simwarden.core.entity.SimEntity;
import io.simwarden.core.entity.SimProtocol.CommandResult;
import io.simwarden.core.entity.SimFleet;
import io.simwarden.core.event.SimEvent;
import io.simwarden.core.firewall.FirewallRule;
import io.simwarden.core.id.Imsi;
import io.simwarden.core.policy.ConnectivityProfile;
import io.simwarden.core.policy.ImeiLock;
import io.simwarden.core.state.SimState;
import io.simwarden.node.security.Permission;
import io.simwarden.node.security.Principal;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.Location;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.stream.javadsl.Sink;

/** Reading, provisioning and commanding SIMs, and a SIM's event timeline. */
final class SimRoutes extends RouteSupport {
  private static final String SIMS = "/api/v1/sims";
  private static final String SIM = SIMS + "/{imsi}";

  private final Endpoints endpoints;

  SimRoutes(ApiContext api, Endpoints endpoints) {
    super(api);
    this.endpoints = endpoints;
  }

  /** A SIM command built from the caller's identity, now, and the reply address. */
  private interface SimCommand extends BiFunction<String, Instant, java.util.function.Function<ActorRef<CommandResult>,
      SimEntity.Command>> {}

  Route route() {
    return concat(
        endpoints.endpoint(GET, SIM, Permission.READ_SIM, this::get),
        endpoints.endpoint(POST, SIMS, Permission.PROVISION, call -> jsonBody(Requests.Provision.class, body ->
            onSuccess(provision(call.principal(), body, api.fleet()), created -> complete(Json.response(StatusCodes.CREATED,
                    org.apache.pekko.http.javadsl.model.ContentTypes.APPLICATION_JSON, created)
                .addHeader(Location.create(SIMS + "/" + created.imsi())))))),
        lifecycle("activate", (by, at) -> r -> new SimEntity.Activate(by, at, r), null),
        lifecycle("suspend", null, (reason, by, at) -> r -> new SimEntity.Suspend(by, reason, at, r)),
        lifecycle("resume", (by, at) -> r -> new SimEntity.Resume(by, at, r), null),
        lifecycle("terminate", null, (reason, by, at) -> r -> new SimEntity.Terminate(by, reason, at, r)),
        endpoints.endpoint(PUT, SIM + "/profile", Permission.COMMAND, call ->
            jsonBody(ConnectivityProfile.class, profile ->
                command(call, (by, at) -> r -> new SimEntity.SetProfile(profile, by, at, r)))),
        endpoints.endpoint(PUT, SIM + "/imei-lock", Permission.COMMAND, call ->
            jsonBody(ImeiLock.class, lock ->
                command(call, (by, at) -> r -> new SimEntity.SetImeiLock(lock, by, at, r)))),
        endpoints.endpoint(PUT, SIM + "/firewall", Permission.COMMAND, call ->
            jsonBody(Requests.Firewall.class, body -> {
              List<FirewallRule> rules = rules("rules", Requests.require("rules", body.rules()));
              return command(call, (by, at) -> r -> new SimEntity.SetFirewall(rules, by, at, r));
            })),
        endpoints.endpoint(GET, SIM + "/events", Permission.READ_EVENTS, List.of("from", "limit"), this::events));
  }

  private interface ReasonCommand {
    java.util.function.Function<ActorRef<CommandResult>, SimEntity.Command> build(String reason, String by,
        Instant at);
  }

  private Route lifecycle(String verb, SimCommand plain, ReasonCommand withReason) {
    return endpoints.endpoint(POST, SIM + "/" + verb, Permission.COMMAND, call ->
        optionalJsonBody(Requests.Lifecycle.class, body -> {
          String reason = body.map(Requests.Lifecycle::reason).orElse(null);
          if (reason != null && reason.length() > 500) {
            throw ApiProblem.invalid("reason", "at most 500 characters, got " + reason.length());
          }
          if (plain != null && reason != null) {
            throw ApiProblem.invalid("reason", verb + " takes no reason");
          }
          return command(call, plain != null ? plain : (by, at) -> withReason.build(reason, by, at));
        }));
  }

  private Route get(Endpoints.Call call) {
    Imsi imsi = imsi(call.path("imsi"));
    return onSuccess(owned(call.principal(), imsi)
            .thenCompose(sim -> api.fleet().<SimState>ask(imsi.value(), SimEntity.GetState::new)),
        state -> complete(Json.ok(SimView.of(state))));
  }

  /** Runs an operator command on a SIM the caller owns; 200 with the new state, or the refusal. */
  private Route command(Endpoints.Call call, SimCommand command) {
    Imsi imsi = imsi(call.path("imsi"));
    Principal caller = call.principal();
    return onSuccess(owned(caller, imsi)
            .thenCompose(sim -> api.fleet().<CommandResult>ask(imsi.value(),
                command.apply(caller.operatorId(), Instant.now()))),
        result -> {
          if (!result.accepted()) {
            throw refusal(result);
          }
          return complete(Json.ok(SimView.of(result.state())));
        });
  }

  /**
   * Provisions one SIM into the caller's organisation (a fleet-wide admin names it), activating it when
   * asked. Shared by the single and the bulk route, which passes its more patient {@code fleet}.
   */
  CompletionStage<SimView> provision(Principal caller, Requests.Provision body, SimFleet fleet) {
    Imsi imsi = Requests.require("imsi", body.imsi());
    String organisation = body.organisation();
    if (organisation == null) {
      if (caller.fleetWide()) {
        throw ApiProblem.invalid("organisation", "required with a fleet-wide key: name the SIM's organisation");
      }
      organisation = caller.organisation();
    } else if (!caller.sees(organisation)) {
      throw ApiProblem.forbidden("organisation", "this key provisions only into organisation "
          + caller.organisation());
    }
    List<FirewallRule> rules = body.firewallRules() == null ? List.of() : rules("firewallRules", body.firewallRules());
    String by = caller.operatorId();
    Instant at = Instant.now();
    String org = organisation;
    // The entity decides again; deciding here first reports bad input as 400 before anything is sent.
    OperatorDecision check = OperatorDecider.provision(SimState.EMPTY, at, by, imsi,
        Requests.require("iccid", body.iccid()), org, Requests.require("profile", body.profile()), body.imeiLock(),
        rules, body.device());
    if (check.refused()) {
      throw refusal(check);
    }
    CompletionStage<CommandResult> provisioned = fleet.ask(imsi.value(), r -> new SimEntity.Provision(imsi,
        body.iccid(), org, body.profile(), body.imeiLock(), rules, body.device(), by, at, r));
    return provisioned.thenCompose(result -> {
      if (!result.accepted()) {
        // Never the refusal's text: it names the organisation that owns the IMSI, maybe another tenant.
        throw result.state().isProvisioned() ? ApiProblem.conflict("imsi", "SIM " + imsi + " is already provisioned")
            : refusal(result);
      }
      if (!Boolean.TRUE.equals(body.activate())) {
        return CompletableFuture.completedFuture(SimView.of(result.state()));
      }
      return fleet.<CommandResult>ask(imsi.value(), r -> new SimEntity.Activate(by, at, r))
          .thenApply(activated -> SimView.of(activated.state()));
    });
  }

  private static List<FirewallRule> rules(String field, List<FirewallRule> rules) {
    for (int i = 0; i < rules.size(); i++) {
      Requests.require(field + "[" + i + "]", rules.get(i));
    }
    return rules;
  }

  /** A page of the SIM's journal, oldest first: {@code from} is a sequence number, {@code next} the following page's. */
  private Route events(Endpoints.Call call) {
    Imsi imsi = imsi(call.path("imsi"));
    long from = intParam(call, "from", 1, 1, Integer.MAX_VALUE);
    int limit = intParam(call, "limit", 100, 1, api.settings().alertsMaxPage());
    CompletionStage<HttpResponse> page = owned(call.principal(), imsi).thenCompose(sim -> api.readJournal()
        .currentEventsByPersistenceId(SimEntity.persistenceId(imsi.value()).id(), from, Long.MAX_VALUE)
        .take(limit + 1L)
        .runWith(Sink.seq(), api.system())
        .thenApply(envelopes -> {
          List<TimelineEntry> entries = envelopes.stream().limit(limit)
              .map(e -> new TimelineEntry(e.sequenceNr(), e.event().getClass().getSimpleName(),
                  Json.MAPPER.valueToTree((SimEvent) e.event())))
              .toList();
          Long next = envelopes.size() > limit ? envelopes.get(limit).sequenceNr() : null;
          return Json.ok(new Timeline(imsi.toString(), entries, next));
        }));
    return onSuccess(page, this::complete);
  }

  record TimelineEntry(long seqNr, String type, JsonNode event) {}

  record Timeline(String imsi, List<TimelineEntry> events, Long next) {}
}
