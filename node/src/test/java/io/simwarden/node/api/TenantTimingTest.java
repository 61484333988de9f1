package io.simwarden.node.api;

import static io.simwarden.node.TestSims.imsi;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simwarden.node.HttpApi;
import io.simwarden.node.HttpApi.Response;
import io.simwarden.node.SharedNode;
import io.simwarden.node.TestSims;
import io.simwarden.node.security.Role;
import io.simwarden.persistence.cassandra.CassandraExtension;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A key of one organisation cannot tell another organisation's SIM from an IMSI nobody provisioned: not by the
 * status, headers or body, and not by the time the answer takes. Requests for the two alternate in a seeded
 * random order on a real node; a two-sided Mann-Whitney U test over their latencies must not find a
 * difference (p below 0.001), which a directory that answers foreign SIMs from memory and unknown ones from
 * the journal does at once.
 */
@ExtendWith({CassandraExtension.class, SharedNode.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TenantTimingTest {
  private static final int FOREIGN = 5300;
  private static final int UNKNOWN = 5399;
  private static final int WARM_UP = 40;
  private static final int SAMPLES = 300;

  private HttpApi api;
  private String acmeAuditor;

  @BeforeAll
  void sims() {
    api = SharedNode.get().api();
    String globex = SharedNode.get().key(Role.OPERATOR, "globex");
    acmeAuditor = SharedNode.get().key(Role.AUDITOR, "acme");
    api.post("/api/v1/sims", globex, TestSims.provision(FOREIGN, null, true)).assertOk();
    api.post("/api/v1/sims/" + imsi(FOREIGN) + "/attach", globex, TestSims.ATTACH).assertOk();
  }

  @ParameterizedTest
  @ValueSource(strings = {"/api/v1/sims/%s", "/api/v1/sims/%s/events", "/api/v1/forensics/sims/%s/timeline"})
  void aForeignSimAndAnUnknownImsiAreIndistinguishable(String route) {
    String foreign = String.format(route, imsi(FOREIGN));
    String unknown = String.format(route, imsi(UNKNOWN));
    Response f = api.get(foreign, acmeAuditor);
    Response u = api.get(unknown, acmeAuditor);
    f.assertProblem(404, "imsi");
    assertEquals(u.status(), f.status());
    assertEquals(u.body().replace(imsi(UNKNOWN), imsi(FOREIGN)), f.body(), "bodies differ only by the IMSI asked");
    assertEquals(headers(u), headers(f));

    for (int i = 0; i < WARM_UP; i++) {
      api.get(foreign, acmeAuditor);
      api.get(unknown, acmeAuditor);
    }
    Random order = new Random(7);
    double[] foreignMs = new double[SAMPLES];
    double[] unknownMs = new double[SAMPLES];
    int nf = 0;
    int nu = 0;
    while (nf < SAMPLES || nu < SAMPLES) {
      boolean pickForeign = nu == SAMPLES || (nf < SAMPLES && order.nextBoolean());
      long start = System.nanoTime();
      Response r = api.get(pickForeign ? foreign : unknown, acmeAuditor);
      double ms = (System.nanoTime() - start) / 1e6;
      assertEquals(404, r.status());
      if (pickForeign) {
        foreignMs[nf++] = ms;
      } else {
        unknownMs[nu++] = ms;
      }
    }
    double p = mannWhitneyP(foreignMs, unknownMs);
    String figures = String.format(Locale.ROOT, "%s: foreign median %.2f ms p90 %.2f, unknown median %.2f ms p90 %.2f;"
            + " Mann-Whitney p = %.4f, Kolmogorov-Smirnov D = %.3f (n = %d each)", route, quantile(foreignMs, 0.5),
        quantile(foreignMs, 0.9), quantile(unknownMs, 0.5), quantile(unknownMs, 0.9), p, ksD(foreignMs, unknownMs),
        SAMPLES);
    System.out.println("TenantTimingTest " + figures);
    assertTrue(p >= 0.001, "the latency tells a foreign SIM from an unknown IMSI: " + figures);
  }

  /** Response headers but the date, which differs from one second to the next. */
  private static Map<String, List<String>> headers(Response r) {
    Map<String, List<String>> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    r.headers().forEach((name, values) -> {
      if (!name.equalsIgnoreCase("date") && !name.equals(":status")) {
        h.put(name, values);
      }
    });
    return h;
  }

  /** Two-sided p-value of the Mann-Whitney U test (normal approximation with tie correction). */
  static double mannWhitneyP(double[] a, double[] b) {
    int n1 = a.length;
    int n2 = b.length;
    double[][] all = new double[n1 + n2][];
    for (int i = 0; i < n1; i++) {
      all[i] = new double[] {a[i], 0};
    }
    for (int i = 0; i < n2; i++) {
      all[n1 + i] = new double[] {b[i], 1};
    }
    Arrays.sort(all, (x, y) -> Double.compare(x[0], y[0]));
    double rankSumA = 0;
    double ties = 0;
    for (int i = 0; i < all.length; ) {
      int j = i;
      while (j + 1 < all.length && all[j + 1][0] == all[i][0]) {
        j++;
      }
      double rank = (i + j) / 2.0 + 1;
      int t = j - i + 1;
      ties += (double) t * t * t - t;
      for (int k = i; k <= j; k++) {
        if (all[k][1] == 0) {
          rankSumA += rank;
        }
      }
      i = j + 1;
    }
    double u = rankSumA - n1 * (n1 + 1) / 2.0;
    double n = n1 + n2;
    double sigma = Math.sqrt(n1 * (double) n2 / 12.0 * ((n + 1) - ties / (n * (n - 1))));
    double z = Math.abs(u - n1 * (double) n2 / 2.0) / sigma;
    return 2 * (1 - phi(z));
  }

  /** The standard normal distribution function (Abramowitz-Stegun 7.1.26 for erf). */
  private static double phi(double z) {
    double x = z / Math.sqrt(2);
    double t = 1 / (1 + 0.3275911 * x);
    double erf = 1 - t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027
        + t * 1.061405429)))) * Math.exp(-x * x);
    return 0.5 * (1 + erf);
  }

  /** The two-sample Kolmogorov-Smirnov statistic: the largest gap between the empirical distributions. */
  static double ksD(double[] a, double[] b) {
    double[] x = a.clone();
    double[] y = b.clone();
    Arrays.sort(x);
    Arrays.sort(y);
    int i = 0;
    int j = 0;
    double d = 0;
    while (i < x.length && j < y.length) {
      double v = Math.min(x[i], y[j]);
      while (i < x.length && x[i] <= v) {
        i++;
      }
      while (j < y.length && y[j] <= v) {
        j++;
      }
      d = Math.max(d, Math.abs(i / (double) x.length - j / (double) y.length));
    }
    return d;
  }

  private static double quantile(double[] values, double q) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[(int) Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  }

  /** The statistics themselves, on samples whose answer is known. */
  @Test
  void theTestsSeparateShiftedSamplesAndNotEqualOnes() {
    Random random = new Random(3);
    double[] a = new double[300];
    double[] b = new double[300];
    double[] c = new double[300];
    for (int i = 0; i < 300; i++) {
      a[i] = 15 + random.nextGaussian() * 3;
      b[i] = 15 + random.nextGaussian() * 3;
      c[i] = 32 + random.nextGaussian() * 6;
    }
    assertTrue(mannWhitneyP(a, b) > 0.01, "same distribution");
    assertTrue(mannWhitneyP(a, c) < 1e-9, "14.8 ms against 32 ms");
    assertTrue(ksD(a, c) > 0.9 && ksD(a, b) < 0.15);
  }
}
