package io.simwarden.core.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import io.simwarden.core.detect.Device.Archetype;
import io.simwarden.core.event.SimEvent;
import io.simwarden.core.id.Apn;
import io.simwarden.core.id.Imei;
import io.simwarden.core.id.IpAddress;
import io.simwarden.core.id.Plmn;
import io.simwarden.core.policy.CallDestination;
import io.simwarden.core.policy.SmsDestination;
import io.simwarden.core.policy.Rat;
import io.simwarden.core.state.SimState;
import io.simwarden.core.traffic.CallUsage;
import io.simwarden.core.traffic.SmsUsage;
import io.simwarden.core.traffic.EndpointUsage;
import io.simwarden.core.traffic.Protocol;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The learned baseline: bounded whatever the history, folded deterministically, serializable in snapshots. */
class BaselineTest {

  static final Instant T = Instant.parse("2026-01-05T00:00:00Z");
  static final IpAddress HEAD_END = IpAddress.of("10.20.1.10");

  static SimEvent.UsageRecorded window(int n, long bytes, List<EndpointUsage> endpoints) {
    Instant start = T.plus(Duration.ofHours(n));
    return new SimEvent.UsageRecorded(start.plus(Duration.ofHours(1)), start, false, bytes, 0, bytes / 100,
        endpoints.size(), 0, 0, 0, 0, false, endpoints, 0, null);
  }

  static EndpointUsage endpoint(IpAddress remote, int port) {
    return new EndpointUsage(remote, Protocol.TCP, port, 1, 1_000);
  }

  @Test
  void tenThousandDestinationsKeepTheBaselineAtItsBound() {
    Random random = new Random(83);
    Baseline b = Baseline.EMPTY;
    for (int w = 0; w < 625; w++) {
      List<EndpointUsage> endpoints = new ArrayList<>();
      endpoints.add(endpoint(HEAD_END, 4059));
      for (int i = 0; i < 15; i++) {
        endpoints.add(endpoint(IpAddress.v4(random.nextInt()), 1 + random.nextInt(65_535)));
      }
      b = b.afterWindow(window(w, 5_000, endpoints), false);
    }
    for (int i = 0; i < 100; i++) {
      b = b.afterAttach(new SimEvent.AttachAccepted(T, Imei.fromBody(String.format("3569380%07d", i)), Rat.LTE_M,
          Plmn.of(String.format("2%02d01", i)), Apn.of("iot.acme"), true, false, null));
    }
    assertEquals(625, b.windows());
    assertEquals(Baseline.MAX_DESTINATIONS, b.destinations().length);
    assertEquals(Baseline.MAX_PORTS, b.ports().length);
    assertEquals(Baseline.MAX_NETWORKS, b.networks().length);
    assertEquals(Baseline.MAX_DEVICES, b.devices().length);
    for (int w = 0; w < 100; w++) {
      b = b.afterVoiceWindow(new SimEvent.VoiceUsageRecorded(T.plus(Duration.ofHours(625 + w)),
          T.plus(Duration.ofHours(624 + w)), false, 5, 600, List.of(
              new CallUsage(CallDestination.DOMESTIC, 2, 300), new CallUsage(CallDestination.INTERNATIONAL, 3, 300)),
          null), false);
      b = b.afterSmsWindow(new SimEvent.SmsUsageRecorded(T.plus(Duration.ofHours(625 + w)),
          T.plus(Duration.ofHours(624 + w)), false, List.of(new SmsUsage(SmsDestination.DOMESTIC, 2),
              new SmsUsage(SmsDestination.INTERNATIONAL, 1), new SmsUsage(SmsDestination.PREMIUM_RATE, 1)), null),
          false);
    }
    assertTrue(b.sms().usual(SmsDestination.PREMIUM_RATE, T.plus(Duration.ofHours(725)).toEpochMilli()) > 0);
    assertTrue(b.knowsDestination(HEAD_END), "the destination of every window outlives one-off ones");
    assertTrue(b.knowsPort(Protocol.TCP, 4059));
    long bytes = HeapEstimate.of(b);
    System.out.println("baseline at its bounds: about " + bytes + " bytes");
    assertTrue(bytes <= 1_080, bytes + " bytes");
  }

  @Test
  void aMeterAfterAWeekCostsAFewHundredBytes() {
    Device meter = new Device(Archetype.METER, 89, T);
    meter.run(T, Duration.ofDays(7));
    long bytes = HeapEstimate.of(meter.twin.state.baseline());
    System.out.println("meter baseline after a week: about " + bytes + " bytes (" + meter.twin.state.baseline()
        + ")");
    assertTrue(bytes <= 512, bytes + " bytes");
  }

  @Test
  void meanVarianceAndPeakFollowTheWindows() {
    Baseline b = Baseline.EMPTY;
    for (int w = 0; w < 10; w++) {
      b = b.afterWindow(window(w, 1_000, List.of(endpoint(HEAD_END, 443))), false);
    }
    assertEquals(1_000, b.mean(Metric.BYTES), 1e-3);
    assertEquals(0, b.sd(Metric.BYTES), 1e-3);
    b = b.afterWindow(window(10, 2_500, List.of(endpoint(HEAD_END, 443))), false);
    assertEquals(2_500, b.peak(Metric.BYTES), 1e-3);
    assertTrue(b.mean(Metric.BYTES) > 1_000 && b.mean(Metric.BYTES) < 1_500, "mean " + b.mean(Metric.BYTES));
    assertTrue(b.expected(Metric.BYTES) >= 2_500);
    b = b.afterWindow(window(11, 1_000, List.of()), false);
    assertEquals(2_500 * 0.99, b.peak(Metric.BYTES), 1e-2);
  }

  /** Guarded learning: a window under the alert threshold but far over the usual must not lift the usual. */
  @Test
  void aSuspiciousWindowIsLearnedAsTheUsualNotAsItself() {
    Baseline b = Baseline.EMPTY;
    for (int w = 0; w < 10; w++) {
      b = b.afterWindow(window(w, 1_000, List.of(endpoint(HEAD_END, 443))), false);
    }
    double usual = b.expected(Metric.BYTES);
    for (int w = 10; w < 30; w++) {
      b = b.afterWindow(window(w, 9_000, List.of(endpoint(HEAD_END, 443))), false);
    }
    assertEquals(usual, b.expected(Metric.BYTES), 1e-3, "twenty windows at 9x under the 10x alert taught nothing");
    assertEquals(30, b.windows());
  }

  /** A destination that received a lot in its first window is not learned: it stays new until looked at. */
  @Test
  void aBusyNewDestinationIsNotLearnedButCountedAsNew() {
    Baseline b = Baseline.EMPTY;
    for (int w = 0; w < 10; w++) {
      b = b.afterWindow(window(w, 1_000, List.of(endpoint(HEAD_END, 443))), false);
    }
    IpAddress drop = IpAddress.of("203.0.113.9");
    IpAddress ntp = IpAddress.of("198.51.100.5");
    b = b.afterWindow(window(10, 400_000, List.of(endpoint(HEAD_END, 443),
        new EndpointUsage(drop, Protocol.TCP, 443, 12, 400_000), new EndpointUsage(ntp, Protocol.UDP, 123, 1, 96))),
        false);
    assertFalse(b.knowsDestination(drop));
    assertTrue(b.knowsDestination(ntp), "a new destination of a few bytes is learned as before");
    assertEquals(400_000, b.trend().recentNovel(T.plus(Duration.ofHours(11)).toEpochMilli()), 1);
  }

  @Test
  void anomalousOrShapedWindowsAreNotLearned() {
    Baseline b = Baseline.EMPTY.afterWindow(window(0, 1_000, List.of(endpoint(HEAD_END, 443))), false);
    Baseline anomalous = b.afterAnomaly(AnomalyKind.VOLUME_SPIKE)
        .afterWindow(window(1, 9_000_000, List.of(endpoint(IpAddress.of("203.0.113.9"), 443))), false);
    assertEquals(1, anomalous.windows());
    assertEquals(0, anomalous.anomalies());
    assertFalse(anomalous.knowsDestination(IpAddress.of("203.0.113.9")));
    Baseline shaped = b.afterWindow(window(1, 9_000_000, List.of()), true);
    assertEquals(b.stats()[Metric.BYTES.ordinal() * 3], shaped.stats()[Metric.BYTES.ordinal() * 3]);
  }

  @Test
  void foldingTheSameEventsTwiceGivesEqualStates() {
    Device device = new Device(Archetype.VEHICLE, 97, T);
    device.run(T, Duration.ofDays(2));
    device.twin.traffic(Attacks.telnetScan(new Random(97), 256), T.plus(Duration.ofDays(2)));
    List<SimEvent> journal = device.twin.journal;
    SimState once = SimState.EMPTY.applyAll(journal);
    SimState twice = SimState.EMPTY.applyAll(journal);
    assertNotSame(once.baseline(), twice.baseline());
    assertEquals(once, twice);
    assertEquals(once.hashCode(), twice.hashCode());
    assertEquals(device.twin.state, once);
    assertTrue(once.baseline().windows() > 40);
  }

  @Test
  void aBaselineSurvivesCborAsInASnapshot() throws Exception {
    Device device = new Device(Archetype.TRACKER, 101, T);
    device.run(T, Duration.ofDays(1));
    Baseline b = device.twin.state.baseline().afterAnomaly(AnomalyKind.IMEI_CHANGE);
    ObjectMapper cbor = new ObjectMapper(new CBORFactory());
    Baseline back = cbor.readValue(cbor.writeValueAsBytes(b), Baseline.class);
    assertEquals(b, back);
    assertEquals(b.expected(Metric.UPLINK), back.expected(Metric.UPLINK));
  }

  /** Shallow heap size of a record and its primitive arrays (compressed oops: 12-byte headers, 8-byte alignment). */
  static final class HeapEstimate {
    static long of(Record r) {
      long size = 12;
      long arrays = 0;
      for (RecordComponent c : r.getClass().getRecordComponents()) {
        Class<?> t = c.getType();
        size += t == long.class || t == double.class ? 8 : t.isPrimitive() ? (t == boolean.class ? 1 : 4) : 4;
        if (Record.class.isAssignableFrom(t)) {
          try {
            Object nested = c.getAccessor().invoke(r);
            // A shared constant costs a SIM nothing beyond its reference.
            arrays += nested == VoiceBaseline.NONE || nested == SmsBaseline.NONE ? 0 : of((Record) nested);
          } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
          }
        }
        if (t.isArray()) {
          try {
            Object array = c.getAccessor().invoke(r);
            int length = java.lang.reflect.Array.getLength(array);
            int element = t == long[].class || t == double[].class ? 8 : 4;
            arrays += length == 0 ? 0 : align(16 + (long) length * element);
          } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
          }
        }
      }
      return align(size) + arrays;
    }

    private static long align(long n) {
      return (n + 7) / 8 * 8;
    }
  }
}
