package io.simwarden.loadtest.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class WrkTest {

  private static final String REPORT = """
      Running 2s test @ http://127.0.0.1:8558/alive
        2 threads and 8 connections
        Thread Stats   Avg      Stdev     Max   +/- Stdev
          Latency   512.33us  301.10us   9.87ms   91.20%
          Req/Sec     7.81k   612.40     8.90k    70.00%
        Latency Distribution
           50%  450.00us
           75%  600.00us
           90%  800.00us
           99%    1.25ms
        31240 requests in 2.00s, 3.10MB read
      Requests/sec:  15601.77
      Transfer/sec:      1.55MB
      """;

  @Test
  void readsThroughputAndPercentilesInMilliseconds() {
    Wrk.Result r = Wrk.parse(REPORT);
    assertEquals(15601.77, r.requestsPerSecond(), 1e-9);
    assertEquals(0.45, r.p50Millis(), 1e-9);
    assertEquals(1.25, r.p99Millis(), 1e-9);
    assertEquals(31240, r.requests());
    assertTrue(r.clean());
  }

  @Test
  void refusalsAndSocketErrorsMakeARunUnclean() {
    String withErrors = REPORT.replace("  31240 requests in 2.00s, 3.10MB read\n",
        "  31240 requests in 2.00s, 3.10MB read\n  Socket errors: connect 0, read 2, write 0, timeout 3\n"
            + "  Non-2xx or 3xx responses: 17\n");
    Wrk.Result r = Wrk.parse(withErrors);
    assertEquals(17, r.non2xx());
    assertEquals(5, r.socketErrors());
    assertFalse(r.clean());
  }

  @Test
  void secondsAreConverted() {
    assertEquals(1500.0, Wrk.parse(REPORT.replace("99%    1.25ms", "99%    1.50s")).p99Millis(), 1e-9);
  }

  @Test
  void aReportWithoutThroughputIsAnError() {
    assertThrows(IllegalStateException.class, () -> Wrk.parse("unable to connect to 127.0.0.1:1 Connection refused"));
  }
}
