package io.simwarden.node;

import java.time.Duration;
import java.time.Instant;
import java.util.StringJoiner;

/**
 * A small attack through the ingest API, as the network would report it: a meter attaches, sends its usual
 * reading to the head-end for seven hours (the detectors learn its baseline), then telnet-scans 200 addresses.
 * The scan makes the port-scan detector fire ({@code AnomalyDetected} with kind {@code PORT_SCAN}).
 */
public final class PortScanAttack {
  private static final int PROBES = 200;
  private static final int LEARNING_HOURS = 7;

  private PortScanAttack() {}

  /** Provisions and activates SIM {@code n} for the key's organisation, then runs the attack ending about now. */
  public static void run(HttpApi api, String operatorKey, int n) {
    String imsi = TestSims.imsi(n);
    api.post("/api/v1/sims", operatorKey, TestSims.provision(n, null, true)).assertOk();
    String sim = "/api/v1/sims/" + imsi;
    Instant start = Instant.now().minus(Duration.ofHours(LEARNING_HOURS)).minus(Duration.ofMinutes(30));
    api.post(sim + "/attach", operatorKey, TestSims.ATTACH.replace("}", ",\"at\":\"" + start + "\"}")).assertOk();
    for (int hour = 0; hour < LEARNING_HOURS; hour++) {
      Instant at = start.plus(Duration.ofHours(hour)).plusSeconds(600);
      api.post(sim + "/traffic", operatorKey, TestSims.HEADEND_TRAFFIC.replace("]}", "],\"at\":\"" + at + "\"}"))
          .assertOk();
    }
    StringJoiner flows = new StringJoiner(",", "{\"flows\":[", "],\"at\":\""
        + start.plus(Duration.ofHours(LEARNING_HOURS)).plusSeconds(600) + "\"}");
    for (int i = 0; i < PROBES; i++) {
      int address = 0x2D000000 + i * 977;
      flows.add("{\"remote\":\"" + (address >>> 24) + "." + (address >>> 16 & 0xFF) + "." + (address >>> 8 & 0xFF)
          + "." + (address & 0xFF) + "\",\"protocol\":\"TCP\",\"port\":23,\"direction\":\"UPLINK\",\"bytes\":60,"
          + "\"packets\":1,\"encrypted\":false}");
    }
    String verdict = api.post(sim + "/traffic", operatorKey, flows.toString()).assertOk().toString();
    if (!verdict.contains("PORT_SCAN")) {
      throw new AssertionError("the scan did not make the port-scan detector fire: " + verdict);
    }
  }
}
