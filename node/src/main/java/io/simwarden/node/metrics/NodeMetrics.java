package io.simwarden.node.metrics;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.simwarden.core.decision.Verdict;
import io.simwarden.core.detect.AnomalyKind;
import io.simwarden.core.detect.Detection;
import io.simwarden.core.entity.SimMetrics;
import io.simwarden.core.event.RejectReason;
import io.simwarden.readside.AlertsByOrgProjection;
import io.simwarden.readside.FleetSummaryProjection;
import io.simwarden.readside.ProjectionLag;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;

/**
 * One node's Prometheus metrics: what its SIM entities report ({@link SimMetrics}), how far its read-side
 * projections are behind the journal ({@link ProjectionLag}), its HTTP latency by route, and the JVM. One registry per node (actor system), never the library's process-wide default, so that nodes
 * sharing a JVM (tests) count apart.
 *
 * <p>The entity calls run for every report, so their labelled children are resolved once here, into arrays
 * indexed by the enums' ordinals: a report costs a few atomic additions and no allocation.
 */
public final class NodeMetrics implements SimMetrics, ProjectionLag {
  /** Content type of the Prometheus text exposition format 0.0.4. */
  public static final String CONTENT_TYPE = PrometheusTextFormatWriter.CONTENT_TYPE;
  private static final double NANOS_PER_SECOND = 1e9;

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
  private final Gauge entities = Gauge.builder().name("simwarden_sim_entities")
      .help("SIM entities resident in memory on this node").register(registry);
  private final Counter reports = Counter.builder().name("simwarden_traffic_reports")
      .help("traffic reports decided by the SIM entities of this node").withoutExemplars().register(registry);
  private final Counter events = Counter.builder().name("simwarden_events_persisted")
      .help("SIM events written to the journal by this node").withoutExemplars().register(registry);
  private final Histogram journalWrites = Histogram.builder().name("simwarden_journal_write_seconds")
      .help("time from a SIM entity's persist to the journal's confirmation").classicOnly()
      .classicUpperBounds(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)
      .withoutExemplars().register(registry);
  private final Histogram http = Histogram.builder().name("simwarden_http_request_duration_seconds")
      .help("HTTP requests by method, route template and status, until the response starts")
      .labelNames("method", "route", "status").classicOnly().withoutExemplars().register(registry);
  private final Histogram projectionLag = Histogram.builder().name("simwarden_projection_lag_seconds")
      .help("time from an event's write to the journal until a projection on this node handled it, by projection")
      .labelNames("projection").classicOnly()
      .classicUpperBounds(0.25, 0.5, 1, 2, 3, 4, 5, 7.5, 10, 15, 20, 30, 45, 60, 90, 120, 180, 300, 600, 1800)
      .withoutExemplars().register(registry);
  private final Gauge projectionLagLast = Gauge.builder().name("simwarden_projection_lag_last_seconds")
      .help("write-to-handled time of the last event a projection on this node handled, by projection")
      .labelNames("projection").register(registry);
  /** Network decisions: index {@code RejectReason.ordinal()} for refusals, the last one for accepted. */
  private final CounterDataPoint[] decisions;
  private final CounterDataPoint[] detections;

  public NodeMetrics() {
    Counter decided = Counter.builder().name("simwarden_network_decisions")
        .help("network requests (attach, traffic, SMS, device reports) decided, by outcome: accepted or the refusal "
            + "reason").labelNames("outcome").withoutExemplars().register(registry);
    RejectReason[] reasons = RejectReason.values();
    decisions = new CounterDataPoint[reasons.length + 1];
    for (RejectReason r : reasons) {
      decisions[r.ordinal()] = decided.labelValues(label(r));
    }
    decisions[reasons.length] = decided.labelValues("accepted");
    Counter detected = Counter.builder().name("simwarden_detections")
        .help("anomalies the detectors reported, by kind").labelNames("kind").withoutExemplars().register(registry);
    AnomalyKind[] kinds = AnomalyKind.values();
    detections = new CounterDataPoint[kinds.length];
    for (AnomalyKind k : kinds) {
      detections[k.ordinal()] = detected.labelValues(label(k));
    }
    // Present from the start, before the first event: a scrape can tell "no lag data yet" from "no projection".
    projectionLag.labelValues(FleetSummaryProjection.NAME);
    projectionLagLast.labelValues(FleetSummaryProjection.NAME);
    projectionLag.labelValues(AlertsByOrgProjection.NAME);
    projectionLagLast.labelValues(AlertsByOrgProjection.NAME);
    JvmMetrics.builder().register(registry);
  }

  private static String label(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }

  @Override
  public void entityStarted() {
    entities.inc();
  }

  @Override
  public void entityStopped() {
    entities.dec();
  }

  @Override
  public void trafficReportProcessed() {
    reports.inc();
  }

  @Override
  public void networkDecided(Verdict verdict) {
    decisions[verdict.accepted() ? decisions.length - 1 : verdict.reason().ordinal()].inc();
    List<Detection> found = verdict.detections();
    for (int i = 0; i < found.size(); i++) {
      detections[found.get(i).kind().ordinal()].inc();
    }
  }

  @Override
  public void persisted(int count, long nanos) {
    events.inc(count);
    journalWrites.observe(nanos / NANOS_PER_SECOND);
  }

  @Override
  public void handled(String projection, int slice, long writtenMillis, long handledMillis) {
    double seconds = Math.max(0, handledMillis - writtenMillis) / 1000.0;
    projectionLag.labelValues(projection).observe(seconds);
    projectionLagLast.labelValues(projection).set(seconds);
  }

  /** Records one HTTP request; {@code route} is a template such as {@code /api/v1/sims/{imsi}}, never a raw path. */
  void httpRequest(String method, String route, int status, long nanos) {
    http.labelValues(method, route, Integer.toString(status)).observe(nanos / NANOS_PER_SECOND);
  }

  /** Every metric in the Prometheus text format. */
  public byte[] scrape() {
    ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
    try {
      writer.write(out, registry.scrape());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
