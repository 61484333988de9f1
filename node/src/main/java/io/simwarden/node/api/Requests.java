package io.simwarden.node.api;

import io.simwarden.core.EventTime;
import io.simwarden.core.ValidationException;
import io.simwarden.core.firewall.FirewallRule;
import io.simwarden.core.id.Apn;
import io.simwarden.core.id.Iccid;
import io.simwarden.core.id.Imei;
import io.simwarden.core.id.Imsi;
import io.simwarden.core.id.Plmn;
import io.simwarden.core.policy.CallDestination;
import io.simwarden.core.policy.ConnectivityProfile;
import io.simwarden.core.policy.DeviceFacts;
import io.simwarden.core.policy.ImeiLock;
import io.simwarden.core.policy.Rat;
import io.simwarden.core.traffic.Call;
import io.simwarden.core.traffic.Flow;
import java.time.Instant;
import java.util.List;

/**
 * Request bodies. Their fields are core value types, so Jackson validates every identifier, CIDR and
 * policy on the way in; what is missing is checked by {@link #require}.
 */
final class Requests {
  private Requests() {}

  /**
   * {@code POST /api/v1/sims} and one line of {@code POST /api/v1/bulk/provision}; a line's {@code idempotencyKey}
   * is what the {@code Idempotency-Key} header is to a single request.
   */
  record Provision(Imsi imsi, Iccid iccid, String organisation, ConnectivityProfile profile, ImeiLock imeiLock,
      List<FirewallRule> firewallRules, DeviceFacts device, Boolean activate, String idempotencyKey) {}

  /** Optional body of activate, suspend, resume and terminate. */
  record Lifecycle(String reason) {}

  /** {@code PUT /api/v1/sims/{imsi}/firewall}: the SIM's own rules, replacing the previous ones. */
  record Firewall(List<FirewallRule> rules) {}

  /** {@code POST /api/v1/sims/{imsi}/attach}; {@code at} is network time, now when absent. */
  record Attach(Imei imei, Rat rat, Plmn plmn, Apn apn, Instant at) {}

  /** {@code POST /api/v1/sims/{imsi}/traffic}: one report interval's flows. */
  record Traffic(List<Flow> flows, Instant at) {}

  /**
   * {@code POST /api/v1/sims/{imsi}/call}: a mobile-originated call attempt set up at {@code at}, connected for
   * {@code seconds} (0 when not answered).
   */
  record VoiceCall(CallDestination destination, Long seconds, Instant at) {}

  /**
   * One line of {@code POST /api/v1/bulk/ingest}: exactly one of {@code attach}, {@code traffic} and {@code call},
   * and optionally the line's {@code idempotencyKey}.
   */
  record IngestLine(Imsi imsi, Attach attach, Traffic traffic, VoiceCall call, String idempotencyKey) {}

  static <T> T require(String field, T value) {
    if (value == null) {
      throw ApiProblem.invalid(field, "required");
    }
    return value;
  }

  /** Checks an attach's required fields; {@code prefix} is where it sits in the body. */
  static Attach check(String prefix, Attach a) {
    require(prefix + "imei", a.imei());
    require(prefix + "rat", a.rat());
    require(prefix + "plmn", a.plmn());
    require(prefix + "apn", a.apn());
    at(prefix, a.at());
    return a;
  }

  /** The call a voice request describes; a missing or out-of-range field is named under {@code prefix}. */
  static Call check(String prefix, VoiceCall c) {
    require(prefix + "destination", c.destination());
    at(prefix, c.at());
    try {
      return new Call(c.destination(), require(prefix + "seconds", c.seconds()));
    } catch (ValidationException e) {
      throw ApiProblem.invalid(prefix + e.field(), e.problem());
    }
  }

  static Traffic check(String prefix, Traffic t) {
    List<Flow> flows = require(prefix + "flows", t.flows());
    if (flows.isEmpty()) {
      throw ApiProblem.invalid(prefix + "flows", "at least one flow");
    }
    for (int i = 0; i < flows.size(); i++) {
      require(prefix + "flows[" + i + "]", flows.get(i));
    }
    at(prefix, t.at());
    return t;
  }

  /** Network time, when given, within what the SIMs accept ({@link EventTime}). */
  private static void at(String prefix, Instant at) {
    if (!(at == null || EventTime.accepted(at))) {
      throw ApiProblem.invalid(prefix + "at", EventTime.outOfRange(at));
    }
  }
}
