package io.simwarden.node.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simwarden.node.Eventually;
import io.simwarden.node.HttpApi;
import io.simwarden.node.HttpApi.Response;
import io.simwarden.node.PortScanAttack;
import io.simwarden.node.SharedNode;
import io.simwarden.node.TestSims;
import io.simwarden.node.security.Role;
import io.simwarden.persistence.cassandra.CassandraExtension;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code GET /metrics} of a real node on the real Cassandra, before and after an attack through the API, and the
 * read side's lag.
 */
@ExtendWith({CassandraExtension.class, SharedNode.class})
class MetricsTest {
  private static final int SIM = 8_100_001;
  private static final String TRAFFIC_ROUTE =
      "simwarden_http_request_duration_seconds_count{method=\"POST\",route=\"/api/v1/sims/{imsi}/traffic\",status=\"200\"}";

  @Test
  void anAttackShowsInTheFiguresWithoutAnyImsiAsLabel() {
    SharedNode.Running node = SharedNode.get();
    HttpApi api = node.api();
    String before = scrape(api);
    PortScanAttack.run(api, node.key(Role.OPERATOR, "metrics"), SIM);
    api.get("/api/v1/sims/" + TestSims.imsi(SIM) + "/nothing-here", null).assertProblem(404, null);
    String after = scrape(api);

    assertEquals(8, delta(before, after, "simwarden_traffic_reports_total"), "seven readings and the scan");
    assertEquals(8, delta(before, after, TRAFFIC_ROUTE));
    assertEquals(1, delta(before, after, "simwarden_detections_total{kind=\"port_scan\"}"));
    assertTrue(delta(before, after, "simwarden_network_decisions_total{outcome=\"accepted\"}") >= 9, after);
    double events = delta(before, after, "simwarden_events_persisted_total");
    double writes = delta(before, after, "simwarden_journal_write_seconds_count");
    assertTrue(events >= 10 && writes >= 2 && writes <= events, "events " + events + ", writes " + writes);
    assertTrue(delta(before, after, "simwarden_journal_write_seconds_sum") > 0);
    assertTrue(value(after, "simwarden_sim_entities") >= 1, after);
    assertTrue(delta(before, after,
        "simwarden_http_request_duration_seconds_count{method=\"GET\",route=\"unmatched\",status=\"404\"}") >= 1);
    assertTrue(value(after, "jvm_memory_used_bytes{area=\"heap\"}") > 0, "JVM metrics");
    assertTrue(value(after, "jvm_threads_current") > 0, "JVM metrics");
    assertFalse(after.contains(TestSims.imsi(SIM)), "an IMSI became a label");
  }

  @ParameterizedTest
  @ValueSource(strings = {"fleet-summary", "alerts-by-org"})
  void eachProjectionsLagIsAHistogramAndAGauge(String projection) {
    String lagCount = "simwarden_projection_lag_seconds_count{projection=\"" + projection + "\"}";
    String lagLast = "simwarden_projection_lag_last_seconds{projection=\"" + projection + "\"}";
    SharedNode.Running node = SharedNode.get();
    HttpApi api = node.api();
    String before = scrape(api);
    assertTrue(before.contains(lagCount + " "), "the lag series exist before the first event: " + before);
    assertTrue(before.contains(lagLast + " "), before);
    int sim = SIM + (projection.equals("fleet-summary") ? 1 : 2);
    api.post("/api/v1/sims", node.key(Role.ADMIN, "*"), TestSims.provision(sim, "metrics", true)).assertOk();
    String after = Eventually.eventually(() -> {
      String scraped = scrape(api);
      return delta(before, scraped, lagCount) >= 2 ? scraped : null;
    });
    assertTrue(delta(before, after, "simwarden_projection_lag_seconds_sum{projection=\"" + projection + "\"}") > 0,
        "provisioning and activation took some time from the journal to the projection");
    assertTrue(value(after, lagLast) > 0, after);
  }

  private static String scrape(HttpApi api) {
    Response r = api.get("/metrics", null);
    assertEquals(200, r.status(), r.body());
    assertEquals("text/plain; version=0.0.4; charset=utf-8", r.header("Content-Type").toLowerCase(Locale.ROOT));
    return r.body();
  }

  private static double delta(String before, String after, String series) {
    return value(after, series) - value(before, series);
  }

  /** The sample of {@code series} (name with its labels as exposed), 0 when absent. */
  private static double value(String scrape, String series) {
    for (String line : scrape.split("\n")) {
      if (line.startsWith(series + " ")) {
        return Double.parseDouble(line.substring(series.length() + 1).trim().split(" ")[0]);
      }
    }
    return 0;
  }
}
